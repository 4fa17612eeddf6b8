using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Obscura.Service;
using Obscura.Service.Tests;

namespace Obscura.Dashboard.Tests;

/// <summary>The approvals inbox and the operation page show what changed since the version that was approved.</summary>
public sealed class DashboardDiffTests
{
    private static async Task<(HttpClient Api, string Token)> UserAsync(ServiceFixture f, string name, params string[] roles)
    {
        var (_, token) = await ServiceUsers.AddAsync(f.Store, name, roles, f.Clock, CancellationToken.None);
        return (f.Client(token), token);
    }

    private static async Task<long> CreateAsync(HttpClient requester, object body)
    {
        var response = await ServiceFixture.PostAsync(requester, "/api/database-operations", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    private static string Article(string html, long id) =>
        Regex.Match(html, $"<article aria-labelledby=\"op-{id.ToString(CultureInfo.InvariantCulture)}\">.*?</article>", RegexOptions.Singleline).Value;

    [Fact]
    public async Task The_inbox_shows_a_changed_request_as_a_marked_diff_against_the_approved_version_and_a_first_version_in_full()
    {
        await using var f = await ServiceFixture.StartAsync();
        var source = await ServiceDatabases.UsersAndOrdersAsync("sqlite", 5);
        var target = await Data.Tests.Infrastructure.TestDatabases.CreateAsync("sqlite", "svc_dev");
        var (admin, _) = await UserAsync(f, "adam", ServiceRoles.Admin);
        var (rita, ritaToken) = await UserAsync(f, "rita", ServiceRoles.Requester);
        var (dan, danToken) = await UserAsync(f, "dan", ServiceRoles.Dba);
        var (_, olgaToken) = await UserAsync(f, "olga", ServiceRoles.DataOwner);
        await f.RegisterAsync(admin, "prod", source, "PROD");
        await f.RegisterAsync(admin, "dev", target, "DEV");

        var request = new Dictionary<string, object>
        {
            ["operation_type"] = "copy_filtered", ["source_env"] = "PROD", ["target_env"] = "DEV", ["tables"] = new[] { "users" },
            ["filter"] = new Dictionary<string, string> { ["users"] = "status = 'active'" }, ["anonymize"] = true,
            ["config"] = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n",
        };
        var changedId = await CreateAsync(rita, request);
        var firstId = await CreateAsync(rita, new { operation_type = "scan", source_env = "PROD" });
        Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(dan, $"/api/database-operations/{changedId}", new { action = "approve", approver_role = "DBA" })).StatusCode);
        request["tables"] = new[] { "users", "orders" };
        request["filter"] = new Dictionary<string, string> { ["users"] = "status = 'closed'" };
        request["config"] = "tables:\n  users:\n    columns:\n      email: { strategy: hash }\n      status: { strategy: hash }\n";
        Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(rita, $"/api/database-operations/{changedId}", new { action = "update", request })).StatusCode);

        var danSession = await DashboardSession.SignInAsync(f, danToken);
        var (status, html) = await danSession.GetAsync("/dashboard/approvals");
        Assert.Equal(HttpStatusCode.OK, status);
        var changed = Article(html, changedId);
        Assert.Contains("Changed since version 1 (the version you approved)", changed, StringComparison.Ordinal);
        Assert.Contains("Decisions on version 1 (DBA: dan approved) no longer count.", changed, StringComparison.Ordinal);
        // A real table with headers; each change says what happened in words, not only in colour.
        Assert.Contains("<th scope=\"col\">What</th><th scope=\"col\">Change</th><th scope=\"col\">Before (version 1)</th><th scope=\"col\">After (version 2)</th>", changed, StringComparison.Ordinal);
        Assert.True(Regex.IsMatch(changed, "<tr class=\"change-added\">\\s*<th scope=\"row\">Tables</th>\\s*<td><span class=\"marker\" aria-hidden=\"true\">&#x2B;</span> added</td>\\s*<td></td>\\s*<td>\\s*<ins><span class=\"visually-hidden\">after: </span><code>orders</code></ins>\\s*</td>"), changed);
        Assert.Contains("<th scope=\"row\">Filter on users</th>", changed, StringComparison.Ordinal);
        Assert.Contains("<del><span class=\"visually-hidden\">before: </span><code>status = &#x27;active&#x27;</code></del>", changed, StringComparison.Ordinal);
        Assert.Contains("<ins><span class=\"visually-hidden\">after: </span><code>status = &#x27;closed&#x27;</code></ins>", changed, StringComparison.Ordinal);
        Assert.Contains("<td>&#x2B; added</td>", changed, StringComparison.Ordinal);
        Assert.Contains("<ins><span class=\"visually-hidden\">added line: </span><code>      status: { strategy: hash }</code></ins>", changed, StringComparison.Ordinal);
        Assert.Contains("<summary>The whole request as it is now (version 2)</summary>", changed, StringComparison.Ordinal);
        // Nothing else is reported as changed.
        Assert.Equal(3, Regex.Count(changed, "<tr class=\"change-"));
        Assert.DoesNotMatch(new Regex("<script(?![^>]*\\bsrc=)"), html);
        Assert.DoesNotContain(" style=\"", html, StringComparison.Ordinal);

        // The first version of a request is shown whole, as before.
        var first = Article(html, firstId);
        Assert.NotEmpty(first);
        Assert.DoesNotContain("Changed since", first, StringComparison.Ordinal);
        Assert.Contains("<dl class=\"summary\">", first, StringComparison.Ordinal);

        // Someone who approved nothing compares against the version last approved by anyone.
        var (_, olgaInbox) = await (await DashboardSession.SignInAsync(f, olgaToken)).GetAsync("/dashboard/approvals");
        Assert.Contains("Changed since version 1 (the version last approved)", Article(olgaInbox, changedId), StringComparison.Ordinal);

        // The operation page carries the same diff for the requester.
        var (pageStatus, page) = await (await DashboardSession.SignInAsync(f, ritaToken)).GetAsync($"/dashboard/operations/{changedId}");
        Assert.Equal(HttpStatusCode.OK, pageStatus);
        Assert.Contains("<h2 id=\"changes-heading\">Changes to the request</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<code>orders</code></ins>", page, StringComparison.Ordinal);
        var (_, firstPage) = await (await DashboardSession.SignInAsync(f, ritaToken)).GetAsync($"/dashboard/operations/{firstId}");
        Assert.DoesNotContain("changes-heading", firstPage, StringComparison.Ordinal);
    }
}
