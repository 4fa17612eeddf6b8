using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Core.Diagnostics;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>OIDC/JWT bearer tokens beside API tokens, the IP allowlist, and rate limits.</summary>
public sealed class AccessTests
{
    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-access-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public async Task Identity_provider_tokens_carry_mapped_roles_beside_api_tokens()
    {
        using var idp = new JwtIssuer(TempDir());
        await using var f = await ServiceFixture.StartAsync(idp.Trust);
        var admin = f.Client(idp.Token("ida", ["obscura-admins", "AUDITOR", "some-other-group"]));
        var me = await f.JsonAsync(await admin.GetAsync("/api/me"));
        Assert.Equal("ida", me.GetProperty("name").GetString());
        Assert.Equal([ServiceRoles.Admin, ServiceRoles.Auditor], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        // The role is honoured: an ADMIN creates a data source; a REQUESTER from the same provider may not.
        await f.DataSourceAsync(admin, new { name = "lite", kind = "sqlite", database = Path.Combine(f.Directory, "x.db"), environment = "DEV" });
        var requester = f.Client(idp.Token("rick", [ServiceRoles.Requester]));
        var forbidden = await ServiceFixture.PostAsync(requester, "/api/data-sources", new { name = "y", kind = "sqlite", database = "y.db", environment = "DEV" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        // The signed-in user exists as a service user (for approvals and the audit) and API tokens still work.
        Assert.NotNull(await f.Store.FindUserAsync("ida", CancellationToken.None));
        var apiUser = await f.UserAsync("tom", ServiceRoles.Auditor);
        Assert.Equal(HttpStatusCode.OK, (await apiUser.GetAsync("/api/audit")).StatusCode);

        var audit = await f.JsonAsync(await admin.GetAsync("/api/audit?outcome=forbidden"));
        Assert.Contains(audit.EnumerateArray(), r => r.GetProperty("actor").GetString() == "rick" && r.GetProperty("target").GetString() == "/api/data-sources");
    }

    [Fact]
    public async Task Wrong_issuer_audience_expired_or_badly_signed_tokens_are_401_and_audited_without_the_token()
    {
        using var idp = new JwtIssuer(TempDir());
        await using var f = await ServiceFixture.StartAsync(idp.Trust);
        using var other = RSA.Create(2048);
        var bad = new Dictionary<string, (string Token, string Detail)>
        {
            ["issuer"] = (idp.Token("eve", [ServiceRoles.Admin], issuer: "https://evil.test"), "not issued by the configured identity provider"),
            ["audience"] = (idp.Token("eve", [ServiceRoles.Admin], audience: "another-service"), "audience"),
            ["expired"] = (idp.Token("eve", [ServiceRoles.Admin], expires: DateTime.UtcNow.AddMinutes(-5)), "expired"),
            ["signature"] = (idp.Token("eve", [ServiceRoles.Admin], signWith: other), "signature"),
        };
        var good = idp.Token("eve", [ServiceRoles.Admin]);
        // An unsigned copy of a good token ("alg": "none").
        var parts = good.Split('.');
        var unsigned = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        foreach (var (what, (token, detail)) in bad)
        {
            var response = await f.Client(token).GetAsync("/api/me");
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, what);
            Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var none = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        none.Headers.TryAddWithoutValidation("Authorization", "Bearer " + unsigned);
        Assert.Equal(HttpStatusCode.Unauthorized, (await f.Anonymous().SendAsync(none)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await f.Client(good).GetAsync("/api/me")).StatusCode);

        var records = await f.Store.QueryAuditAsync(new AuditQuery { Outcome = "unauthenticated" }, CancellationToken.None);
        Assert.Equal(5, records.Count);
        Assert.All(records, r => Assert.Equal("/api/me", r.Target));
        Assert.All(records, r => Assert.Equal("anonymous", r.Actor));
        var auditText = await File.ReadAllTextAsync(f.Settings.AuditPath);
        foreach (var (token, _) in bad.Values)
        {
            Assert.DoesNotContain(token.Split('.')[2], auditText, StringComparison.Ordinal);
            Assert.DoesNotContain(f.Logs.Lines, l => l.Contains(token.Split('.')[2], StringComparison.Ordinal));
        }
        Assert.DoesNotContain(good.Split('.')[2], auditText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_user_is_refused_with_a_valid_identity_provider_token_and_named_in_the_audit()
    {
        using var idp = new JwtIssuer(TempDir());
        await using var f = await ServiceFixture.StartAsync(idp.Trust);
        var client = f.Client(idp.Token("dina", [ServiceRoles.Auditor]));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/audit")).StatusCode);
        await ServiceUsers.SetDisabledAsync(f.Store, "dina", true, CancellationToken.None);
        var refused = await client.GetAsync("/api/audit");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("disabled", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var records = await f.Store.QueryAuditAsync(new AuditQuery { Outcome = "unauthenticated" }, CancellationToken.None);
        Assert.Contains(records, r => r.Actor == "dina" && r.Target == "/api/audit");
    }

    [Fact]
    public async Task Bad_access_settings_are_refused_at_start_with_every_problem()
    {
        var e = await Assert.ThrowsAsync<ObscuraConfigException>(() => ServiceFixture.StartAsync(s => s with
        {
            Access = new Access.AccessSettings
            {
                AllowedNetworks = ["10.0.0.1/8", "not-a-network", "2001:db8::/32"],
                RateLimit = new Access.RateLimitSettings { PermitLimit = 0 },
                Jwt = new Access.JwtSettings { Issuer = "https://idp.test" },
            },
        }));
        Assert.All(e.Diagnostics, d => Assert.Equal(DiagnosticCodes.ServiceAccessSettingsInvalid, d.Code));
        Assert.Contains(e.Diagnostics, d => d.Path == "allowed_networks[0]");
        Assert.Contains(e.Diagnostics, d => d.Path == "allowed_networks[1]");
        Assert.DoesNotContain(e.Diagnostics, d => d.Path == "allowed_networks[2]");
        Assert.Contains(e.Diagnostics, d => d.Path == "rate_limit.permit_limit");
        Assert.Contains(e.Diagnostics, d => d.Path == "jwt.audience");
        Assert.Contains(e.Diagnostics, d => d.Path == "jwt.jwks_file");
    }

    private static async Task<HttpContext> SendAsync(ServiceFixture f, string path, string address, string? token = null, string? forwardedFor = null) =>
        await f.App.GetTestServer().SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = path;
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
            if (token is not null) c.Request.Headers.Authorization = "Bearer " + token;
            if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });

    [Fact]
    public async Task Addresses_outside_the_allowlist_get_403_before_authentication_for_IPv4_and_IPv6()
    {
        await using var f = await ServiceFixture.StartAsync(s => s with { Access = new Access.AccessSettings { AllowedNetworks = ["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"] } });
        var (_, token) = await ServiceUsers.AddAsync(f.Store, "ann", [ServiceRoles.Auditor], f.Clock, CancellationToken.None);
        Assert.Equal(200, (await SendAsync(f, "/api/me", "10.20.30.40", token)).Response.StatusCode);
        Assert.Equal(200, (await SendAsync(f, "/api/me", "192.0.2.7", token)).Response.StatusCode);
        Assert.Equal(200, (await SendAsync(f, "/api/me", "2001:db8::5", token)).Response.StatusCode);
        Assert.Equal(200, (await SendAsync(f, "/api/me", "::ffff:10.0.0.1", token)).Response.StatusCode);
        // Inside but without a token: authentication's 401.
        Assert.Equal(401, (await SendAsync(f, "/api/me", "10.0.0.1")).Response.StatusCode);
        // Outside: 403 whether or not the token is good, and health stays open.
        Assert.Equal(403, (await SendAsync(f, "/api/me", "192.0.2.8", token)).Response.StatusCode);
        Assert.Equal(403, (await SendAsync(f, "/api/me", "11.0.0.1")).Response.StatusCode);
        Assert.Equal(403, (await SendAsync(f, "/api/me", "2001:db9::1", token)).Response.StatusCode);
        Assert.Equal(403, (await SendAsync(f, "/openapi/v1.json", "203.0.113.1")).Response.StatusCode);
        Assert.Equal(200, (await SendAsync(f, "/health/live", "203.0.113.1")).Response.StatusCode);
        // Without trusted proxies X-Forwarded-For is ignored.
        Assert.Equal(403, (await SendAsync(f, "/api/me", "203.0.113.1", token, forwardedFor: "10.0.0.1")).Response.StatusCode);

        var records = await f.Store.QueryAuditAsync(new AuditQuery { Outcome = "address_refused" }, CancellationToken.None);
        Assert.Equal(5, records.Count);
        Assert.Contains(records, r => r.RemoteAddress == "2001:db9::1" && r.Target == "/api/me");
    }

    [Fact]
    public async Task Forwarded_addresses_count_only_from_trusted_proxies()
    {
        await using var f = await ServiceFixture.StartAsync(s => s with
        {
            Access = new Access.AccessSettings { AllowedNetworks = ["10.0.0.0/8"], TrustedProxies = ["172.16.0.0/12"] },
        });
        var (_, token) = await ServiceUsers.AddAsync(f.Store, "ann", [ServiceRoles.Auditor], f.Clock, CancellationToken.None);
        Assert.Equal(200, (await SendAsync(f, "/api/me", "172.16.0.9", token, forwardedFor: "10.1.1.1")).Response.StatusCode);
        Assert.Equal(403, (await SendAsync(f, "/api/me", "172.16.0.9", token, forwardedFor: "198.51.100.1")).Response.StatusCode);
        // A client that is not a trusted proxy cannot claim an address.
        Assert.Equal(403, (await SendAsync(f, "/api/me", "198.51.100.1", token, forwardedFor: "10.1.1.1")).Response.StatusCode);
        // A proxy's own address is not a client address.
        Assert.Equal(403, (await SendAsync(f, "/api/me", "172.16.0.9", token)).Response.StatusCode);
    }

    [Fact]
    public async Task The_api_is_rate_limited_per_user_with_429_and_Retry_After()
    {
        await using var f = await ServiceFixture.StartAsync(s => s with
        {
            Access = new Access.AccessSettings { RateLimit = new Access.RateLimitSettings { PermitLimit = 3, Window = TimeSpan.FromMinutes(1) } },
        });
        var ann = await f.UserAsync("ann", ServiceRoles.Auditor);
        var bob = await f.UserAsync("bob", ServiceRoles.Auditor);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync("/api/me")).StatusCode);
        var limited = await ann.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var retry = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retry);
        Assert.InRange(retry!.Value.TotalSeconds, 1, 60);
        // Another user has their own budget; health is not limited.
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/me")).StatusCode);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await f.Anonymous().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_rate_limit_can_count_per_address()
    {
        await using var f = await ServiceFixture.StartAsync(s => s with
        {
            Access = new Access.AccessSettings { RateLimit = new Access.RateLimitSettings { PermitLimit = 2, Window = TimeSpan.FromMinutes(1), PartitionBy = "ip" } },
        });
        var (_, ann) = await ServiceUsers.AddAsync(f.Store, "ann", [ServiceRoles.Auditor], f.Clock, CancellationToken.None);
        var (_, bob) = await ServiceUsers.AddAsync(f.Store, "bob", [ServiceRoles.Auditor], f.Clock, CancellationToken.None);
        Assert.Equal(200, (await SendAsync(f, "/api/me", "10.0.0.1", ann)).Response.StatusCode);
        Assert.Equal(200, (await SendAsync(f, "/api/me", "10.0.0.1", bob)).Response.StatusCode);
        var third = await SendAsync(f, "/api/me", "10.0.0.1", ann);
        Assert.Equal(429, third.Response.StatusCode);
        Assert.True(third.Response.Headers.ContainsKey("Retry-After"));
        Assert.Equal(200, (await SendAsync(f, "/api/me", "10.0.0.2", bob)).Response.StatusCode);
    }

    [Fact]
    public async Task On_a_real_Kestrel_port_the_connection_address_decides_for_IPv4_and_IPv6()
    {
        var dir = TempDir();
        var key = Path.Combine(dir, "master.key");
        await File.WriteAllTextAsync(key, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var settings = new ServiceSettings
        {
            Store = "sqlite:" + Path.Combine(dir, "service.db"), AuditPath = Path.Combine(dir, "audit.jsonl"), DataDirectory = Path.Combine(dir, "data"),
            MasterKeyFile = key, Access = new Access.AccessSettings { AllowedNetworks = ["127.0.0.1/32"] },
        };
        await using var app = await ObscuraServiceHost.BuildAsync(settings, Engine.ObscuraRuntime.CreateDefault(), configure: b => b.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.IPv6Loopback, 0);
        }));
        await app.StartAsync();
        try
        {
            var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
            var (_, token) = await ServiceUsers.AddAsync(app.Services.GetRequiredService<IServiceStore>(), "ann", [ServiceRoles.Auditor], TimeProvider.System, CancellationToken.None);
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var v4 = addresses.Single(a => a.Contains("127.0.0.1", StringComparison.Ordinal));
            var v6 = addresses.Single(a => a.Contains("[::1]", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(v4 + "/api/me")).StatusCode);
            // The same client and token over IPv6 loopback: outside the allowlist. X-Forwarded-For changes nothing (no trusted proxy).
            using var spoofed = new HttpRequestMessage(HttpMethod.Get, v6 + "/api/me");
            spoofed.Headers.Add("X-Forwarded-For", "127.0.0.1");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(spoofed)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(v6 + "/health/live")).StatusCode);
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task Signing_keys_are_discovered_from_the_authority_metadata()
    {
        using var idp = new JwtIssuer(TempDir());
        // A local identity provider: its OpenID configuration and key set on a loopback port.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var provider = builder.Build();
        string? authority = null;
        provider.MapGet("/.well-known/openid-configuration", () => Results.Text(
            $$"""{ "issuer": "{{authority}}", "jwks_uri": "{{authority}}/keys" }""", "application/json"));
        provider.MapGet("/keys", () => Results.Text(File.ReadAllText(idp.JwksFile), "application/json"));
        await provider.StartAsync();
        authority = provider.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
        try
        {
            await using var f = await ServiceFixture.StartAsync(s => s with
            {
                Access = new Access.AccessSettings
                {
                    Jwt = new Access.JwtSettings { Authority = authority, Audience = JwtIssuer.Audience, RequireHttpsMetadata = false },
                },
            });
            var me = await f.Client(idp.Token("ida", [ServiceRoles.Auditor], issuer: authority)).GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await f.Client(idp.Token("ida", [ServiceRoles.Auditor])).GetAsync("/api/me")).StatusCode);
            using var other = RSA.Create(2048);
            Assert.Equal(HttpStatusCode.Unauthorized, (await f.Client(idp.Token("ida", [ServiceRoles.Auditor], issuer: authority, signWith: other)).GetAsync("/api/me")).StatusCode);
        }
        finally
        {
            await provider.StopAsync();
        }
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
