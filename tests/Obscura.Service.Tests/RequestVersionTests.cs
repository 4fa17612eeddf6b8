using System.Net;
using System.Text.Json;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Service.Tests;

/// <summary>
/// Request versions and diffs through the API: what an approver sees after the requester (or an admin, through a data
/// source) changed an approved operation.
/// </summary>
public sealed class RequestVersionTests
{
    private const string Config = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n";
    private const string WiderConfig = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n      status: { strategy: hash }\n";

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string action, string? role = null, object? request = null) =>
        ServiceFixture.PatchAsync(client, $"/api/database-operations/{id}", new { action, approver_role = role, comments = "checked", request });

    private static async Task<long> CreateAsync(ServiceFixture f, HttpClient requester, object body)
    {
        var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    private static List<(string Field, string Change, string? Before, string? After)> Changes(JsonElement diff) =>
        diff.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("field").GetString()!, c.GetProperty("change").GetString()!,
            c.TryGetProperty("before", out var b) ? b.GetString() : null, c.TryGetProperty("after", out var a) ? a.GetString() : null)).ToList();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_changed_request_voids_the_approval_and_the_diff_shows_exactly_the_changes(string kind)
    {
        await using var f = await ServiceFixture.StartAsync();
        var source = await ServiceDatabases.UsersAndOrdersAsync(kind, 8);
        var target = await TestDatabases.CreateAsync(kind, "svc_dev");
        try
        {
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var dba = await f.UserAsync("dan", ServiceRoles.Dba);
            var owner = await f.UserAsync("olga", ServiceRoles.DataOwner);
            var analyst = await f.UserAsync("ann", ServiceRoles.Analyst);
            await f.RegisterAsync(admin, "prod", source, "PROD");
            await f.RegisterAsync(admin, "dev", target, "DEV");

            var id = await CreateAsync(f, requester, new
            {
                operation_type = "copy_filtered", source_env = "PROD", target_env = "DEV", tables = new[] { "users" },
                filter = new Dictionary<string, string> { ["users"] = "status = 'active'" }, anonymize = true, config = Config,
            });
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(dba, id, "approve", "DBA")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(owner, id, "approve", "DATA_OWNER")).StatusCode);

            // Before any change the diff has nothing to show: DBA approved the current version.
            var unchanged = await f.JsonAsync(await dba.GetAsync($"/api/database-operations/{id}/diff"));
            Assert.Equal((1, 1, "approved_by_you"), (unchanged.GetProperty("from").GetInt32(), unchanged.GetProperty("to").GetInt32(), unchanged.GetProperty("from_basis").GetString()));
            Assert.True(unchanged.GetProperty("identical").GetBoolean());

            var updated = await ActAsync(requester, id, "update", request: new
            {
                operation_type = "copy_filtered", source_env = "PROD", target_env = "DEV", tables = new[] { "users", "orders" },
                filter = new Dictionary<string, string> { ["users"] = "status = 'closed'", ["orders"] = "total > 1" }, anonymize = true, config = WiderConfig,
            });
            var view = await f.JsonAsync(updated);
            Assert.True(updated.StatusCode == HttpStatusCode.OK, view.ToString());
            Assert.Equal("pending_approval", view.GetProperty("status").GetString());
            Assert.All(view.GetProperty("approvals").EnumerateArray(), a =>
            {
                Assert.False(a.GetProperty("valid").GetBoolean());
                Assert.Equal("the operation changed after this approval", a.GetProperty("why_not_valid").GetString());
                Assert.Equal(1, a.GetProperty("version").GetInt32());
            });

            var diffResponse = await dba.GetAsync($"/api/database-operations/{id}/diff");
            var diff = await f.JsonAsync(diffResponse);
            Assert.True(diffResponse.StatusCode == HttpStatusCode.OK, diff.ToString());
            Assert.Equal((1, 2, "approved_by_you"), (diff.GetProperty("from").GetInt32(), diff.GetProperty("to").GetInt32(), diff.GetProperty("from_basis").GetString()));
            Assert.Equal(
            [
                ("tables", "added", null, "orders"),
                ("filter.users", "changed", "status = 'active'", "status = 'closed'"),
                ("filter.orders", "added", null, "total > 1"),
                ("config", "changed", null, null),
            ], Changes(diff));
            var config = diff.GetProperty("config").EnumerateArray().Select(l => (l.GetProperty("kind").GetString(), l.GetProperty("text").GetString())).ToList();
            Assert.Equal(("added", "      status: { strategy: hash }"), Assert.Single(config, l => l.Item1 != "unchanged"));

            // The requester approved nothing: their default is the previous version; an explicit range is honoured.
            var mine = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/diff"));
            Assert.Equal((1, "previous"), (mine.GetProperty("from").GetInt32(), mine.GetProperty("from_basis").GetString()));
            var backwards = await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}/diff?from=2&to=1"));
            Assert.Contains(("tables", "removed", "orders", null), Changes(backwards));

            var versions = await f.JsonAsync(await owner.GetAsync($"/api/database-operations/{id}/versions"));
            Assert.Equal(["created", "updated"], versions.EnumerateArray().Select(v => v.GetProperty("reason").GetString()!));
            Assert.Equal([false, true], versions.EnumerateArray().Select(v => v.GetProperty("current").GetBoolean()));
            Assert.Equal(["dan", "olga"], versions[0].GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("user").GetString()!).Order());
            Assert.Equal(0, versions[1].GetProperty("decisions").GetArrayLength());
            Assert.Equal("rita", versions[1].GetProperty("created_by").GetString());
            Assert.Equal("prod", versions[1].GetProperty("source").GetProperty("name").GetString());
            if (source.Password is { } password) Assert.DoesNotContain(password, versions.ToString(), StringComparison.Ordinal);

            // Refusals: a bad or unknown version (OBS950), an unknown operation, a role that may not read operations.
            var bad = await dba.GetAsync($"/api/database-operations/{id}/diff?from=abc");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("OBS950", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var unknown = await f.JsonAsync(await dba.GetAsync($"/api/database-operations/{id}/diff?from=9"));
            Assert.Equal(("from", "OBS950"), (unknown.GetProperty("problems")[0].GetProperty("field").GetString(), unknown.GetProperty("problems")[0].GetProperty("code").GetString()));
            Assert.Equal(HttpStatusCode.NotFound, (await dba.GetAsync("/api/database-operations/999/versions")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"/api/database-operations/{id}/diff")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await f.Anonymous().GetAsync($"/api/database-operations/{id}/versions")).StatusCode);

            // Approving again binds to version 2; the diff from DBA's point of view is then empty again.
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(dba, id, "approve", "DBA")).StatusCode);
            var again = await f.JsonAsync(await dba.GetAsync($"/api/database-operations/{id}/diff"));
            Assert.Equal((2, true), (again.GetProperty("from").GetInt32(), again.GetProperty("identical").GetBoolean()));
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
            await ServiceDatabases.DropAsync(target);
        }
    }

    [Fact]
    public async Task A_data_source_changed_after_approval_shows_in_the_diff_without_its_password()
    {
        await using var f = await ServiceFixture.StartAsync();
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 4);
        try
        {
            var admin = await f.UserAsync("adam", ServiceRoles.Admin);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var approvers = new[] { (await f.UserAsync("dan", ServiceRoles.Dba), "DBA"), (await f.UserAsync("olga", ServiceRoles.DataOwner), "DATA_OWNER"), (await f.UserAsync("sam", ServiceRoles.Security), "SECURITY") };
            var prod = await f.RegisterAsync(admin, "prod", source, "PROD");
            var id = await CreateAsync(f, requester, new { operation_type = "scan", source_env = "PROD" });
            foreach (var (client, role) in approvers[..2]) Assert.Equal(HttpStatusCode.OK, (await ActAsync(client, id, "approve", role)).StatusCode);

            // Same server under another name, and the same password sent again (stored anew): both change the fingerprint.
            var host = source.Host == "localhost" ? "127.0.0.1" : "localhost";
            Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(admin, $"/api/data-sources/{prod}", new { host, password = source.Password })).StatusCode);
            // The change is version 2 at once; the last approver decides on version 1, which they were shown: refused.
            var late = await ServiceFixture.PatchAsync(approvers[2].Item1, $"/api/database-operations/{id}", new { action = "approve", approver_role = "SECURITY", version = 1 });
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Contains("the request is now version 2", (await f.JsonAsync(late)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            var execute = await ActAsync(requester, id, "execute");
            Assert.Equal(HttpStatusCode.Conflict, execute.StatusCode);
            Assert.Equal(3, (await f.JsonAsync(execute)).GetProperty("missing_roles").GetArrayLength());

            var versions = await f.JsonAsync(await approvers[0].Item1.GetAsync($"/api/database-operations/{id}/versions"));
            Assert.Equal(["created", "data_source_changed"], versions.EnumerateArray().Select(v => v.GetProperty("reason").GetString()!));
            Assert.Equal(host, versions[1].GetProperty("source").GetProperty("host").GetString());
            var diffText = await approvers[0].Item1.GetStringAsync($"/api/database-operations/{id}/diff");
            var diff = JsonDocument.Parse(diffText).RootElement;
            Assert.Equal(
            [
                ("source.host", "changed", source.Host, host),
                ("source.password", "changed", null, "changed"),
            ], Changes(diff));
            Assert.DoesNotContain(source.Password!, diffText, StringComparison.Ordinal);
            Assert.DoesNotContain(source.Password!, versions.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
        }
    }

    [Fact]
    public async Task The_versions_and_diff_endpoints_are_in_the_openapi_document_under_operations()
    {
        await using var f = await ServiceFixture.StartAsync();
        var paths = JsonDocument.Parse(await f.Anonymous().GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/database-operations/{id}/versions", "/api/database-operations/{id}/diff" })
            Assert.Equal("Operations", paths.GetProperty(path).GetProperty("get").GetProperty("tags")[0].GetString());
        var parameters = paths.GetProperty("/api/database-operations/{id}/diff").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("from", parameters);
        Assert.Contains("to", parameters);
    }

    [Fact]
    public async Task A_data_source_changed_under_a_recurring_definition_is_a_new_version_the_approver_sees()
    {
        var source = await ServiceDatabases.UsersAndOrdersAsync("sqlite", 4, "svc_cron_version");
        await using var f = await ServiceFixture.StartAsync();
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        var manager = await f.UserAsync("mia", ServiceRoles.Manager);
        var uat = await f.RegisterAsync(admin, "uat", source, "UAT");
        var id = await CreateAsync(f, requester, new { operation_type = "scan", source_env = "UAT", cron = "30 * * * *", required_approvers = new[] { "MANAGER" } });
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(manager, id, "approve", "MANAGER")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(requester, id, "execute")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(admin, $"/api/data-sources/{uat}", new { database = source.Database + ".moved" })).StatusCode);
        f.Clock.Advance(TimeSpan.FromHours(1));
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await f.JsonAsync(await requester.GetAsync($"/api/database-operations/{id}"))).GetProperty("status").GetString() != "pending_approval")
        {
            Assert.True(DateTime.UtcNow < until, "the scheduler never voided the approvals");
            await Task.Delay(100);
        }
        var versions = await f.JsonAsync(await manager.GetAsync($"/api/database-operations/{id}/versions"));
        Assert.Equal(["created", "data_source_changed"], versions.EnumerateArray().Select(v => v.GetProperty("reason").GetString()!));
        var diff = await f.JsonAsync(await manager.GetAsync($"/api/database-operations/{id}/diff"));
        Assert.Equal((1, "approved_by_you"), (diff.GetProperty("from").GetInt32(), diff.GetProperty("from_basis").GetString()));
        Assert.Equal([("source.database", "changed", source.Database, source.Database + ".moved")], Changes(diff));
    }
}
