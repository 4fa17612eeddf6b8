using System.Net;
using System.Text.Json;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Service.Tests;

public sealed class ApprovalTests
{
    private sealed record Team(ServiceFixture F, HttpClient Admin, HttpClient Requester, HttpClient Dba, HttpClient Owner, HttpClient Security, HttpClient DbaAndOwner, HttpClient RequesterDba);

    private static async Task<Team> TeamAsync(ServiceFixture f)
    {
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var team = new Team(f, admin,
            await f.UserAsync("rita", ServiceRoles.Requester),
            await f.UserAsync("dan", ServiceRoles.Dba),
            await f.UserAsync("olga", ServiceRoles.DataOwner),
            await f.UserAsync("sam", ServiceRoles.Security),
            await f.UserAsync("bo", ServiceRoles.Dba, ServiceRoles.DataOwner),
            await f.UserAsync("rex", ServiceRoles.Requester, ServiceRoles.Dba));
        var source = await TestDatabases.CreateAsync("sqlite", "svc_prod");
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)", "INSERT INTO users VALUES (1, 'a@example.com')");
        var target = await TestDatabases.CreateAsync("sqlite", "svc_dev");
        await f.DataSourceAsync(admin, new { name = "prod", kind = "sqlite", database = source.Database, environment = "PROD" });
        await f.DataSourceAsync(admin, new { name = "dev", kind = "sqlite", database = target.Database, environment = "DEV" });
        return team;
    }

    private static async Task<long> CreateAsync(ServiceFixture f, HttpClient requester, object? body = null)
    {
        var response = await ServiceFixture.PostAsync(requester, "/api/database-operations",
            body ?? new { operation_type = "copy_full", source_env = "PROD", target_env = "DEV", tables = new[] { "users" }, required_approvers = new[] { "MANAGER" } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string action, string? role = null, object? request = null) =>
        ServiceFixture.PatchAsync(client, $"/api/database-operations/{id}", new { action, approver_role = role, comments = "checked", request });

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ResultAsync(ServiceFixture f, Task<HttpResponseMessage> call)
    {
        var response = await call;
        return (response.StatusCode, await f.JsonAsync(response));
    }

    [Fact]
    public async Task Prod_needs_dba_data_owner_and_security_plus_the_requested_roles_and_every_refusal_holds()
    {
        await using var f = await ServiceFixture.StartAsync();
        var t = await TeamAsync(f);
        var id = await CreateAsync(f, t.Requester);
        var op = await f.JsonAsync(await t.Requester.GetAsync($"/api/database-operations/{id}"));
        Assert.Equal("pending_approval", op.GetProperty("status").GetString());
        Assert.Equal(new[] { "DBA", "DATA_OWNER", "SECURITY", "MANAGER" }, op.GetProperty("required_roles").EnumerateArray().Select(e => e.GetString()!).ToArray());

        // Execute early: 409 naming every missing role.
        var early = await ResultAsync(f, ActAsync(t.Requester, id, "execute"));
        Assert.Equal(HttpStatusCode.Conflict, early.Status);
        Assert.Equal(new[] { "DBA", "DATA_OWNER", "SECURITY", "MANAGER" }, early.Body.GetProperty("missing_roles").EnumerateArray().Select(e => e.GetString()!).ToArray());

        // Wrong role: a data owner cannot approve as DBA.
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(t.Owner, id, "approve", "DBA")).StatusCode);
        // A role the operation does not need.
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(t.Owner, id, "approve", "AUDITOR")).StatusCode);
        // One person, one role: bo holds DBA and DATA_OWNER but fills only one.
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(t.DbaAndOwner, id, "approve", "DBA")).StatusCode);
        var twice = await ResultAsync(f, ActAsync(t.DbaAndOwner, id, "approve", "DATA_OWNER"));
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        Assert.Contains("one person", twice.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A role already filled.
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(t.Dba, id, "approve", "DBA")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(t.Owner, id, "approve", "DATA_OWNER")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(t.Security, id, "approve", "SECURITY")).StatusCode);
        var oneLeft = await ResultAsync(f, ActAsync(t.Requester, id, "execute"));
        Assert.Equal(HttpStatusCode.Conflict, oneLeft.Status);
        Assert.Equal(new[] { "MANAGER" }, oneLeft.Body.GetProperty("missing_roles").EnumerateArray().Select(e => e.GetString()!).ToArray());
        // Only the requester (or ADMIN) executes.
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(t.Dba, id, "execute")).StatusCode);

        var audit = await f.Store.QueryAuditAsync(new Store.AuditQuery { Target = $"operation:{id}" }, CancellationToken.None);
        Assert.Contains(audit, a => a.Action == "operation_approve" && a.Actor == "bo" && a.Role == "DBA" && a.Outcome == "ok");
        Assert.Contains(audit, a => a.Action == "operation_approve" && a.Actor == "olga" && a.Role == "DBA" && a.Outcome == "forbidden");
        Assert.Contains(audit, a => a.Action == "operation_execute" && a.Actor == "rita" && a.Outcome == "conflict");
    }

    [Fact]
    public async Task The_requester_never_approves_their_own_operation()
    {
        await using var f = await ServiceFixture.StartAsync();
        var t = await TeamAsync(f);
        var id = await CreateAsync(f, t.RequesterDba);
        var self = await ResultAsync(f, ActAsync(t.RequesterDba, id, "approve", "DBA"));
        Assert.Equal(HttpStatusCode.Forbidden, self.Status);
        Assert.Contains("own operation", self.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(t.RequesterDba, id, "reject", "DBA")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_operation_after_approval_voids_the_approvals()
    {
        await using var f = await ServiceFixture.StartAsync();
        var t = await TeamAsync(f);
        var id = await CreateAsync(f, t.Requester, new { operation_type = "copy_full", source_env = "PROD", target_env = "DEV", tables = new[] { "users" } });
        foreach (var (client, role) in new[] { (t.Dba, "DBA"), (t.Owner, "DATA_OWNER"), (t.Security, "SECURITY") })
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(client, id, "approve", role)).StatusCode);
        var approved = await f.JsonAsync(await t.Requester.GetAsync($"/api/database-operations/{id}"));
        Assert.Equal("approved", approved.GetProperty("status").GetString());

        // The requester widens it to every table (drop_existing too): the fingerprint changes and the approvals no longer count.
        var changed = await ResultAsync(f, ActAsync(t.Requester, id, "update", request: new { operation_type = "copy_full", source_env = "PROD", target_env = "DEV", drop_existing = true }));
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("pending_approval", changed.Body.GetProperty("status").GetString());
        Assert.NotEqual(approved.GetProperty("fingerprint").GetString(), changed.Body.GetProperty("fingerprint").GetString());
        Assert.All(changed.Body.GetProperty("approvals").EnumerateArray(), a => Assert.False(a.GetProperty("valid").GetBoolean()));
        var execute = await ResultAsync(f, ActAsync(t.Requester, id, "execute"));
        Assert.Equal(HttpStatusCode.Conflict, execute.Status);
        Assert.Equal(3, execute.Body.GetProperty("missing_roles").GetArrayLength());

        // Only the requester changes it.
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(t.Dba, id, "update", request: new { operation_type = "scan", source_env = "PROD" })).StatusCode);

        // A change to a data source it uses voids them too (the fingerprint covers the resolved data sources).
        var id2 = await CreateAsync(f, t.Requester, new { operation_type = "scan", source_env = "PROD" });
        foreach (var (client, role) in new[] { (t.Dba, "DBA"), (t.Owner, "DATA_OWNER"), (t.Security, "SECURITY") })
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(client, id2, "approve", role)).StatusCode);
        var sources = await f.Store.ListDataSourcesAsync(CancellationToken.None);
        var prod = sources.Single(s => s.Name == "prod");
        Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(t.Admin, $"/api/data-sources/{prod.Id}", new { database = prod.Database + ".other" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(t.Requester, id2, "execute")).StatusCode);
    }

    [Fact]
    public async Task A_rejection_ends_the_request_and_approvals_expire()
    {
        await using var f = await ServiceFixture.StartAsync();
        var t = await TeamAsync(f);
        var id = await CreateAsync(f, t.Requester, new { operation_type = "scan", source_env = "PROD" });
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(t.Dba, id, "approve", "DBA")).StatusCode);
        var rejected = await ResultAsync(f, ActAsync(t.Security, id, "reject", "SECURITY"));
        Assert.Equal("rejected", rejected.Body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(t.Owner, id, "approve", "DATA_OWNER")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(t.Requester, id, "execute")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(t.Requester, id, "cancel")).StatusCode);

        var id2 = await CreateAsync(f, t.Requester, new { operation_type = "scan", source_env = "PROD" });
        foreach (var (client, role) in new[] { (t.Dba, "DBA"), (t.Owner, "DATA_OWNER"), (t.Security, "SECURITY") })
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(client, id2, "approve", role)).StatusCode);
        f.Clock.Advance(f.Settings.ApprovalValidity + TimeSpan.FromMinutes(1));
        var expired = await ResultAsync(f, ActAsync(t.Requester, id2, "execute"));
        Assert.Equal(HttpStatusCode.Conflict, expired.Status);
        Assert.Equal(3, expired.Body.GetProperty("missing_roles").GetArrayLength());
        var view = await f.JsonAsync(await t.Requester.GetAsync($"/api/database-operations/{id2}"));
        Assert.All(view.GetProperty("approvals").EnumerateArray(), a => Assert.Equal("expired", a.GetProperty("why_not_valid").GetString()));
    }

    [Fact]
    public async Task An_invalid_request_lists_every_problem_and_stores_nothing()
    {
        await using var f = await ServiceFixture.StartAsync();
        var t = await TeamAsync(f);
        var response = await ServiceFixture.PostAsync(t.Requester, "/api/database-operations", new
        {
            operation_type = "copy_filtered", source_env = "PROD", tables = new[] { "users" }, filter = new Dictionary<string, string> { ["orders"] = "total > 0" },
            anonymize = true, config = "tables:\n  users:\n    columns:\n      email: { strategy: no_such_strategy }\n", parallel_workers = 0,
            required_approvers = new[] { "KING" }, scheduled_at = "2020-01-01T00:00:00Z",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problems = (await f.JsonAsync(response)).GetProperty("problems").EnumerateArray().ToList();
        var fields = problems.Select(p => p.GetProperty("field").GetString()!).ToList();
        foreach (var field in new[] { "target_env", "filter.orders", "parallel_workers", "required_approvers", "scheduled_at" }) Assert.Contains(field, fields);
        // The config is bound to the source's schema as the CLI binds it: the unknown strategy is OBS203 with its YAML line.
        Assert.Contains(problems, p => p.GetProperty("field").GetString() == "config:4" && p.GetProperty("code").GetString() == "OBS203");
        var nowhere = await ServiceFixture.PostAsync(t.Requester, "/api/database-operations", new { operation_type = "scan", source_env = "NOWHERE" });
        Assert.Contains("OBS901", await nowhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await f.Store.ListOperationsAsync(null, CancellationToken.None));

        var unknown = await ServiceFixture.PostAsync(t.Requester, "/api/database-operations", new { operation_type = "truncate_everything", source_env = "PROD" });
        Assert.Contains("OBS902", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
