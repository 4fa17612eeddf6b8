using System.Globalization;
using System.Net;
using System.Text.Json;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service.Notifications;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// A data source edit gives the unfinished operations that use it their new version at once (on either store): the versions
/// list and the diff show the change, old approvals stop counting, approvers are told, unrelated operations are untouched.
/// </summary>
public sealed class DataSourceRebindTests
{
    private static Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string action, string? role = null, int? version = null) =>
        ServiceFixture.PatchAsync(client, $"/api/database-operations/{id}", new { action, approver_role = role, version });

    private static async Task<long> CreateAsync(HttpClient requester, object body)
    {
        var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    private static List<(string Field, string? Before, string? After)> Changes(JsonElement diff) =>
        diff.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("field").GetString()!,
            c.TryGetProperty("before", out var b) ? b.GetString() : null, c.TryGetProperty("after", out var a) ? a.GetString() : null)).ToList();

    private static string[] Reasons(JsonElement versions) => versions.EnumerateArray().Select(v => v.GetProperty("reason").GetString()!).ToArray();

    /// <summary>A service on a SQLite store, or on a throwaway PostgreSQL store database (returned, to drop).</summary>
    private static async Task<(ServiceFixture Fixture, DatabaseUri? StoreDb)> StartAsync(string store, Func<ServiceSettings, ServiceSettings>? adjust = null)
    {
        adjust ??= s => s;
        if (store == "sqlite") return (await ServiceFixture.StartAsync(adjust), null);
        var db = await TestDatabases.CreateAsync("postgres", "svc_rebind_store");
        return (await ServiceFixture.StartAsync(s => adjust(s with { Store = StoreContractTests.PostgresSpec(db) })), db);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Editing_a_data_source_versions_every_unfinished_operation_that_uses_it_at_once(string store)
    {
        await using var hooks = await TestWebhookListener.StartAsync();
        var (f, storeDb) = await StartAsync(store, s => s with
        {
            Notifications = new NotificationSettings { Webhooks = [hooks.BaseUrl + "/hook"], Attempts = 3, Backoff = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(5) },
        });
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 4, "svc_rebind_src");
        var other = await ServiceDatabases.UsersAndOrdersAsync("sqlite", 4, "svc_rebind_other");
        try
        {
            await using var _ = f;
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var dba = await f.UserAsync("dan", ServiceRoles.Dba);
            var security = await f.UserAsync("sam", ServiceRoles.Security);
            var manager = await f.UserAsync("mia", ServiceRoles.Manager);
            var prod = await f.RegisterAsync(admin, "prod", source, "PROD");
            var uat = await f.RegisterAsync(admin, "uat", other, "UAT");

            // Pending with one approval (named by environment), scheduled (named by id), and one on another data source.
            var pending = await CreateAsync(requester, new { operation_type = "scan", source_env = "PROD" });
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(dba, pending, "approve", "DBA")).StatusCode);
            var scheduled = await CreateAsync(requester, new { operation_type = "scan", source_env = prod, scheduled_at = "2026-12-02T22:00:00Z" });
            foreach (var (client, role) in new[] { (dba, "DBA"), (await f.UserAsync("olga", ServiceRoles.DataOwner), "DATA_OWNER"), (security, "SECURITY") })
                Assert.Equal(HttpStatusCode.OK, (await ActAsync(client, scheduled, "approve", role)).StatusCode);
            Assert.Equal("scheduled", (await f.JsonAsync(await ActAsync(requester, scheduled, "execute"))).GetProperty("status").GetString());
            var unrelated = await CreateAsync(requester, new { operation_type = "scan", source_env = "UAT", required_approvers = new[] { "MANAGER" } });
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(manager, unrelated, "approve", "MANAGER")).StatusCode);
            var unrelatedBefore = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{unrelated}"));

            var host = source.Host == "localhost" ? "127.0.0.1" : "localhost";
            var edit = await ServiceFixture.PatchAsync(admin, $"/api/data-sources/{prod}", new { host, port = source.Port!.Value + 1, classification = "HRCI" });
            Assert.True(edit.StatusCode == HttpStatusCode.OK, await edit.Content.ReadAsStringAsync());

            // At once, before anyone decides or executes: version 2 with the change, the approval on version 1 void.
            var versions = await f.JsonAsync(await dba.GetAsync($"/api/database-operations/{pending}/versions"));
            Assert.Equal(["created", "data_source_changed"], Reasons(versions));
            Assert.Equal((host, source.Port.Value + 1, "HRCI"), (versions[1].GetProperty("source").GetProperty("host").GetString(),
                versions[1].GetProperty("source").GetProperty("port").GetInt32(), versions[1].GetProperty("source").GetProperty("classification").GetString()));
            Assert.Equal("adam", versions[1].GetProperty("created_by").GetString());
            Assert.Equal(["dan"], versions[0].GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("user").GetString()!));
            var view = await f.JsonAsync(await dba.GetAsync($"/api/database-operations/{pending}"));
            Assert.Equal("pending_approval", view.GetProperty("status").GetString());
            Assert.False(view.GetProperty("approvals")[0].GetProperty("valid").GetBoolean());
            Assert.Equal(["DATA_OWNER", "DBA", "SECURITY"], view.GetProperty("missing_roles").EnumerateArray().Select(r => r.GetString()!).Order());
            var diff = await f.JsonAsync(await dba.GetAsync($"/api/database-operations/{pending}/diff"));
            Assert.Equal((1, 2, "approved_by_you"), (diff.GetProperty("from").GetInt32(), diff.GetProperty("to").GetInt32(), diff.GetProperty("from_basis").GetString()));
            Assert.Equal(
            [
                ("source.host", source.Host, host),
                ("source.port", source.Port.Value.ToString(CultureInfo.InvariantCulture), (source.Port.Value + 1).ToString(CultureInfo.InvariantCulture)),
                ("source.classification", null, "HRCI"),
            ], Changes(diff));

            // The scheduled one no longer holds its approvals: back to pending_approval, version 2.
            var rescheduled = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{scheduled}"));
            Assert.Equal("pending_approval", rescheduled.GetProperty("status").GetString());
            Assert.Equal(3, rescheduled.GetProperty("missing_roles").GetArrayLength());
            Assert.Equal(["created", "data_source_changed"], Reasons(await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{scheduled}/versions"))));

            // The operation on another data source is exactly as it was.
            var unrelatedAfter = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{unrelated}"));
            Assert.Equal(unrelatedBefore.ToString(), unrelatedAfter.ToString());
            Assert.Equal(["created"], Reasons(await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{unrelated}/versions"))));

            // An approver who decides on the version they were shown before the change is refused; on the new one, it counts.
            var stale = await ActAsync(security, pending, "approve", "SECURITY", version: 1);
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            Assert.Contains("the request is now version 2", (await f.JsonAsync(stale)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(security, pending, "approve", "SECURITY", version: 2)).StatusCode);
            Assert.Equal(["DATA_OWNER", "DBA"], (await f.JsonAsync(await dba.GetAsync($"/api/database-operations/{pending}"))).GetProperty("missing_roles").EnumerateArray().Select(r => r.GetString()!).Order());

            // An edit that changes nothing the fingerprint covers (the display name) gives no new version.
            Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(admin, $"/api/data-sources/{prod}", new { name = "production" })).StatusCode);
            Assert.Equal(2, (await f.JsonAsync(await dba.GetAsync($"/api/database-operations/{pending}/versions"))).GetArrayLength());

            // Audited once per operation given a version, by the editor; approvers told as for a changed request.
            var audit = await f.JsonAsync(await admin.GetAsync("/api/audit?action=operation_update&limit=50"));
            Assert.Equal(
                new[] { OperationService.Target(pending), OperationService.Target(scheduled) }.Order(),
                audit.EnumerateArray().Select(a => (a.GetProperty("target").GetString()!, a.GetProperty("actor").GetString(), a.GetProperty("outcome").GetString()))
                    .Where(a => a.Item2 == "adam" && a.Item3 == DataSourceRebinding.DataSourceChanged).Select(a => a.Item1).Order());
            await hooks.WaitForAsync("/hook", $"operation {pending} ", "needs approval from", "a data source it uses was changed by adam");
            await hooks.WaitForAsync("/hook", $"operation {scheduled} ", "a data source it uses was changed by adam");
            Assert.DoesNotContain(hooks.Received, r => r.Text.Contains($"operation {unrelated} ", StringComparison.Ordinal) && r.Text.Contains("changed", StringComparison.Ordinal));
            if (source.Password is { } password) Assert.DoesNotContain(hooks.Received, r => r.Text.Contains(password, StringComparison.Ordinal));
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
            if (storeDb is not null) await ServiceDatabases.DropAsync(storeDb);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_decision_racing_an_edit_is_refused_or_given_on_the_old_version_and_never_counts_for_the_new_one(string store)
    {
        var (f, storeDb) = await StartAsync(store);
        var source = await ServiceDatabases.UsersAndOrdersAsync("sqlite", 4, "svc_rebind_race");
        try
        {
            await using var _ = f;
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var manager = await f.UserAsync("mia", ServiceRoles.Manager);
            var uat = await f.RegisterAsync(admin, "uat", source, "UAT");
            for (var round = 0; round < 8; round++)
            {
                var id = await CreateAsync(requester, new { operation_type = "scan", source_env = uat, required_approvers = new[] { "MANAGER" } });
                var versions = await f.JsonAsync(await manager.GetAsync($"/api/database-operations/{id}/versions"));
                var shown = versions[versions.GetArrayLength() - 1].GetProperty("version").GetInt32();
                // The approver decides on what they were shown while an admin edits the data source.
                var approving = ActAsync(manager, id, "approve", "MANAGER", shown);
                var editing = ServiceFixture.PatchAsync(admin, $"/api/data-sources/{uat}", new { classification = round % 2 == 0 ? "Confidential" : "Public" });
                var (approve, edit) = (await approving, await editing);
                Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
                Assert.True(approve.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, await approve.Content.ReadAsStringAsync());

                var view = await f.JsonAsync(await manager.GetAsync($"/api/database-operations/{id}"));
                var after = await f.JsonAsync(await manager.GetAsync($"/api/database-operations/{id}/versions"));
                Assert.Equal("data_source_changed", after[after.GetArrayLength() - 1].GetProperty("reason").GetString());
                // Whatever won, the approval was given on the version shown and does not count for the one the edit made.
                Assert.Equal("pending_approval", view.GetProperty("status").GetString());
                Assert.Equal(["MANAGER"], view.GetProperty("missing_roles").EnumerateArray().Select(r => r.GetString()!));
                Assert.All(view.GetProperty("approvals").EnumerateArray(), a =>
                {
                    Assert.False(a.GetProperty("valid").GetBoolean());
                    Assert.Equal(shown, a.GetProperty("version").GetInt32());
                });
                if (approve.StatusCode == HttpStatusCode.OK) Assert.Equal(1, view.GetProperty("approvals").GetArrayLength());
            }
            // The edit that lands first leaves the late decision on the old version refused with 409.
            var last = await CreateAsync(requester, new { operation_type = "scan", source_env = uat, required_approvers = new[] { "MANAGER" } });
            Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(admin, $"/api/data-sources/{uat}", new { classification = "HRCI" })).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(manager, last, "approve", "MANAGER", 1)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(manager, last, "approve", "MANAGER", 2)).StatusCode);
        }
        finally
        {
            if (storeDb is not null) await ServiceDatabases.DropAsync(storeDb);
        }
    }

    [Fact]
    public async Task A_data_source_moved_to_prod_makes_its_scheduled_operations_need_the_prod_approvers()
    {
        await using var f = await ServiceFixture.StartAsync();
        var source = await ServiceDatabases.UsersAndOrdersAsync("sqlite", 4, "svc_rebind_env");
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        var manager = await f.UserAsync("mia", ServiceRoles.Manager);
        var uat = await f.RegisterAsync(admin, "uat", source, "UAT");
        // Scheduled for tomorrow (the service's clock stands still), one needing nothing, one needing MANAGER.
        var free = await CreateAsync(requester, new { operation_type = "scan", source_env = "UAT", scheduled_at = "2026-12-02T22:00:00Z" });
        var managed = await CreateAsync(requester, new { operation_type = "scan", source_env = "UAT", scheduled_at = "2026-12-02T22:00:00Z", required_approvers = new[] { "MANAGER" } });
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(manager, managed, "approve", "MANAGER")).StatusCode);
        foreach (var id in new[] { free, managed }) Assert.Equal("scheduled", (await f.JsonAsync(await ActAsync(requester, id, "execute"))).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(admin, $"/api/data-sources/{uat}", new { environment = "PROD" })).StatusCode);
        foreach (var (id, roles) in new[] { (free, new[] { "DATA_OWNER", "DBA", "SECURITY" }), (managed, new[] { "DATA_OWNER", "DBA", "MANAGER", "SECURITY" }) })
        {
            var view = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}"));
            Assert.Equal("pending_approval", view.GetProperty("status").GetString());
            Assert.Equal(roles, view.GetProperty("missing_roles").EnumerateArray().Select(r => r.GetString()!).Order());
            var diff = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/diff"));
            Assert.Equal(["required_roles", "source.environment"], Changes(diff).Select(c => c.Field).Distinct().Order());
        }
        // Moved back, nothing is required of the first again: approved (to be executed again). The second is exactly the request
        // MANAGER approved (the same fingerprint as version 1), so that approval counts again.
        Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(admin, $"/api/data-sources/{uat}", new { environment = "UAT" })).StatusCode);
        Assert.Equal("approved", (await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{free}"))).GetProperty("status").GetString());
        var back = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{managed}"));
        Assert.Equal(["MANAGER"], back.GetProperty("required_roles").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(0, back.GetProperty("missing_roles").GetArrayLength());
        Assert.Equal(3, (await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{managed}/versions"))).GetArrayLength());
    }

    [Fact]
    public async Task A_data_source_changed_behind_the_edit_s_back_is_caught_when_the_operation_is_claimed()
    {
        await using var f = await ServiceFixture.StartAsync();
        var source = await ServiceDatabases.UsersAndOrdersAsync("sqlite", 4, "svc_rebind_claim");
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        var manager = await f.UserAsync("mia", ServiceRoles.Manager);
        var uat = await f.RegisterAsync(admin, "uat", source, "UAT");
        var id = await CreateAsync(requester, new { operation_type = "scan", source_env = "UAT", scheduled_at = "2026-12-02T22:00:00Z", required_approvers = new[] { "MANAGER" } });
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(manager, id, "approve", "MANAGER")).StatusCode);
        Assert.Equal("scheduled", (await f.JsonAsync(await ActAsync(requester, id, "execute"))).GetProperty("status").GetString());

        // The data source changes without the edit's versioning (as when a claim lands between its check and its versioning).
        var stored = (await f.Store.GetDataSourceAsync(uat, CancellationToken.None))!;
        await f.Store.UpdateDataSourceAsync(stored with { Classification = "HRCI" }, CancellationToken.None);
        f.Clock.Advance(TimeSpan.FromDays(2));

        // Claimed when due, it does not run on MANAGER's approval of the version before: it is back for approval as version 2.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        JsonElement view;
        do
        {
            await Task.Delay(100);
            view = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}"));
        }
        while (view.GetProperty("status").GetString() != "pending_approval" && DateTime.UtcNow < deadline);
        Assert.Equal("pending_approval", view.GetProperty("status").GetString());
        Assert.Equal(["MANAGER"], view.GetProperty("missing_roles").EnumerateArray().Select(r => r.GetString()!));
        var versions = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/versions"));
        Assert.Equal("data_source_changed", versions[versions.GetArrayLength() - 1].GetProperty("reason").GetString());
        Assert.Empty(await ((IOperationJobStore)f.Store).ListJobsAsync(id, CancellationToken.None)); // no job was handed out
    }

    [Fact]
    public async Task A_running_operation_s_data_source_cannot_be_changed_and_an_unfinished_one_s_cannot_be_deleted()
    {
        await using var f = await ServiceFixture.StartAsync();
        var source = await ServiceDatabases.UsersAndOrdersAsync("sqlite", 4, "svc_rebind_inuse");
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        var uat = await f.RegisterAsync(admin, "uat", source, "UAT");
        var spare = await f.RegisterAsync(admin, "spare", source, "DEV");
        var id = await CreateAsync(requester, new { operation_type = "scan", source_env = "UAT", required_approvers = new[] { "MANAGER" } });

        var delete = await admin.DeleteAsync($"/api/data-sources/{uat}");
        var refused = await f.JsonAsync(delete);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal("OBS979", refused.GetProperty("code").GetString());
        Assert.Equal([id], refused.GetProperty("operations").EnumerateArray().Select(o => o.GetInt64()));
        Assert.Contains("cancel it before deleting", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A worker holds it: neither a change nor a delete until the run ends, so the run keeps the databases it started with.
        var op = (await f.Store.GetOperationAsync(id, CancellationToken.None))!;
        Assert.True(await f.Store.UpdateOperationAsync(op with { Status = OperationStatus.Running }, op.Status, CancellationToken.None));
        foreach (var response in new[] { await ServiceFixture.PatchAsync(admin, $"/api/data-sources/{uat}", new { classification = "HRCI" }), await admin.DeleteAsync($"/api/data-sources/{uat}") })
        {
            var problem = await f.JsonAsync(response);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("OBS978", problem.GetProperty("code").GetString());
            Assert.Contains($"running operation {id}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        var unchanged = await f.JsonAsync(await admin.GetAsync($"/api/data-sources/{uat}"));
        Assert.Null(unchanged.TryGetProperty("classification", out var classification) ? classification.GetString() : null);
        Assert.Equal(1, (await f.JsonAsync(await admin.GetAsync("/api/audit?action=data_source_update&outcome=in_use&limit=10"))).GetArrayLength());
        Assert.Equal(2, (await f.JsonAsync(await admin.GetAsync("/api/audit?action=data_source_delete&outcome=in_use&limit=10"))).GetArrayLength());

        // Once it is final, and for a data source nobody uses, the delete goes through.
        op = (await f.Store.GetOperationAsync(id, CancellationToken.None))!;
        Assert.True(await f.Store.UpdateOperationAsync(op with { Status = OperationStatus.Cancelled, FinishedAt = f.Clock.GetUtcNow() }, op.Status, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/data-sources/{uat}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/data-sources/{spare}")).StatusCode);
    }
}
