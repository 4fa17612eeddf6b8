using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Service.Tests;

/// <summary>
/// The API end to end through the real <c>obscura serve</c> command under WebApplicationFactory, on a PostgreSQL store
/// with PostgreSQL data sources; the approval flow runs both on the test server and on Kestrel with plain HTTP clients.
/// </summary>
public sealed class ServeApiTests
{
    private const string HashEmails = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_whole_approval_flow_with_every_refusal_runs_at_its_scheduled_time_and_notifies(bool kestrel)
    {
        await using var hooks = await TestWebhookListener.StartAsync();
        await using var smtp = new TestSmtpServer();
        var storeDb = await TestDatabases.CreateAsync("postgres", "svc_waf_store");
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 200, "svc_waf_prod");
        var target = await TestDatabases.CreateAsync("postgres", "svc_waf_dev");
        try
        {
            var notifications = new
            {
                webhooks = new[] { hooks.BaseUrl + "/hook" },
                attempts = 3, backoff = "00:00:00.100", timeout = "00:00:05",
                smtp = new { host = "127.0.0.1", port = smtp.Port, tls = "none", from = "obscura@example.org" },
                recipients = new Dictionary<string, string[]>
                {
                    ["DBA"] = ["dba-team@example.org"], ["DATA_OWNER"] = ["owners@example.org"], ["SECURITY"] = ["security@example.org"], ["REQUESTER"] = ["requesters@example.org"],
                },
            };
            await using var f = await ServeFactory.StartAsync(StoreContractTests.PostgresSpec(storeDb), kestrel, notifications, "--workers", "2");
            Assert.Same(f.Clock, f.Services.GetRequiredService<TimeProvider>());
            if (kestrel) Assert.NotEqual(0, f.Address.Port);
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var dba = await f.UserAsync("dan", ServiceRoles.Dba);
            var owner = await f.UserAsync("olga", ServiceRoles.DataOwner);
            var security = await f.UserAsync("sam", ServiceRoles.Security);
            var dbaAndOwner = await f.UserAsync("bo", ServiceRoles.Dba, ServiceRoles.DataOwner);
            var requesterDba = await f.UserAsync("rex", ServiceRoles.Requester, ServiceRoles.Dba);
            await DataSourceAsync(admin, "prod", source, "PROD");
            await DataSourceAsync(admin, "dev", target, "DEV");

            var at = f.Clock.GetUtcNow().AddHours(10);
            var id = await CreateAsync(requester, new { operation_type = "copy_full", source_env = "PROD", target_env = "DEV", tables = new[] { "users" }, anonymize = true, config = HashEmails, scheduled_at = at });
            var created = await JsonAsync(await requester.GetAsync($"/api/database-operations/{id}"));
            Assert.Equal("pending_approval", created.GetProperty("status").GetString());
            Assert.Equal(["DBA", "DATA_OWNER", "SECURITY"], Strings(created.GetProperty("required_roles")));
            await hooks.WaitForAsync("/hook", $"operation {id} ", "needs approval from DBA, DATA_OWNER, SECURITY", "requested by rita");
            var asked = await smtp.WaitForAsync(m => m.Data.Contains($"Approval needed: Obscura operation {id}", StringComparison.Ordinal));
            Assert.Equal(["dba-team@example.org", "owners@example.org", "security@example.org"], asked.To.Order().ToArray());

            // Execute before every approval: 409 naming the missing roles.
            var early = await ActAsync(requester, id, "execute");
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Equal(["DBA", "DATA_OWNER", "SECURITY"], Strings((await JsonAsync(early)).GetProperty("missing_roles")));
            // Wrong role: a data owner cannot approve as DBA.
            Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(owner, id, "approve", "DBA")).StatusCode);
            // Self-approval: rex holds DBA but requested his own operation.
            var own = await CreateAsync(requesterDba, new { operation_type = "scan", source_env = "PROD" });
            var self = await ActAsync(requesterDba, own, "approve", "DBA");
            Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
            Assert.Contains("own operation", (await JsonAsync(self)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            // One person in two roles: bo holds DBA and DATA_OWNER but fills only one.
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(dbaAndOwner, id, "approve", "DBA")).StatusCode);
            var twice = await ActAsync(dbaAndOwner, id, "approve", "DATA_OWNER");
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Contains("one person", (await JsonAsync(twice)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(owner, id, "approve", "DATA_OWNER")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(security, id, "approve", "SECURITY")).StatusCode);
            var approved = await JsonAsync(await requester.GetAsync($"/api/database-operations/{id}"));
            Assert.Equal("approved", approved.GetProperty("status").GetString());
            await hooks.WaitForAsync("/hook", $"operation {id} ", "every required role has approved");

            // Changed after approval: the requester adds a table; the approvals bind to the old fingerprint and no longer count.
            var widened = new { operation_type = "copy_full", source_env = "PROD", target_env = "DEV", tables = new[] { "users", "orders" }, anonymize = true, config = HashEmails, scheduled_at = at };
            var changed = await JsonAsync(await ServiceFixture.PatchAsync(requester, $"/api/database-operations/{id}", new { action = "update", request = widened }));
            Assert.Equal("pending_approval", changed.GetProperty("status").GetString());
            Assert.NotEqual(approved.GetProperty("fingerprint").GetString(), changed.GetProperty("fingerprint").GetString());
            Assert.All(changed.GetProperty("approvals").EnumerateArray(), a => Assert.False(a.GetProperty("valid").GetBoolean()));
            var voided = await ActAsync(requester, id, "execute");
            Assert.Equal(HttpStatusCode.Conflict, voided.StatusCode);
            Assert.Equal(["DBA", "DATA_OWNER", "SECURITY"], Strings((await JsonAsync(voided)).GetProperty("missing_roles")));

            foreach (var (client, role) in new[] { (dba, "DBA"), (owner, "DATA_OWNER"), (security, "SECURITY") })
                Assert.Equal(HttpStatusCode.OK, (await ActAsync(client, id, "approve", role)).StatusCode);
            var executed = await ActAsync(requester, id, "execute");
            Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
            Assert.Equal("scheduled", (await JsonAsync(executed)).GetProperty("status").GetString());

            // The injected clock decides: an hour early it waits through several dispatcher polls; at its time it runs.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            f.Clock.Advance(TimeSpan.FromHours(9));
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            Assert.Equal("scheduled", (await JsonAsync(await requester.GetAsync($"/api/database-operations/{id}"))).GetProperty("status").GetString());
            Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));
            f.Clock.Advance(TimeSpan.FromHours(1));
            var done = await WaitForAsync(requester, id, s => s is "succeeded" or "failed" or "cancelled");
            Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());

            var progress = await JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/progress"));
            Assert.Equal(2, progress.GetProperty("tables_completed").GetInt32());
            Assert.Equal(2, progress.GetProperty("tables_total").GetInt32());
            Assert.Equal(800, progress.GetProperty("rows_copied").GetInt64());
            Assert.Equal(200, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users"));
            Assert.Equal(600, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM orders"));
            Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users WHERE email LIKE 'user%@example.com'"));
            Assert.Equal(await ServiceDatabases.DigestAsync(source, "orders"), await ServiceDatabases.DigestAsync(target, "orders"));
            await hooks.WaitForAsync("/hook", $"operation {id} ", "succeeded");
            await smtp.WaitForAsync(m => m.Data.Contains($"Succeeded: Obscura operation {id}", StringComparison.Ordinal) && m.To.Contains("requesters@example.org"));

            var audit = await f.ServiceStore.QueryAuditAsync(new Store.AuditQuery { Target = $"operation:{id}" }, CancellationToken.None);
            Assert.Contains(audit, a => a.Action == "operation_approve" && a.Actor == "olga" && a.Role == "DBA" && a.Outcome == "forbidden");
            Assert.Contains(audit, a => a.Action == "operation_approve" && a.Actor == "bo" && a.Role == "DATA_OWNER" && a.Outcome == "conflict");
            Assert.Contains(audit, a => a.Action == "operation_execute" && a.Actor == "rita" && a.Outcome == "conflict");
            // The data sources' password (also the store's, given on the command line) is in no log line.
            Assert.NotEmpty(f.Logs.Lines);
            Assert.DoesNotContain(f.Logs.Lines, l => l.Contains(source.Password!, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var db in new[] { storeDb, source, target }) await ServiceDatabases.DropAsync(db);
        }
    }

    [Fact]
    public async Task Cancel_ends_a_scheduled_a_just_queued_and_a_running_operation()
    {
        var storeDb = await TestDatabases.CreateAsync("postgres", "svc_waf_store");
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 300_000, "svc_waf_uat");
        var target = await TestDatabases.CreateAsync("postgres", "svc_waf_dev");
        try
        {
            await using var f = await ServeFactory.StartAsync(StoreContractTests.PostgresSpec(storeDb), kestrel: false, null, "--workers", "1");
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var other = await f.UserAsync("otto", ServiceRoles.Requester);
            await DataSourceAsync(admin, "uat", source, "UAT");
            await DataSourceAsync(admin, "dev", target, "DEV");
            const string NoTables = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'";

            // Scheduled a day ahead: someone else may not cancel it; its requester may, and it never runs.
            var later = await CreateAsync(requester, new { operation_type = "copy_full", source_env = "UAT", target_env = "DEV", scheduled_at = f.Clock.GetUtcNow().AddDays(1) });
            Assert.Equal("scheduled", (await JsonAsync(await ActAsync(requester, later, "execute"))).GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(other, later, "cancel")).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(requester, later, "cancel")).StatusCode);
            f.Clock.Advance(TimeSpan.FromDays(2));

            // Queued: cancelled right after execute, before or just as the dispatcher claims it.
            var queued = await CreateAsync(requester, new { operation_type = "copy_full", source_env = "UAT", target_env = "DEV" });
            Assert.Equal("queued", (await JsonAsync(await ActAsync(requester, queued, "execute"))).GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(requester, queued, "cancel")).StatusCode);
            Assert.Equal("cancelled", (await WaitForAsync(requester, queued, s => s is "succeeded" or "failed" or "cancelled")).GetProperty("status").GetString());
            Assert.Equal("cancelled", (await JsonAsync(await requester.GetAsync($"/api/database-operations/{later}"))).GetProperty("status").GetString());
            Assert.Equal(0, await TestDatabases.CountAsync(target, NoTables));

            // Running: the cancel reaches the copy's pieces, which stop and drop what the run created.
            var running = await CreateAsync(requester, new { operation_type = "copy_full", source_env = "UAT", target_env = "DEV", parallel_workers = 1 });
            await ActAsync(requester, running, "execute");
            var until = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var p = await JsonAsync(await requester.GetAsync($"/api/database-operations/{running}/progress"));
                // Cancel as soon as it runs: a 1.2M-row split copy can end within a few progress snapshots on a quiet machine.
                if (p.GetProperty("status").GetString() == "running") break;
                Assert.True(DateTime.UtcNow < until, "the copy never started: " + p);
                Assert.NotEqual("succeeded", p.GetProperty("status").GetString());
                await Task.Delay(20);
            }
            Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(requester, running, "cancel")).StatusCode);
            var done = await WaitForAsync(requester, running, s => s is "succeeded" or "failed" or "cancelled");
            Assert.True(done.GetProperty("status").GetString() == "cancelled", done.ToString());
            Assert.Equal(0, await TestDatabases.CountAsync(target, NoTables));
            Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(requester, running, "cancel")).StatusCode);
        }
        finally
        {
            foreach (var db in new[] { storeDb, source, target }) await ServiceDatabases.DropAsync(db);
        }
    }

    [Fact]
    public async Task A_bad_serve_command_line_is_refused_before_any_host_is_built()
    {
        // The real command's own validation: an embedded store needs an in-process worker (exit code 2, a usage error).
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ServeFactory.StartAsync(store: null, kestrel: false, null, "--workers", "0"));
        Assert.Contains("exited with code 2 without building a host", e.Message, StringComparison.Ordinal);
    }

    private static Task<string> DataSourceAsync(HttpClient admin, string name, DatabaseUri uri, string environment) =>
        ServeFactory.DataSourceAsync(admin, new { name, kind = uri.Scheme, host = uri.Host, port = uri.Port, database = uri.Database, username = uri.User, password = uri.Password, environment });

    private static async Task<long> CreateAsync(HttpClient requester, object body)
    {
        var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string action, string? role = null) =>
        ServiceFixture.PatchAsync(client, $"/api/database-operations/{id}", new { action, approver_role = role, comments = "checked" });

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static async Task<JsonElement> WaitForAsync(HttpClient client, long id, Func<string, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var op = await JsonAsync(await client.GetAsync($"/api/database-operations/{id}"));
            if (done(op.GetProperty("status").GetString()!)) return op;
            Assert.True(DateTime.UtcNow < until, $"operation {id} is still {op.GetProperty("status").GetString()}");
            await Task.Delay(100);
        }
    }
}
