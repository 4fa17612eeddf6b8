using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Obscura.Service.Tests;

namespace Obscura.Dashboard.Tests;

/// <summary>A browser-like HTTP client for the dashboard on the test server: keeps cookies, does not follow redirects, posts forms with their antiforgery token.</summary>
internal sealed partial class DashboardSession(HttpClient client)
{
    public HttpClient Client { get; } = client;

    public static DashboardSession Open(ServiceFixture f)
    {
        var handler = new CookieContainerHandler { InnerHandler = f.App.GetTestServer().CreateHandler() };
        return new DashboardSession(new HttpClient(handler) { BaseAddress = new Uri("http://localhost") });
    }

    /// <summary>A session signed in with <paramref name="token"/> (asserts it worked).</summary>
    public static async Task<DashboardSession> SignInAsync(ServiceFixture f, string token)
    {
        var session = Open(f);
        var response = await session.PostFormAsync("/dashboard/sign-in", new() { ["token"] = token });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard", response.Headers.Location?.OriginalString);
        return session;
    }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        var response = await Client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GETs <paramref name="formPage"/> (default: <paramref name="url"/>) for its antiforgery token and POSTs the fields with it.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var (_, html) = await GetAsync(formPage ?? url.Split('?')[0]);
        var token = Csrf().Match(html);
        Assert.True(token.Success, "the form page has no antiforgery token");
        fields["__csrf"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await Client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Csrf();
}
