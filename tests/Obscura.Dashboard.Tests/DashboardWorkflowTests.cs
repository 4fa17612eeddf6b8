using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service;
using Obscura.Service.Dashboard;
using Obscura.Service.Tests;

namespace Obscura.Dashboard.Tests;

/// <summary>The dashboard's forms drive the same workflow as the API: the same refusals, the same audit, one store.</summary>
public sealed class DashboardWorkflowTests
{
    private static async Task<string> TokenAsync(ServiceFixture f, string name, params string[] roles) =>
        (await ServiceUsers.AddAsync(f.Store, name, roles, f.Clock, CancellationToken.None)).Token;

    private static async Task<(string SourceId, string TargetId)> SqliteSourcesAsync(ServiceFixture f)
    {
        var source = await TestDatabases.CreateAsync("sqlite", "dash_wf_src");
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, status TEXT NOT NULL)",
            "INSERT INTO users VALUES (1, 'a@example.com', 'active'), (2, 'b@example.com', 'closed')");
        var target = await TestDatabases.CreateAsync("sqlite", "dash_wf_dst");
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        return (await f.DataSourceAsync(admin, new { name = "prod-crm", kind = "sqlite", database = source.Database, environment = "PROD", classification = "HRCI" }),
            await f.DataSourceAsync(admin, new { name = "dev-crm", kind = "sqlite", database = target.Database, environment = "DEV" }));
    }

    private static Dictionary<string, string> CopyForm(string sourceId, string targetId) => new()
    {
        ["Input.OperationType"] = "copy_filtered", ["Input.SourceId"] = sourceId, ["Input.TargetId"] = targetId, ["Input.Tables"] = "users",
        ["Input.Filters"] = "users: status = 'active'", ["Input.Anonymize"] = "true",
        ["Input.Config"] = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n",
    };

    [Fact]
    public async Task A_request_from_the_form_reaches_the_inbox_of_each_required_role_with_what_is_approved_and_never_the_requester()
    {
        await using var f = await ServiceFixture.StartAsync();
        var (sourceId, targetId) = await SqliteSourcesAsync(f);
        var rita = await DashboardSession.SignInAsync(f, await TokenAsync(f, "rita", ServiceRoles.Requester, ServiceRoles.Dba));
        var created = await rita.PostFormAsync("/dashboard/operations/new", CopyForm(sourceId, targetId));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = long.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var op = (await f.Store.GetOperationAsync(id, CancellationToken.None))!;
        Assert.Equal(["DBA", "DATA_OWNER", "SECURITY"], op.RequiredRoles);

        // The requester holds DBA but never sees their own operation in the inbox, and cannot approve it by posting anyway.
        var (_, ritaInbox) = await rita.GetAsync("/dashboard/approvals");
        Assert.Contains("Nothing waits for your approval.", ritaInbox, StringComparison.Ordinal);
        var self = await rita.PostFormAsync("/dashboard/approvals", new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = "DBA", ["decision"] = "approve" });
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Contains("the requester cannot approve or reject their own operation", await self.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var dan = await DashboardSession.SignInAsync(f, await TokenAsync(f, "dan", ServiceRoles.Dba, ServiceRoles.Security));
        var (_, inbox) = await dan.GetAsync("/dashboard/approvals");
        var summary = WebUtility.HtmlDecode(Regex.Replace(inbox, "<[^>]+>", ""));
        foreach (var expected in new[] { "prod-crm (PROD, sqlite, HRCI)", "dev-crm (DEV, sqlite)", "users: status = 'active'", "email", "hash", "DBA, DATA_OWNER, SECURITY" })
            Assert.Contains(expected, summary, StringComparison.Ordinal);
        Assert.Contains("<option value=\"DBA\">DBA</option>", inbox, StringComparison.Ordinal);
        Assert.Contains("<option value=\"SECURITY\">SECURITY</option>", inbox, StringComparison.Ordinal);

        var approved = await dan.PostFormAsync("/dashboard/approvals", new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = "DBA", ["decision"] = "approve", ["comments"] = "ok" });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        // One person fills one role: the inbox no longer offers the operation to dan, and a second role is refused.
        var (_, after) = await dan.GetAsync("/dashboard/approvals");
        Assert.Contains($"Operation #{id} approved as DBA; it is now pending approval.", after, StringComparison.Ordinal);
        Assert.Contains("Nothing waits for your approval.", after, StringComparison.Ordinal);
        var second = await dan.PostFormAsync("/dashboard/approvals", new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = "SECURITY", ["decision"] = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);

        // Executing early is refused with the missing roles, as the API's 409.
        var early = await rita.PostFormAsync($"/dashboard/operations/{id}?handler=Execute", [], $"/dashboard/operations/{id}");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("still needs approval from DATA_OWNER, SECURITY", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var audit = await f.Store.QueryAuditAsync(new() { Target = $"operation:{id}" }, CancellationToken.None);
        Assert.Contains(audit, r => r is { Action: "operation_create", Actor: "rita", Outcome: "ok" });
        Assert.Contains(audit, r => r is { Action: "operation_approve", Actor: "rita", Outcome: "forbidden" });
        Assert.Contains(audit, r => r is { Action: "operation_approve", Actor: "dan", Role: "DBA", Outcome: "ok" });
        Assert.Contains(audit, r => r is { Action: "operation_execute", Actor: "rita", Outcome: "conflict" });
    }

    [Fact]
    public async Task An_invalid_request_is_shown_with_every_problem_and_its_code_and_nothing_is_stored()
    {
        await using var f = await ServiceFixture.StartAsync();
        var (sourceId, targetId) = await SqliteSourcesAsync(f);
        var rita = await DashboardSession.SignInAsync(f, await TokenAsync(f, "rita", ServiceRoles.Requester));
        var form = CopyForm(sourceId, targetId);
        form["Input.Config"] = "tables:\n  users:\n    columns:\n      emial: { strategy: hash }\n";
        form["Input.Filters"] = "users: status = 'active'\nno colon here";
        var refused = await rita.PostFormAsync("/dashboard/operations/new", form);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("is not &#x27;table: predicate&#x27; (OBS920)", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        form["Input.Filters"] = "users: status = 'active'";
        var invalid = await rita.PostFormAsync("/dashboard/operations/new", form);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var html = WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync());
        Assert.Matches("config:4: .*emial.*\\(OBS[0-9]{3}\\)", html);
        // The form keeps what was typed.
        Assert.Contains("emial: { strategy: hash }", html, StringComparison.Ordinal);
        Assert.Empty(await f.Store.ListOperationsAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task Scanning_from_the_form_drafts_a_config_and_is_audited()
    {
        await using var f = await ServiceFixture.StartAsync();
        var (sourceId, targetId) = await SqliteSourcesAsync(f);
        var rita = await DashboardSession.SignInAsync(f, await TokenAsync(f, "rita", ServiceRoles.Requester));
        var form = CopyForm(sourceId, targetId);
        form.Remove("Input.Config");
        var response = await rita.PostFormAsync("/dashboard/operations/new?handler=Scan", form, "/dashboard/operations/new");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Personal data found: 1 of 3 columns in 1 table(s)", html, StringComparison.Ordinal);
        Assert.Matches("<textarea id=\"op-config\"[^>]*>[^<]*email: \\{ strategy:", html);
        Assert.DoesNotContain("a@example.com", html, StringComparison.Ordinal);
        // The source is HRCI and a requester has no clear-text grant: classified by names only, and audited so.
        Assert.Contains(await f.Store.QueryAuditAsync(new() { Action = "dashboard_scan" }, CancellationToken.None), r => r.Target == $"data_source:{sourceId}/users" && r.Outcome == "ok_names_only");
    }

    [Fact]
    public async Task Only_allowlisted_report_files_are_served_and_never_another_path()
    {
        await using var f = await ServiceFixture.StartAsync();
        var (sourceId, _) = await SqliteSourcesAsync(f);
        var rita = await DashboardSession.SignInAsync(f, await TokenAsync(f, "rita", ServiceRoles.Requester));
        var created = await rita.PostFormAsync("/dashboard/operations/new", new() { ["Input.OperationType"] = "scan", ["Input.SourceId"] = sourceId });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = created.Headers.Location!.OriginalString.Split('/').Last();
        var op = await f.WaitForAsync(f.Client(await TokenAsync(f, "sam", ServiceRoles.Security)), long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), s => s is "pending_approval");
        Assert.Equal("pending_approval", op.GetProperty("status").GetString());

        Directory.CreateDirectory(Path.Combine(f.Settings.DataDirectory, "operation-" + id));
        await File.WriteAllTextAsync(Path.Combine(f.Settings.DataDirectory, "operation-" + id, "secret.txt"), "not for download");
        foreach (var name in new[] { "secret.txt", "..%2F..%2Fservice.db", "validation-report.html" })
            Assert.Equal(HttpStatusCode.NotFound, (await rita.Client.GetAsync($"/dashboard/operations/{id}/files/{name}")).StatusCode);

        await File.WriteAllTextAsync(Path.Combine(f.Settings.DataDirectory, "operation-" + id, "validation-report.html"), "<h1>report</h1>");
        // The process that ends an operation moves its reports into the store; the dashboard serves them from there only.
        Assert.Equal(HttpStatusCode.NotFound, (await rita.Client.GetAsync($"/dashboard/operations/{id}/files/validation-report.html")).StatusCode);
        await f.App.Services.GetRequiredService<Obscura.Service.Operations.ReportPublisher>().PublishAsync(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.Equal(HttpStatusCode.NotFound, (await rita.Client.GetAsync($"/dashboard/operations/{id}/files/secret.txt")).StatusCode);
        var report = await rita.Client.GetAsync($"/dashboard/operations/{id}/files/validation-report.html");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.StartsWith("sandbox", string.Join(";", report.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains(await f.Store.QueryAuditAsync(new() { Action = "report_download" }, CancellationToken.None), r => r.Actor == "rita");
    }

    [Fact]
    public async Task The_budgets_page_says_when_no_policy_is_configured_and_shows_the_ledger_when_one_is()
    {
        await using (var none = await ServiceFixture.StartAsync(services: s => s.AddSingleton(new DashboardOptions { PrivacyPolicyPath = null })))
        {
            var session = await DashboardSession.SignInAsync(none, await TokenAsync(none, "alice", ServiceRoles.Analyst));
            var (status, html) = await session.GetAsync("/dashboard/budgets");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("No private-query policy is configured", html, StringComparison.Ordinal);
        }

        var directory = Path.Combine(Path.GetTempPath(), "obscura-dashboard-budgets", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var policy = Path.Combine(directory, "privacy.yaml");
        await File.WriteAllTextAsync(policy, """
            budget_store: sqlite:budget.db
            tables:
              people:
                columns:
                  age: { type: int, lower: 0, upper: 100 }
            roles:
              analyst: { epsilon_per_query: 1.0, delta_per_query: 1.0e-6, budget: { epsilon: 10.0, delta: 1.0e-5, reset: monthly } }
            users:
              alice: [analyst]
              bob: [analyst]
            """);
        try
        {
            await using var f = await ServiceFixture.StartAsync(services: s => s.AddSingleton(new DashboardOptions { PrivacyPolicyPath = policy }));
            var alice = await DashboardSession.SignInAsync(f, await TokenAsync(f, "alice", ServiceRoles.Analyst));
            var (_, mine) = await alice.GetAsync("/dashboard/budgets");
            Assert.Contains("<td>alice</td>", mine, StringComparison.Ordinal);
            Assert.DoesNotContain("<td>bob</td>", mine, StringComparison.Ordinal);
            Assert.Contains("<td>10</td>", mine, StringComparison.Ordinal);
            var auditor = await DashboardSession.SignInAsync(f, await TokenAsync(f, "aud", ServiceRoles.Auditor));
            var (_, all) = await auditor.GetAsync("/dashboard/budgets");
            Assert.Contains("<td>alice</td>", all, StringComparison.Ordinal);
            Assert.Contains("<td>bob</td>", all, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_audit_view_filters_like_the_api_and_its_read_is_audited()
    {
        await using var f = await ServiceFixture.StartAsync();
        var auditor = await DashboardSession.SignInAsync(f, await TokenAsync(f, "aud", ServiceRoles.Auditor));
        var refused = DashboardSession.Open(f);
        await refused.PostFormAsync("/dashboard/sign-in", new() { ["token"] = "obs_wrong" });
        var (status, html) = await auditor.GetAsync("/dashboard/audit?action=dashboard_sign_in&outcome=unauthenticated");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<td>unauthenticated</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>ok</td>", html, StringComparison.Ordinal);
        Assert.Contains(await f.Store.QueryAuditAsync(new() { Action = "audit_read" }, CancellationToken.None), r => r.Actor == "aud");
    }
}
