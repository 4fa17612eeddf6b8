using System.Diagnostics;
using System.Text;
using Obscura.Engine.Audit;

namespace Obscura.Engine.Tests.Audit;

/// <summary>Several writers on one file (<see cref="AuditLog.OpenShared"/>): one valid chain, a bounded wait, repairs under the lock.</summary>
public sealed class SharedAuditLogTests
{
    private static readonly AuditKey Key = AuditKey.FromText("audit-test-key-0123456789abcdef");

    private static string NewPath() => Path.Combine(Path.GetTempPath(), "obscura-tests", "audit-" + Guid.NewGuid().ToString("N"), "obscura-audit.jsonl");

    private static ServiceActionEvent Action(string actor, int i) => new(actor, null, "user_add", "user:u" + i, "cli:test", "ok");

    [Fact]
    public void Interleaved_writers_on_one_file_leave_one_valid_chain()
    {
        var path = NewPath();
        using var service = AuditLog.OpenShared(path, Key);
        using var cli = AuditLog.OpenShared(path, Key);
        service.Append(Action("service", 0));
        // Four threads, two writers, each its own file handle and lock per append: no line is lost or forks the chain.
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var log = t % 2 == 0 ? service : cli;
            for (var i = 0; i < 50; i++) log.Append(Action(t % 2 == 0 ? "service" : "cli", i));
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var result = AuditVerifier.Verify(path, Key);
        Assert.True(result.Valid, result.Message);
        Assert.Equal(201, result.Lines);
        var lines = File.ReadAllLines(path);
        Assert.Equal(101, lines.Count(l => l.Contains("\"actor\":\"service\"", StringComparison.Ordinal)));
        Assert.Equal(100, lines.Count(l => l.Contains("\"actor\":\"cli\"", StringComparison.Ordinal)));
        // Each writer's last append knows the chain's end at that moment.
        Assert.Equal(201, Math.Max(service.LastSequence, cli.LastSequence));
    }

    [Fact]
    public void A_shared_writer_continues_a_chain_an_exclusive_run_wrote_and_waits_a_bounded_time_while_it_holds_the_lock()
    {
        var path = NewPath();
        using var shared = AuditLog.OpenShared(path, lockWait: TimeSpan.FromMilliseconds(300));
        shared.Append(Action("service", 1));
        using (var run = AuditLog.Open(path))
        {
            run.Append(Action("anonymize", 2));
            var watch = Stopwatch.StartNew();
            var error = Assert.Throws<IOException>(() => shared.Append(Action("service", 3)));
            Assert.Contains("held by another writer", error.Message, StringComparison.Ordinal);
            Assert.InRange(watch.ElapsedMilliseconds, 250, 5000);
        }
        var entry = shared.Append(Action("service", 4));
        Assert.Equal(3, entry.Sequence);
        var result = AuditVerifier.Verify(path);
        Assert.True(result.Valid, result.Message);
        Assert.Equal(3, result.Lines);
    }

    [Fact]
    public void A_line_another_writer_tore_is_cut_off_and_recorded_before_the_next_shared_append()
    {
        var path = NewPath();
        using var shared = AuditLog.OpenShared(path);
        shared.Append(Action("service", 1));
        File.AppendAllText(path, "{\"seq\":2,\"ts\":\"2026-", Encoding.UTF8);
        shared.Append(Action("service", 2));
        var result = AuditVerifier.Verify(path);
        Assert.True(result.Valid, result.Message);
        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"type\":\"log_recovered\"", lines[1], StringComparison.Ordinal);
    }
}
