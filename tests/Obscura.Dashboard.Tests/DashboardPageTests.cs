using System.Net;
using System.Text.RegularExpressions;
using Obscura.Service;
using Obscura.Service.Tests;

namespace Obscura.Dashboard.Tests;

public sealed class DashboardPageTests
{
    private static async Task<string> TokenAsync(ServiceFixture f, string name, params string[] roles) =>
        (await ServiceUsers.AddAsync(f.Store, name, roles, f.Clock, CancellationToken.None)).Token;

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_sign_in_form_which_posts_the_token_and_never_puts_it_in_a_url()
    {
        await using var f = await ServiceFixture.StartAsync();
        var session = DashboardSession.Open(f);
        var response = await session.Client.GetAsync("/dashboard/operations");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/dashboard/sign-in?return_url=%2Fdashboard%2Foperations", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        var (status, html) = await session.GetAsync("/dashboard/sign-in");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<form method=\"post\"", html, StringComparison.Ordinal);
        Assert.Matches("<input id=\"token\" name=\"token\" type=\"password\"", html);

        var refused = await session.PostFormAsync("/dashboard/sign-in", new() { ["token"] = "obs_not-a-token" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("That token is not valid", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(await f.Store.QueryAuditAsync(new() { Action = "dashboard_sign_in" }, CancellationToken.None), r => r.Outcome == "unauthenticated");
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_Strict_and_returns_to_the_page_asked_for()
    {
        await using var f = await ServiceFixture.StartAsync();
        var token = await TokenAsync(f, "rita", ServiceRoles.Requester);
        var session = DashboardSession.Open(f);
        var response = await session.PostFormAsync("/dashboard/sign-in?return_url=%2Fdashboard%2Foperations", new() { ["token"] = token, ["return_url"] = "/dashboard/operations" }, "/dashboard/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/operations", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("obscura_dashboard=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(token, cookie, StringComparison.Ordinal);

        // An open redirect is not followed.
        var other = DashboardSession.Open(f);
        var away = await other.PostFormAsync("/dashboard/sign-in", new() { ["token"] = token, ["return_url"] = "https://evil.example/" });
        Assert.Equal("/dashboard", away.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("REQUESTER", "/dashboard/operations/new", "/dashboard/audit")]
    [InlineData("AUDITOR", "/dashboard/audit", "/dashboard/operations/new")]
    [InlineData("DBA", "/dashboard/approvals", "/dashboard/audit")]
    [InlineData("ANALYST", "/dashboard/budgets", "/dashboard/data-sources")]
    [InlineData("ADMIN", "/dashboard/data-sources", "/dashboard/approvals")]
    public async Task Each_role_sees_its_pages_and_is_refused_the_others_with_403(string role, string allowed, string refused)
    {
        await using var f = await ServiceFixture.StartAsync();
        var session = await DashboardSession.SignInAsync(f, await TokenAsync(f, "user", role));

        var (status, html) = await session.GetAsync(allowed);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"href=\"{allowed}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"{refused}\"", html, StringComparison.Ordinal);

        var response = await session.Client.GetAsync(refused);
        if (role == ServiceRoles.Admin)
        {
            // ADMIN reaches the inbox but holds no approver role: it is empty.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dashboard/forbidden", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var forbidden = await session.Client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains(await f.Store.QueryAuditAsync(new() { Action = "authorize", Outcome = "forbidden" }, CancellationToken.None), r => r.Target == refused);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_with_400_and_changes_nothing()
    {
        await using var f = await ServiceFixture.StartAsync();
        var session = await DashboardSession.SignInAsync(f, await TokenAsync(f, "adam", ServiceRoles.Admin));
        var response = await session.Client.PostAsync("/dashboard/data-sources?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "dev", ["Input.Kind"] = "sqlite", ["Input.Database"] = "/tmp/x.db", ["Input.Environment"] = "DEV",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await f.Store.ListDataSourcesAsync(CancellationToken.None));

        var signOut = await session.Client.PostAsync("/dashboard/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_cookie_does_not_open_the_api_and_a_disabled_user_loses_the_session_at_once()
    {
        await using var f = await ServiceFixture.StartAsync();
        var session = await DashboardSession.SignInAsync(f, await TokenAsync(f, "rita", ServiceRoles.Requester));
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Client.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/dashboard")).StatusCode);

        await ServiceUsers.SetDisabledAsync(f.Store, "rita", true, CancellationToken.None);
        var response = await session.Client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dashboard/sign-in", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        await using var f = await ServiceFixture.StartAsync();
        var session = await DashboardSession.SignInAsync(f, await TokenAsync(f, "rita", ServiceRoles.Requester));
        var response = await session.PostFormAsync("/dashboard/sign-out", [], "/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Pages_carry_the_security_headers_and_no_inline_script()
    {
        await using var f = await ServiceFixture.StartAsync();
        var session = await DashboardSession.SignInAsync(f, await TokenAsync(f, "adam", ServiceRoles.Admin, ServiceRoles.Requester, ServiceRoles.Auditor));
        foreach (var page in new[] { "/dashboard", "/dashboard/sign-in", "/dashboard/data-sources", "/dashboard/operations/new", "/dashboard/operations", "/dashboard/audit", "/dashboard/budgets" })
        {
            var response = await session.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(new Regex("<script(?![^>]*\\bsrc=)"), html);
            Assert.DoesNotMatch(new Regex("\\son[a-z]+=\"", RegexOptions.IgnoreCase), html);
            Assert.DoesNotContain(" style=\"", html, StringComparison.Ordinal);
            // Every form that changes something carries its antiforgery token.
            foreach (Match form in Regex.Matches(html, "<form method=\"post\".*?</form>", RegexOptions.Singleline))
                Assert.Contains("name=\"__csrf\"", form.Value, StringComparison.Ordinal);
        }
        var css = await session.Client.GetAsync("/dashboard/assets/dashboard.css");
        Assert.Equal("text/css; charset=utf-8", css.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task A_data_source_password_never_appears_in_any_rendered_page()
    {
        const string password = "Pa55-never-shown-7f3a";
        await using var f = await ServiceFixture.StartAsync();
        var session = await DashboardSession.SignInAsync(f, await TokenAsync(f, "adam", ServiceRoles.Admin, ServiceRoles.Requester, ServiceRoles.Auditor));
        var pg = Obscura.Data.Tests.Infrastructure.TestDatabases.PostgresServer;
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "dev-pg", ["Input.Kind"] = "postgres", ["Input.Environment"] = "DEV", ["Input.Host"] = pg.Host!, ["Input.Port"] = pg.Port!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Database"] = pg.Database, ["Input.Username"] = pg.User!, ["Input.Password"] = pg.Password!,
        };
        var added = await session.PostFormAsync("/dashboard/data-sources?handler=Add", new(fields), "/dashboard/data-sources");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var source = Assert.Single(await f.Store.ListDataSourcesAsync(CancellationToken.None));
        Assert.NotNull(source.PasswordCipher);

        // A refused form (the name is taken) is rendered again: without the password.
        var again = await session.PostFormAsync("/dashboard/data-sources?handler=Add", new(fields) { ["Input.Password"] = password }, "/dashboard/data-sources");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var againHtml = await again.Content.ReadAsStringAsync();
        Assert.Contains("a data source named &#x27;dev-pg&#x27; exists", againHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(password, againHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync("/dashboard/data-sources?handler=Add",
            new(fields) { ["Input.Name"] = "uat-pg", ["Input.Environment"] = "UAT", ["Input.Password"] = password }, "/dashboard/data-sources")).StatusCode);

        var test = await session.PostFormAsync("/dashboard/data-sources?handler=Test", new() { ["id"] = source.Id }, "/dashboard/data-sources");
        Assert.Equal(HttpStatusCode.Redirect, test.StatusCode);
        var (_, listed) = await session.GetAsync("/dashboard/data-sources");
        Assert.True(listed.Contains("dev-pg: connected to", StringComparison.Ordinal), Regex.Match(listed, "<main.*?</table>", RegexOptions.Singleline).Value);
        Assert.Contains("encrypted", listed, StringComparison.Ordinal);

        foreach (var page in new[] { "/dashboard", "/dashboard/data-sources", "/dashboard/operations/new", "/dashboard/operations", "/dashboard/audit" })
        {
            var (status, html) = await session.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain(password, html, StringComparison.Ordinal);
            Assert.DoesNotContain(pg.Password!, html, StringComparison.Ordinal);
        }
        var logs = string.Join("\n", f.Logs.Lines);
        Assert.DoesNotContain(password, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(pg.Password!, logs, StringComparison.Ordinal);
    }
}
