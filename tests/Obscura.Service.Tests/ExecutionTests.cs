using System.Net;
using System.Text.Json;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Service.Tests;

public sealed class ExecutionTests
{
    private static async Task<DatabaseUri> SourceAsync(int users = 2000)
    {
        var source = await TestDatabases.CreateAsync("sqlite", "svc_src");
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, status TEXT NOT NULL)",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), total NUMERIC(10,2) NOT NULL)",
            $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {users}) INSERT INTO users SELECT i, 'user' || i || '@example.com', CASE WHEN i % 4 = 0 THEN 'closed' ELSE 'active' END FROM n",
            $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {users * 3}) INSERT INTO orders SELECT i, (i % {users}) + 1, i * 1.25 FROM n");
        return source;
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string action, string? role = null) =>
        ServiceFixture.PatchAsync(client, $"/api/database-operations/{id}", new { action, approver_role = role });

    private static async Task<long> CreateAsync(ServiceFixture f, HttpClient requester, object body)
    {
        var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    private static async Task DropAsync(DatabaseUri uri)
    {
        var server = uri.Scheme == "postgres" ? TestDatabases.PostgresServer : TestDatabases.MySqlServer;
        var quoted = uri.Scheme == "postgres" ? $"\"{uri.Database}\" WITH (FORCE)" : $"`{uri.Database}`";
        await TestDatabases.ExecuteAsync(server, $"DROP DATABASE IF EXISTS {quoted}");
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task An_approved_anonymized_copy_from_sqlite_runs_to_succeeded_with_progress_at_100_percent(string targetKind)
    {
        await using var f = await ServiceFixture.StartAsync();
        var admin = await f.UserAsync("adam", ServiceRoles.Admin, ServiceRoles.Auditor);
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        var approvers = new[] { (await f.UserAsync("dan", ServiceRoles.Dba), "DBA"), (await f.UserAsync("olga", ServiceRoles.DataOwner), "DATA_OWNER"), (await f.UserAsync("sam", ServiceRoles.Security), "SECURITY") };
        var source = await SourceAsync();
        var target = await TestDatabases.CreateAsync(targetKind, "svc_dst");
        try
        {
            await f.DataSourceAsync(admin, new { name = "prod", kind = "sqlite", database = source.Database, environment = "PROD", classification = "HRCI" });
            // The target's password arrives inside the URI: it is taken out and encrypted.
            var targetUri = $"{target.Scheme}://{target.User}:{Uri.EscapeDataString(target.Password!)}@{target.Host}:{target.Port}/{target.Database}";
            await f.DataSourceAsync(admin, new { name = "dev", uri = targetUri, environment = "DEV" });

            var id = await CreateAsync(f, requester, new
            {
                operation_type = "copy_full", source_env = "PROD", target_env = "DEV", tables = new[] { "users", "orders" }, anonymize = true, parallel_workers = 2,
                config = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n",
            });
            foreach (var (client, role) in approvers) Assert.Equal(HttpStatusCode.OK, (await ActAsync(client, id, "approve", role)).StatusCode);
            var events = StreamEventsAsync(requester, id);
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(requester, id, "execute")).StatusCode);
            var done = await f.WaitForAsync(requester, id, s => s is "succeeded" or "failed" or "cancelled");
            Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());

            var progress = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/progress"));
            Assert.Equal("succeeded", progress.GetProperty("status").GetString());
            Assert.Equal(100, progress.GetProperty("percent").GetDouble());
            Assert.Equal(2, progress.GetProperty("tables_completed").GetInt32());
            Assert.Equal(2, progress.GetProperty("tables_total").GetInt32());
            Assert.Equal(8000, progress.GetProperty("rows_copied").GetInt64());
            Assert.Equal(8000, progress.GetProperty("rows_total").GetInt64());
            Assert.True(progress.GetProperty("bytes_transferred").GetInt64() > 8000);
            Assert.Equal(0, progress.GetProperty("eta_seconds").GetDouble());
            Assert.Equal(2, progress.GetProperty("tables").GetArrayLength());

            var sse = await events;
            Assert.Contains("event: progress", sse, StringComparison.Ordinal);
            Assert.Contains("event: end", sse, StringComparison.Ordinal);
            Assert.Contains("\"status\":\"succeeded\"", sse, StringComparison.Ordinal);

            var report = await requester.GetAsync($"/api/database-operations/{id}/report");
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            var summary = await f.JsonAsync(report);
            Assert.Equal("succeeded", summary.GetProperty("status").GetString());
            Assert.Equal(8000, summary.GetProperty("rows").GetInt64());

            Assert.Equal(2000, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users"));
            Assert.Equal(6000, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM orders"));
            Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users WHERE email LIKE '%@example.com'"));

            // The target password is nowhere: store, API answers, audit, logs.
            // (The test servers' password is a substring of the test directories' name: those paths are taken out first.)
            static string Clean(string text) => text.Replace("obscura-tests", "", StringComparison.Ordinal);
            Assert.DoesNotContain(target.Password!, Clean(f.StoreFilesText()), StringComparison.Ordinal);
            Assert.DoesNotContain(target.Password!, Clean(await admin.GetStringAsync("/api/data-sources")), StringComparison.Ordinal);
            Assert.DoesNotContain(target.Password!, Clean(await File.ReadAllTextAsync(f.Settings.AuditPath)), StringComparison.Ordinal);
            Assert.DoesNotContain(f.Logs.Lines, l => Clean(l).Contains(target.Password!, StringComparison.Ordinal));
            Assert.DoesNotContain(target.Password!, Clean(summary.ToString()), StringComparison.Ordinal);

            await f.WaitForRunAuditAsync(id, "succeeded");
        }
        finally
        {
            await DropAsync(target);
        }
    }

    private static async Task<string> StreamEventsAsync(HttpClient client, long id)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var response = await client.GetAsync($"/api/database-operations/{id}/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(cts.Token);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_scheduled_operation_waits_for_its_time_on_the_injected_clock(string kind)
    {
        await using var f = await ServiceFixture.StartAsync();
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        var source = await ServiceDatabases.UsersAndOrdersAsync(kind, 100);
        var target = await TestDatabases.CreateAsync(kind, "svc_sched");
        try
        {
            await f.RegisterAsync(admin, "uat", source, "UAT");
            await f.RegisterAsync(admin, "dev", target, "DEV");
            var at = f.Clock.GetUtcNow().AddHours(10);
            var id = await CreateAsync(f, requester, new { operation_type = "copy_full", source_env = "UAT", target_env = "DEV", scheduled_at = at, validate = false });
            var executed = await f.JsonAsync(await ActAsync(requester, id, "execute"));
            Assert.Equal("scheduled", executed.GetProperty("status").GetString());

            await Task.Delay(TimeSpan.FromSeconds(1.5)); // several worker polls
            f.Clock.Advance(TimeSpan.FromHours(9));
            await Task.Delay(TimeSpan.FromSeconds(1));
            var waiting = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}"));
            Assert.Equal("scheduled", waiting.GetProperty("status").GetString());

            f.Clock.Advance(TimeSpan.FromHours(1));
            var done = await f.WaitForAsync(requester, id, s => s is "succeeded" or "failed");
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
            Assert.Equal(100, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users"));
            // validate: false skips the validation, so no validation report.
            Assert.DoesNotContain("validation-report.json", await requester.GetStringAsync($"/api/database-operations/{id}/reports"), StringComparison.Ordinal);
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
            await ServiceDatabases.DropAsync(target);
        }
    }

    [Fact]
    public async Task Cancel_stops_a_queued_operation_and_reaches_a_running_copy()
    {
        await using var f = await ServiceFixture.StartAsync(s => s with { Workers = 1 });
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        var other = await f.UserAsync("otto", ServiceRoles.Requester);
        var source = await SourceAsync(400_000);
        var target = await TestDatabases.CreateAsync("postgres", "svc_cancel");
        try
        {
            await f.DataSourceAsync(admin, new { name = "uat", kind = "sqlite", database = source.Database, environment = "UAT" });
            var pg = TestDatabases.PostgresServer;
            await f.DataSourceAsync(admin, new { name = "dev", kind = "postgres", host = pg.Host, port = pg.Port, database = target.Database, username = pg.User, password = pg.Password, environment = "DEV" });

            // Scheduled far ahead: cancelled before it runs. Someone else's operation: not theirs to cancel.
            var later = await CreateAsync(f, requester, new { operation_type = "scan", source_env = "UAT", scheduled_at = f.Clock.GetUtcNow().AddDays(1) });
            await ActAsync(requester, later, "execute");
            Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(other, later, "cancel")).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(requester, later, "cancel")).StatusCode);
            Assert.Equal("cancelled", (await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{later}"))).GetProperty("status").GetString());

            var id = await CreateAsync(f, requester, new { operation_type = "copy_full", source_env = "UAT", target_env = "DEV", parallel_workers = 1 });
            await ActAsync(requester, id, "execute");
            var until = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var p = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/progress"));
                if (p.GetProperty("status").GetString() == "running" && p.GetProperty("rows_copied").GetInt64() > 0) break;
                Assert.True(DateTime.UtcNow < until, "the copy never started: " + p);
                Assert.NotEqual("succeeded", p.GetProperty("status").GetString());
                await Task.Delay(20);
            }
            Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(requester, id, "cancel")).StatusCode);
            var done = await f.WaitForAsync(requester, id, s => s is "succeeded" or "failed" or "cancelled");
            Assert.Equal("cancelled", done.GetProperty("status").GetString());
            // The copy dropped what it had created: the target is untouched.
            Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        }
        finally
        {
            await DropAsync(target);
        }
    }
}
