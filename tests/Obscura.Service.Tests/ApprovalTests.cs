using System.Net;
using System.Text.Json;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Service.Tests;

public sealed class ApprovalTests
{
    private sealed record Team(ServiceFixture F, HttpClient Admin, HttpClient Requester, HttpClient Dba, HttpClient Owner, HttpClient Security, HttpClient DbaAndOwner, HttpClient RequesterDba,
        DatabaseUri Source, DatabaseUri Target) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await ServiceDatabases.DropAsync(Source);
            await ServiceDatabases.DropAsync(Target);
        }
    }

    /// <summary>A user per role and a PROD source and DEV target on <paramref name="kind"/> (sqlite, or throwaway PostgreSQL databases).</summary>
    private static async Task<Team> TeamAsync(ServiceFixture f, string kind = "sqlite")
    {
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var source = await TestDatabases.CreateAsync(kind, "svc_prod");
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)", "INSERT INTO users VALUES (1, 'a@example.com')");
        var target = await TestDatabases.CreateAsync(kind, "svc_dev");
        var team = new Team(f, admin,
            await f.UserAsync("rita", ServiceRoles.Requester),
            await f.UserAsync("dan", ServiceRoles.Dba),
            await f.UserAsync("olga", ServiceRoles.DataOwner),
            await f.UserAsync("sam", ServiceRoles.Security),
            await f.UserAsync("bo", ServiceRoles.Dba, ServiceRoles.DataOwner),
            await f.UserAsync("rex", ServiceRoles.Requester, ServiceRoles.Dba),
            source, target);
        await f.RegisterAsync(admin, "prod", source, "PROD");
        await f.RegisterAsync(admin, "dev", target, "DEV");
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

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Prod_needs_dba_data_owner_and_security_plus_the_requested_roles_and_every_refusal_holds(string kind)
    {
        await using var f = await ServiceFixture.StartAsync();
        await using var t = await TeamAsync(f, kind);
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

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_requester_never_approves_their_own_operation(string kind)
    {
        await using var f = await ServiceFixture.StartAsync();
        await using var t = await TeamAsync(f, kind);
        var id = await CreateAsync(f, t.RequesterDba);
        var self = await ResultAsync(f, ActAsync(t.RequesterDba, id, "approve", "DBA"));
        Assert.Equal(HttpStatusCode.Forbidden, self.Status);
        Assert.Contains("own operation", self.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(t.RequesterDba, id, "reject", "DBA")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Changing_the_operation_after_approval_voids_the_approvals(string kind)
    {
        await using var f = await ServiceFixture.StartAsync();
        await using var t = await TeamAsync(f, kind);
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

        // Reclassifying a source changes what masking and grants apply to it: that voids approvals as well.
        var id3 = await CreateAsync(f, t.Requester, new { operation_type = "scan", source_env = "PROD" });
        foreach (var (client, role) in new[] { (t.Dba, "DBA"), (t.Owner, "DATA_OWNER"), (t.Security, "SECURITY") })
            Assert.Equal(HttpStatusCode.OK, (await ActAsync(client, id3, "approve", role)).StatusCode);
        var reclassified = prod.Classification == "Public" ? "HRCI" : "Public";
        Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(t.Admin, $"/api/data-sources/{prod.Id}", new { classification = reclassified })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(t.Requester, id3, "execute")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_rejection_ends_the_request_and_approvals_expire(string kind)
    {
        await using var f = await ServiceFixture.StartAsync();
        await using var t = await TeamAsync(f, kind);
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

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_invalid_request_lists_every_problem_and_stores_nothing(string kind)
    {
        await using var f = await ServiceFixture.StartAsync();
        await using var t = await TeamAsync(f, kind);
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

    [Fact]
    public async Task The_whole_flow_on_postgres_runs_with_a_token_per_role_and_leaves_its_reports()
    {
        await using var f = await ServiceFixture.StartAsync();
        await using var t = await TeamAsync(f, "postgres");
        var manager = await f.UserAsync("mia", ServiceRoles.Manager);
        var auditor = await f.UserAsync("aud", ServiceRoles.Auditor);
        var analyst = await f.UserAsync("ann", ServiceRoles.Analyst);
        var id = await CreateAsync(f, t.Requester);
        Assert.Equal(HttpStatusCode.Conflict, (await t.Requester.GetAsync($"/api/database-operations/{id}/reports")).StatusCode);
        foreach (var (client, role) in new[] { (t.Dba, "DBA"), (t.Owner, "DATA_OWNER"), (t.Security, "SECURITY"), (manager, "MANAGER") })
        {
            var approved = await ResultAsync(f, ActAsync(client, id, "approve", role));
            Assert.True(approved.Status == HttpStatusCode.OK, approved.Body.ToString());
        }
        var executed = await ResultAsync(f, ActAsync(t.Requester, id, "execute"));
        Assert.Equal("queued", executed.Body.GetProperty("status").GetString());
        var done = await f.WaitForAsync(t.Requester, id, s => Operations.OperationStatus.IsFinal(s));
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        Assert.Equal(1, await TestDatabases.CountAsync(t.Target, "SELECT COUNT(*) FROM users"));

        var reports = await f.JsonAsync(await auditor.GetAsync($"/api/database-operations/{id}/reports"));
        var names = reports.EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToList();
        foreach (var name in new[] { "summary.json", "validation-report.json", "validation-report.html", "audit.jsonl" }) Assert.Contains(name, names);
        Assert.All(reports.EnumerateArray(), r => Assert.True(r.GetProperty("bytes").GetInt64() > 0));
        var validation = await f.JsonAsync(await auditor.GetAsync($"/api/database-operations/{id}/reports/validation-report.json"));
        Assert.Contains(validation.GetProperty("checks").EnumerateArray(), c => c.GetProperty("check").GetString() == "row_counts" && c.GetProperty("status").GetString() == "passed");
        var html = await auditor.GetAsync($"/api/database-operations/{id}/reports/validation-report.html");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var excerpt = (await auditor.GetStringAsync($"/api/database-operations/{id}/reports/audit.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var approvals = excerpt.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("type").GetString() == "service_action" && e.GetProperty("action").GetString() == "operation_approve").ToList();
        Assert.Equal(new[] { "dan", "mia", "olga", "sam" }, approvals.Select(a => a.GetProperty("actor").GetString()).Order().ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"/api/database-operations/{id}/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await f.Anonymous().GetAsync($"/api/database-operations/{id}/reports/summary.json")).StatusCode);
    }
}
