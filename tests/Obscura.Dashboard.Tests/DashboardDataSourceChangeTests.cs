using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Obscura.Service;
using Obscura.Service.Tests;

namespace Obscura.Dashboard.Tests;

/// <summary>A data source edited under a pending operation is in the approvals inbox as a diff at once, and a decision on the version shown before is refused.</summary>
public sealed class DashboardDataSourceChangeTests
{
    private static async Task<(HttpClient Api, string Token)> UserAsync(ServiceFixture f, string name, params string[] roles)
    {
        var (_, token) = await ServiceUsers.AddAsync(f.Store, name, roles, f.Clock, CancellationToken.None);
        return (f.Client(token), token);
    }

    private static string Article(string html, long id) =>
        Regex.Match(html, $"<article aria-labelledby=\"op-{id.ToString(CultureInfo.InvariantCulture)}\">.*?</article>", RegexOptions.Singleline).Value;

    [Fact]
    public async Task The_inbox_shows_a_data_source_edit_as_a_new_version_at_once_and_refuses_a_decision_on_the_old_one()
    {
        await using var f = await ServiceFixture.StartAsync();
        var source = await ServiceDatabases.UsersAndOrdersAsync("postgres", 4, "svc_dash_rebind");
        try
        {
            var (admin, _) = await UserAsync(f, "adam", ServiceRoles.Admin);
            var (rita, _) = await UserAsync(f, "rita", ServiceRoles.Requester);
            var (dan, danToken) = await UserAsync(f, "dan", ServiceRoles.Dba);
            var (_, samToken) = await UserAsync(f, "sam", ServiceRoles.Security);
            var prod = await f.RegisterAsync(admin, "prod", source, "PROD");
            var created = await ServiceFixture.PostAsync(rita, "/api/database-operations", new { operation_type = "scan", source_env = "PROD" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(dan, $"/api/database-operations/{id}", new { action = "approve", approver_role = "DBA" })).StatusCode);

            // Sam has the inbox open on version 1 when the admin moves the data source.
            var sam = await DashboardSession.SignInAsync(f, samToken);
            var (_, before) = await sam.GetAsync("/dashboard/approvals");
            Assert.Contains("<input type=\"hidden\" name=\"version\" value=\"1\">", Article(before, id), StringComparison.Ordinal);
            var host = source.Host == "localhost" ? "127.0.0.1" : "localhost";
            Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PatchAsync(admin, $"/api/data-sources/{prod}", new { host, classification = "HRCI" })).StatusCode);

            // Dan's approval no longer counts: the operation is back in his inbox with the data source change as the diff.
            var (status, html) = await (await DashboardSession.SignInAsync(f, danToken)).GetAsync("/dashboard/approvals");
            Assert.Equal(HttpStatusCode.OK, status);
            var article = Article(html, id);
            Assert.Contains("Changed since version 1 (the version you approved)", article, StringComparison.Ordinal);
            Assert.Contains("The request is now version 2 (data source changed by adam", article, StringComparison.Ordinal);
            Assert.Contains("Decisions on version 1 (DBA: dan approved) no longer count.", article, StringComparison.Ordinal);
            Assert.Contains("<th scope=\"row\">Source data source: host</th>", article, StringComparison.Ordinal);
            Assert.Contains($"<ins><span class=\"visually-hidden\">after: </span><code>{host}</code></ins>", article, StringComparison.Ordinal);
            Assert.Contains("<th scope=\"row\">Source data source: classification</th>", article, StringComparison.Ordinal);
            Assert.Contains("<code>HRCI</code></ins>", article, StringComparison.Ordinal);
            Assert.Equal(2, Regex.Count(article, "<tr class=\"change-"));
            Assert.Contains("<input type=\"hidden\" name=\"version\" value=\"2\">", article, StringComparison.Ordinal);
            if (source.Password is { } password) Assert.DoesNotContain(password, html, StringComparison.Ordinal);

            // Sam's form from before the change names version 1: refused, and the page now shows version 2.
            var fields = new Dictionary<string, string> { ["id"] = id.ToString(CultureInfo.InvariantCulture), ["role"] = "SECURITY", ["decision"] = "approve", ["version"] = "1" };
            var stale = await sam.PostFormAsync("/dashboard/approvals", fields);
            var refused = await stale.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            Assert.Contains("the request is now version 2", refused, StringComparison.Ordinal);
            Assert.Contains("<input type=\"hidden\" name=\"version\" value=\"2\">", Article(refused, id), StringComparison.Ordinal);
            fields["version"] = "2";
            Assert.Equal(HttpStatusCode.Redirect, (await sam.PostFormAsync("/dashboard/approvals", fields)).StatusCode);
            var approvals = JsonDocument.Parse(await dan.GetStringAsync($"/api/database-operations/{id}")).RootElement.GetProperty("approvals").EnumerateArray()
                .Select(a => (a.GetProperty("user").GetString(), a.GetProperty("version").GetInt32(), a.GetProperty("valid").GetBoolean())).ToList();
            Assert.Equal([("dan", 1, false), ("sam", 2, true)], approvals);
        }
        finally
        {
            await ServiceDatabases.DropAsync(source);
        }
    }
}
