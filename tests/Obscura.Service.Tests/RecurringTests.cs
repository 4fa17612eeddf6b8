using System.Net;
using System.Text.Json;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Service.Tests;

/// <summary>Recurring refreshes (cron) driven by the injected clock, on real PostgreSQL databases.</summary>
public sealed class RecurringTests
{
    private static Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string action, string? role = null) =>
        ServiceFixture.PatchAsync(client, $"/api/database-operations/{id}", new { action, approver_role = role });

    private static async Task<JsonElement> RunsAsync(ServiceFixture f, HttpClient client, long id) =>
        await f.JsonAsync(await client.GetAsync($"/api/database-operations/{id}/runs"));

    /// <summary>Waits until the definition has <paramref name="count"/> runs and the newest is final; returns the runs view.</summary>
    private static async Task<JsonElement> WaitForRunsAsync(ServiceFixture f, HttpClient client, long id, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var view = await RunsAsync(f, client, id);
            var runs = view.GetProperty("runs");
            if (runs.GetArrayLength() == count && Operations.OperationStatus.IsFinal(runs[0].GetProperty("status").GetString()!)) return view;
            Assert.True(DateTime.UtcNow < until, "runs never reached " + count + ": " + view);
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Each_due_occurrence_runs_as_its_own_operation_until_the_definition_is_cancelled()
    {
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 100, "svc_cron_src");
        var target = await TestDatabases.CreateAsync("postgres", "svc_cron_dst");
        try
        {
            await using var f = await ServiceFixture.StartAsync(); // the clock starts at 2026-12-01 12:00 UTC
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var manager = await f.UserAsync("mia", ServiceRoles.Manager);
            await f.RegisterAsync(admin, "uat", source, "UAT");
            var dev = await f.RegisterAsync(admin, "dev", target, "DEV");
            var created = await ServiceFixture.PostAsync(requester, "/api/database-operations", new
            {
                operation_type = "copy_full", source_env = "UAT", target_env = "DEV", drop_existing = true, cron = "0 22 * * *", required_approvers = new[] { "MANAGER" },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await f.JsonAsync(created)).GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(requester, id, "execute")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(manager, id, "approve", "MANAGER")).StatusCode);
            var executed = await f.JsonAsync(await ActAsync(requester, id, "execute"));
            Assert.Equal("recurring", executed.GetProperty("status").GetString());
            var view = await RunsAsync(f, requester, id);
            Assert.Equal("0 22 * * *", view.GetProperty("cron").GetString());
            Assert.Equal(new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero), view.GetProperty("next_run_at").GetDateTimeOffset());

            // 21:00: nothing is due yet.
            f.Clock.Advance(TimeSpan.FromHours(9));
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            Assert.Equal(0, (await RunsAsync(f, requester, id)).GetProperty("runs").GetArrayLength());

            // 22:01: the first run.
            f.Clock.Advance(TimeSpan.FromMinutes(61));
            var first = (await WaitForRunsAsync(f, requester, id, 1)).GetProperty("runs")[0];
            Assert.Equal("succeeded", first.GetProperty("status").GetString());
            Assert.Equal(new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero), first.GetProperty("scheduled_at").GetDateTimeOffset());
            Assert.Equal(100, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users"));
            var run = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{first.GetProperty("id").GetInt64()}"));
            Assert.Equal(id, run.GetProperty("request").GetProperty("run_of").GetInt64());
            Assert.Equal(JsonValueKind.Null, run.GetProperty("request").TryGetProperty("cron", out var c) ? c.ValueKind : JsonValueKind.Null);

            // The next evening refreshes the target from the source as it is then.
            await TestDatabases.ExecuteAsync(source, "INSERT INTO users VALUES (1001, 'late@example.com', 'active')");
            f.Clock.Advance(TimeSpan.FromDays(1));
            var second = await WaitForRunsAsync(f, requester, id, 2);
            Assert.Equal("succeeded", second.GetProperty("runs")[0].GetProperty("status").GetString());
            Assert.Equal(new DateTimeOffset(2026, 12, 2, 22, 0, 0, TimeSpan.Zero), second.GetProperty("runs")[0].GetProperty("scheduled_at").GetDateTimeOffset());
            Assert.Equal(101, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM users"));
            Assert.Equal("recurring", (await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}"))).GetProperty("status").GetString());

            // Cancelling the definition stops future runs; the history stays.
            Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(requester, id, "cancel")).StatusCode);
            f.Clock.Advance(TimeSpan.FromDays(2));
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            var after = await RunsAsync(f, requester, id);
            Assert.Equal(2, after.GetProperty("runs").GetArrayLength());
            Assert.Equal("cancelled", after.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, after.GetProperty("next_run_at").ValueKind);
            var audit = await f.Store.QueryAuditAsync(new Store.AuditQuery { Target = $"operation:{id}", Action = "operation_recurrence" }, CancellationToken.None);
            Assert.Equal(2, audit.Count(a => a.Outcome == "run_created"));
            _ = dev;
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
            await ServiceDatabases.DropAsync(target);
        }
    }

    [Fact]
    public async Task A_changed_data_source_voids_the_definitions_approvals_and_no_run_is_created()
    {
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 20, "svc_cron_void");
        try
        {
            await using var f = await ServiceFixture.StartAsync();
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var manager = await f.UserAsync("mia", ServiceRoles.Manager);
            var uat = await f.RegisterAsync(admin, "uat", source, "UAT");
            var created = await ServiceFixture.PostAsync(requester, "/api/database-operations", new { operation_type = "scan", source_env = "UAT", cron = "30 * * * *", required_approvers = new[] { "MANAGER" } });
            var id = (await f.JsonAsync(created)).GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(manager, id, "approve", "MANAGER")).StatusCode);
            Assert.Equal("recurring", (await f.JsonAsync(await ActAsync(requester, id, "execute"))).GetProperty("status").GetString());

            // The approved definition named this database; the ADMIN points the data source elsewhere.
            Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(admin, $"/api/data-sources/{uat}", new { tls_mode = "disable" })).StatusCode);
            f.Clock.Advance(TimeSpan.FromHours(1));
            var until = DateTime.UtcNow.AddSeconds(30);
            JsonElement op;
            while ((op = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}"))).GetProperty("status").GetString() != "pending_approval")
            {
                Assert.True(DateTime.UtcNow < until, op.ToString());
                await Task.Delay(100);
            }
            Assert.Equal(0, (await RunsAsync(f, requester, id)).GetProperty("runs").GetArrayLength());
            Assert.Equal(new[] { "MANAGER" }, op.GetProperty("missing_roles").EnumerateArray().Select(e => e.GetString()).ToArray());
            // The edit voided them at once (the scheduler finds nothing left to void).
            var audit = await f.Store.QueryAuditAsync(new Store.AuditQuery { Target = $"operation:{id}", Action = "operation_update" }, CancellationToken.None);
            Assert.Contains(audit, a => a.Outcome == "data_source_changed" && a.Actor == "adam");
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
        }
    }
}
