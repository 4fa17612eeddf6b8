using Obscura.Data;
using Obscura.Engine.Audit;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura audit verify</c> and <c>audit search</c>: exit codes and the line they name.</summary>
public sealed class AuditCommandTests
{
    private const string KeyText = "cli-audit-key-0123456789abcdef";

    private static string WriteLog(string dir, bool signed)
    {
        var path = Path.Combine(dir, "obscura-audit.jsonl");
        var db = DatabaseUri.Parse("sqlite:/data/clinical.db");
        using var log = AuditLog.Open(path, signed ? AuditKey.FromText(KeyText) : null);
        log.RunStarted("anonymize", [db], new string('c', 64));
        log.TableAnonymized(db, new Core.Schema.TableName(null, "visit"), ["notes"], 42, TimeSpan.FromSeconds(1));
        log.RunEnded("anonymize", AuditOutcome.Succeeded, TimeSpan.FromSeconds(2));
        return path;
    }

    [Fact]
    public async Task Verify_exits_0_for_an_intact_log_and_1_naming_the_edited_line()
    {
        var dir = CliRunner.TempDirectory();
        var path = WriteLog(dir, signed: false);
        var ok = await CliRunner.RunAsync(dir, null, "audit", "verify", path);
        Assert.True(ok.ExitCode == 0, ok.StdErr);
        Assert.StartsWith("valid: 3 lines, head seq 3", ok.StdOut, StringComparison.Ordinal);

        var lines = await File.ReadAllLinesAsync(path);
        lines[1] = lines[1].Replace("\"rows_changed\":42", "\"rows_changed\":41", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(path, lines);
        var bad = await CliRunner.RunAsync(dir, null, "audit", "verify", path);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("is invalid: line 2:", bad.StdErr, StringComparison.Ordinal);
        Assert.Contains("edited", bad.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_checks_hmacs_with_the_key_file_or_the_environment()
    {
        var dir = CliRunner.TempDirectory();
        var path = WriteLog(dir, signed: true);
        await File.WriteAllTextAsync(Path.Combine(dir, "audit.key"), KeyText + "\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "wrong.key"), "some-other-key-0123456789abcdef");
        var ok = await CliRunner.RunAsync(dir, null, "audit", "verify", path, "--key-file", "audit.key");
        Assert.True(ok.ExitCode == 0, ok.StdErr);
        Assert.Contains("HMAC checked", ok.StdOut, StringComparison.Ordinal);
        var env = await CliRunner.RunAsync(dir, new Dictionary<string, string> { ["OBSCURA_AUDIT_KEY"] = KeyText }, "audit", "verify", path);
        Assert.Equal(0, env.ExitCode);
        var wrong = await CliRunner.RunAsync(dir, null, "audit", "verify", path, "--key-file", "wrong.key");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("line 1:", wrong.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyText, wrong.StdErr + wrong.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_of_a_missing_file_exits_2()
    {
        var dir = CliRunner.TempDirectory();
        var r = await CliRunner.RunAsync(dir, null, "audit", "verify", "no-such.jsonl");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("does not exist", string.Join(' ', r.StdErr.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_filters_by_type_and_prints_csv()
    {
        var dir = CliRunner.TempDirectory();
        var path = WriteLog(dir, signed: false);
        var r = await CliRunner.RunAsync(dir, null, "audit", "search", path, "--type", "table_anonymized,run_ended", "--format", "csv");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("seq,at,type,run_id,fields", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2,", lines[1], StringComparison.Ordinal);
        Assert.Contains("rows_changed", lines[1], StringComparison.Ordinal);
        var none = await CliRunner.RunAsync(dir, null, "audit", "search", path, "--from", "2999-01-01");
        Assert.Equal(0, none.ExitCode);
        Assert.Equal("", none.StdOut);
    }

    private static QueryEvent Query(string user, string outcome) =>
        new("query", user, ["analyst"], outcome, outcome == "answered" ? 1.0 : 0, 0, "0123456789abcdef", ["PUMS"], ["PUMS.age"], "laplace",
            outcome == "answered" ? null : "OBS840", outcome == "answered" ? null : "no", TimeSpan.FromMilliseconds(12));

    [Fact]
    public async Task Search_filters_query_events_by_user_and_outcome_in_jsonl_and_csv()
    {
        var dir = CliRunner.TempDirectory();
        var path = Path.Combine(dir, "obscura-audit.jsonl");
        using (var log = AuditLog.Open(path))
        {
            log.Append(Query("alice", "answered"));
            log.Append(Query("alice", "refused"));
            log.Append(Query("bob", "answered"));
            log.Append(Query("bob", "rejected"));
            log.RunEnded("anonymize", AuditOutcome.Succeeded, TimeSpan.FromSeconds(1));
        }
        var verify = await CliRunner.RunAsync(dir, null, "audit", "verify", path);
        Assert.True(verify.ExitCode == 0, verify.StdErr);

        var alice = await CliRunner.RunAsync(dir, null, "audit", "search", path, "--user", "alice");
        Assert.True(alice.ExitCode == 0, alice.StdErr);
        var aliceLines = alice.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, aliceLines.Length);
        Assert.All(aliceLines, l => Assert.Contains("\"user\":\"alice\"", l, StringComparison.Ordinal));

        var answered = await CliRunner.RunAsync(dir, null, "audit", "search", path, "--outcome", "answered", "--format", "csv");
        var rows = answered.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length); // header + alice's and bob's answers; run_ended's "succeeded" is not a query outcome
        Assert.StartsWith("1,", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("3,", rows[2], StringComparison.Ordinal);

        var both = await CliRunner.RunAsync(dir, null, "audit", "search", path, "--user", "bob", "--outcome", "rejected", "--from", "2000-01-01");
        var bobLines = both.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(bobLines);
        Assert.Contains("\"seq\":4", bobLines[0], StringComparison.Ordinal);

        var none = await CliRunner.RunAsync(dir, null, "audit", "search", path, "--user", "alice", "--to", "2000-01-01");
        Assert.Equal("", none.StdOut);
        var invalid = await CliRunner.RunAsync(dir, null, "audit", "search", path, "--outcome", "maybe");
        Assert.NotEqual(0, invalid.ExitCode);
    }
}
