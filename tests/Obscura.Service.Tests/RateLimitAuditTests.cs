using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Engine.Audit;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>429s are audited as one <c>rate_limited</c> record per client key and window, with the count.</summary>
public sealed class RateLimitAuditTests
{
    private static async Task<IReadOnlyList<AuditRecord>> RecordsAsync(ServiceFixture f, int expected)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var records = await f.Store.QueryAuditAsync(new AuditQuery { Action = "rate_limit" }, CancellationToken.None);
            if (records.Count >= expected || DateTime.UtcNow > until) return records;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_flood_of_429s_is_one_rate_limited_record_per_client_and_window_with_its_count()
    {
        await using var f = await ServiceFixture.StartAsync(s => s with
        {
            // The built-in limiter's window runs on real time: ten minutes outlasts this test on any machine.
            Access = new Access.AccessSettings { RateLimit = new Access.RateLimitSettings { PermitLimit = 2, Window = TimeSpan.FromMinutes(10) } },
        });
        var (_, annToken) = await ServiceUsers.AddAsync(f.Store, "ann", [ServiceRoles.Auditor], f.Clock, CancellationToken.None);
        var ann = f.Client(annToken);
        var bob = await f.UserAsync("bob", ServiceRoles.Auditor);
        var anonymous = f.Anonymous();
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync("/api/me")).StatusCode);
        for (var i = 0; i < 8; i++) Assert.Equal(HttpStatusCode.TooManyRequests, (await ann.GetAsync(i == 0 ? "/api/me" : "/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/me")).StatusCode);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/me")).StatusCode);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.TooManyRequests, (await anonymous.GetAsync("/api/me")).StatusCode);

        // Nothing is written while the window is open, however many requests are refused in it.
        await Task.Delay(300);
        Assert.Empty(await f.Store.QueryAuditAsync(new AuditQuery { Action = "rate_limit" }, CancellationToken.None));

        f.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var records = await RecordsAsync(f, 2);
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal("rate_limited", r.Outcome));
        Assert.Contains(records, r => r.Actor == "ann" && r.Target == "/api/me (8 requests refused)");
        Assert.Contains(records, r => r.Actor == "anonymous" && r.Target == "/api/me (3 requests refused)");
        Assert.DoesNotContain(records, r => r.Actor == "bob");

        // The limiter's own window has not ended: ann's next refusals open a new audit window, written once it ends.
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.TooManyRequests, (await ann.GetAsync("/api/me")).StatusCode);
        f.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        records = await RecordsAsync(f, 3);
        Assert.Equal(3, records.Count);
        Assert.Equal("/api/me (2 requests refused)", records[0].Target);

        var verified = AuditVerifier.Verify(f.Settings.AuditPath);
        Assert.True(verified.Valid, verified.Message);
        var text = await File.ReadAllTextAsync(f.Settings.AuditPath);
        Assert.Equal(3, text.Split('\n').Count(l => l.Contains("\"outcome\":\"rate_limited\"", StringComparison.Ordinal)));
        Assert.DoesNotContain(annToken, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_beyond_the_cap_share_one_window_and_address_windows_are_named_by_the_address()
    {
        await using var f = await ServiceFixture.StartAsync(s => s with
        {
            Access = new Access.AccessSettings { RateLimit = new Access.RateLimitSettings { PermitLimit = 2, Window = TimeSpan.FromMinutes(1), PartitionBy = "ip" } },
        });
        var limits = f.App.Services.GetRequiredService<Access.RateLimitAudit>();
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.Path = "/api/me";
        http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "ann")], "test"));
        // A client rotating addresses: one window per address up to the cap, then every further address in one window.
        var extra = 500;
        for (var i = 0; i < Access.RateLimitAudit.MaxOpenWindows + extra; i++) limits.Observe($"ip:2001:db8::{i:x}", http);
        limits.Observe("ip:2001:db8::0", http);
        await limits.FlushAsync(all: true);

        var records = await f.Store.QueryAuditAsync(new AuditQuery { Action = "rate_limit", Limit = 5000 }, CancellationToken.None);
        Assert.Equal(Access.RateLimitAudit.MaxOpenWindows + 1, records.Count);
        Assert.Contains(records, r => r.Actor == "many clients" && r.Target == $"(any path) ({extra} requests refused)");
        Assert.Contains(records, r => r.Actor == "ip:2001:db8::0" && r.Target == "/api/me (2 requests refused)");
        Assert.DoesNotContain(records, r => r.Actor == "ann");
    }

    [Fact]
    public async Task Refusals_still_counting_when_the_service_stops_are_written_at_stop()
    {
        var f = await ServiceFixture.StartAsync(s => s with
        {
            Access = new Access.AccessSettings { RateLimit = new Access.RateLimitSettings { PermitLimit = 1, Window = TimeSpan.FromMinutes(10), PartitionBy = "ip" } },
        });
        var path = f.Settings.AuditPath;
        try
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await f.Anonymous().GetAsync("/api/me")).StatusCode);
            for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.TooManyRequests, (await f.Anonymous().GetAsync("/api/me")).StatusCode);
            await f.App.StopAsync();
            var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Contains("\"action\":\"rate_limit\"", StringComparison.Ordinal)).ToList();
            Assert.Single(lines);
            Assert.Contains("(4 requests refused)", lines[0], StringComparison.Ordinal);
        }
        finally
        {
            await f.DisposeAsync();
        }
    }
}
