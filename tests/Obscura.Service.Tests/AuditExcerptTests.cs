using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service.Operations;

namespace Obscura.Service.Tests;

/// <summary>
/// An operation's audit excerpt (<c>audit.jsonl</c>) comes from the store's audit index: every process's lines, grouped
/// per log in chain order, each byte for byte as its log holds it, without reading a log file; lines indexed before the
/// store kept their text come from the answering process's own log.
/// </summary>
public sealed class AuditExcerptTests
{
    private sealed record Group(string Log, int Count, List<string> Lines);

    [Fact]
    public async Task Two_instances_on_one_postgres_store_each_serve_both_logs_lines_byte_for_byte_without_their_files()
    {
        var storeDb = await TestDatabases.CreateAsync("postgres", "svc_excerpt_store");
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 20, "svc_excerpt_src");
        try
        {
            var spec = StoreContractTests.PostgresSpec(storeDb);
            await using var a = await ServiceFixture.StartAsync(s => s with { Store = spec, Workers = 1 });
            // The second instance answers the API only, with its own audit log file (as a second machine would).
            await using var b = await ServiceFixture.StartAsync(s => s with { Store = spec, MasterKeyFile = a.Settings.MasterKeyFile, SecretFile = a.Settings.SecretFile, Workers = 0 });
            Assert.NotEqual(Path.GetFullPath(a.Settings.AuditPath), Path.GetFullPath(b.Settings.AuditPath));
            var tokens = new List<string>();
            async Task<(HttpClient A, HttpClient B)> UserAsync(string name, string role)
            {
                var (_, token) = await ServiceUsers.AddAsync(a.Store, name, [role], a.Clock, CancellationToken.None);
                tokens.Add(token);
                return (a.Client(token), b.Client(token));
            }
            var (admin, _) = await UserAsync("adam", ServiceRoles.Admin);
            var (requester, requesterB) = await UserAsync("rita", ServiceRoles.Requester);
            var (_, dbaB) = await UserAsync("dora", ServiceRoles.Dba);
            var (auditorA, auditorB) = await UserAsync("audrey", ServiceRoles.Auditor);
            await a.RegisterAsync(admin, "uat", source, "UAT");

            var created = await ServiceFixture.PostAsync(requester, "/api/database-operations", new { operation_type = "scan", source_env = "UAT", required_approvers = new[] { "DBA" } });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var id = (await a.JsonAsync(created)).GetProperty("id").GetInt64();
            var approved = await ServiceFixture.PatchAsync(dbaB, $"/api/database-operations/{id}", new { action = "approve", approver_role = "DBA" });
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(requesterB, $"/api/database-operations/{id}", new { action = "execute" })).StatusCode);
            var done = await a.WaitForAsync(requester, id, s => OperationStatus.IsFinal(s));
            Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
            await a.WaitForRunAuditAsync(id, "succeeded");

            var logA = Environment.MachineName + ":" + Path.GetFullPath(a.Settings.AuditPath);
            var logB = Environment.MachineName + ":" + Path.GetFullPath(b.Settings.AuditPath);
            var files = new Dictionary<string, Dictionary<long, string>>
            {
                [logA] = LinesBySeq(a.Settings.AuditPath),
                [logB] = LinesBySeq(b.Settings.AuditPath),
            };
            foreach (var auditor in new[] { auditorA, auditorB })
            {
                var text = await ExcerptAsync(auditor, id);
                var groups = Parse(text);
                Assert.Equal(new[] { logA, logB }.Order(StringComparer.Ordinal), groups.Select(g => g.Log));
                foreach (var group in groups)
                {
                    var seqs = group.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq").GetInt64()).ToList();
                    Assert.Equal(seqs.Order(), seqs);
                    Assert.All(group.Lines, line => Assert.Equal($"operation:{id}", JsonDocument.Parse(line).RootElement.GetProperty("target").GetString()));
                    // Byte for byte the line in that log (this test wrote it before the download that read it).
                    foreach (var (line, seq) in group.Lines.Zip(seqs))
                        if (files[group.Log].TryGetValue(seq, out var written)) Assert.Equal(written, line);
                        else Assert.Contains("\"report_download\"", line, StringComparison.Ordinal);
                }
                var actions = groups.ToDictionary(g => g.Log, g => g.Lines.Select(Action).ToHashSet());
                Assert.Contains("operation_create", actions[logA]);
                Assert.Contains("operation_run", actions[logA]);
                Assert.Contains("operation_approve", actions[logB]);
                Assert.Contains("operation_execute", actions[logB]);
                Assert.DoesNotContain(source.Password!, text, StringComparison.Ordinal);
                Assert.All(tokens, token => Assert.DoesNotContain(token, text, StringComparison.Ordinal));
            }

            // No log file is read: with both files gone, either instance still serves every line.
            var before = Parse(await ExcerptAsync(auditorB, id));
            File.Move(a.Settings.AuditPath, a.Settings.AuditPath + ".moved");
            File.Delete(b.Settings.AuditPath);
            var after = Parse(await ExcerptAsync(auditorA, id));
            foreach (var group in before) Assert.True(group.Lines.All(after.Single(g => g.Log == group.Log).Lines.Contains), group.Log);
            var listed = await a.JsonAsync(await auditorB.GetAsync($"/api/database-operations/{id}/reports"));
            Assert.True(listed.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "audit.jsonl").GetProperty("bytes").GetInt64() > 0);
        }
        finally
        {
            await StoreContractTests.DropPostgresAsync(storeDb);
            await ServiceDatabases.DropAsync(source);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Lines_indexed_without_their_text_come_from_the_local_log_and_are_named_when_it_is_gone(string kind)
    {
        DatabaseUri? storeDb = kind == "postgres" ? await TestDatabases.CreateAsync("postgres", "svc_excerpt_old") : null;
        var source = await ServiceDatabases.UsersAndOrdersAsync("sqlite", 5, "svc_excerpt_old_src");
        try
        {
            await using var f = await ServiceFixture.StartAsync(s => storeDb is null ? s : s with { Store = StoreContractTests.PostgresSpec(storeDb) });
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var auditor = await f.UserAsync("audrey", ServiceRoles.Auditor);
            await f.RegisterAsync(admin, "uat", source, "UAT");
            var created = await ServiceFixture.PostAsync(requester, "/api/database-operations", new { operation_type = "scan", source_env = "UAT", required_approvers = new[] { "DBA" } });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var id = (await f.JsonAsync(created)).GetProperty("id").GetInt64();
            Assert.True((await ServiceFixture.PatchAsync(requester, $"/api/database-operations/{id}", new { action = "cancel" })).IsSuccessStatusCode);
            Assert.Equal("cancelled", (await f.WaitForAsync(requester, id, s => OperationStatus.IsFinal(s))).GetProperty("status").GetString());
            var fresh = Parse(await ExcerptAsync(auditor, id)).Single();

            // As a store upgraded from a version that did not keep the lines: the same lines, read from this process's log.
            await ExecAsync(f, storeDb, $"UPDATE audit SET audit_line = NULL, audit_log = NULL WHERE target = 'operation:{id}'");
            var upgraded = Parse(await ExcerptAsync(auditor, id)).Single();
            Assert.Equal(fresh.Log, upgraded.Log);
            Assert.Equal(fresh.Lines, upgraded.Lines.Take(fresh.Lines.Count));
            Assert.Equal(fresh.Lines.Count + 1, upgraded.Count);

            // Its log gone, those lines are named (sequence number and hash) rather than silently left out.
            await ExecAsync(f, storeDb, $"UPDATE audit SET audit_line = NULL, audit_log = NULL WHERE target = 'operation:{id}'");
            File.Delete(f.Settings.AuditPath);
            var text = await ExcerptAsync(auditor, id);
            var missing = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(upgraded.Count + 1, missing.Count);
            Assert.All(missing, m => Assert.Equal("audit_line_missing", m.GetProperty("type").GetString()));
            Assert.Equal(upgraded.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("hash").GetString()),
                missing.Take(upgraded.Count).Select(m => m.GetProperty("hash").GetString()));
        }
        finally
        {
            if (storeDb is not null) await StoreContractTests.DropPostgresAsync(storeDb);
        }
    }

    private static async Task ExecAsync(ServiceFixture f, DatabaseUri? storeDb, string sql)
    {
        if (storeDb is not null)
        {
            await TestDatabases.ExecuteAsync(storeDb, sql);
            return;
        }
        await using var conn = new SqliteConnection("Data Source=" + f.StorePath);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<string> ExcerptAsync(HttpClient client, long id)
    {
        var response = await client.GetAsync($"/api/database-operations/{id}/reports/audit.jsonl");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The excerpt's groups: each header line, then as many audit lines as it says.</summary>
    private static List<Group> Parse(string text)
    {
        var lines = text.Split('\n');
        Assert.Equal("", lines[^1]);
        var groups = new List<Group>();
        for (var i = 0; i < lines.Length - 1;)
        {
            var header = JsonDocument.Parse(lines[i]).RootElement;
            Assert.Equal("audit_log", header.GetProperty("type").GetString());
            var count = header.GetProperty("lines").GetInt32();
            groups.Add(new Group(header.GetProperty("log").GetString()!, count, [.. lines.Skip(i + 1).Take(count)]));
            Assert.All(groups[^1].Lines, l => Assert.Equal("service_action", JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()));
            i += 1 + count;
        }
        return groups;
    }

    private static string Action(string line) => JsonDocument.Parse(line).RootElement.GetProperty("action").GetString()!;

    private static Dictionary<long, string> LinesBySeq(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new Dictionary<long, string>();
        while (reader.ReadLine() is { Length: > 0 } line) lines[JsonDocument.Parse(line).RootElement.GetProperty("seq").GetInt64()] = line;
        return lines;
    }
}
