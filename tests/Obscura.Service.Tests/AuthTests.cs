using System.Net;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Unauthenticated_and_forbidden_are_distinct_problem_details_and_both_audited()
    {
        await using var f = await ServiceFixture.StartAsync();
        var analyst = await f.UserAsync("ana", ServiceRoles.Analyst);
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        var auditor = await f.UserAsync("audrey", ServiceRoles.Auditor);

        var none = await f.Anonymous().GetAsync("/api/database-operations");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        var bad = await f.Client("obs_not-a-real-token").GetAsync("/api/database-operations");
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/database-operations")).StatusCode);
        var forbidden = await ServiceFixture.PostAsync(requester, "/api/data-sources", new { name = "x", kind = "sqlite", database = "x.db", environment = "DEV" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/audit")).StatusCode);

        var audit = await f.JsonAsync(await auditor.GetAsync("/api/audit"));
        var records = audit.EnumerateArray().ToList();
        Assert.Equal(2, records.Count(r => r.GetProperty("outcome").GetString() == "unauthenticated"));
        Assert.Contains(records, r => r.GetProperty("outcome").GetString() == "forbidden" && r.GetProperty("actor").GetString() == "ana");
        Assert.Contains(records, r => r.GetProperty("outcome").GetString() == "forbidden" && r.GetProperty("actor").GetString() == "rita");
        // The same actions are lines of the hash-chained audit log, which still verifies.
        var chain = await File.ReadAllLinesAsync(f.Settings.AuditPath);
        Assert.Contains(chain, l => l.Contains("\"type\":\"service_action\"", StringComparison.Ordinal) && l.Contains("\"outcome\":\"unauthenticated\"", StringComparison.Ordinal));
        var onlyForbidden = await f.JsonAsync(await auditor.GetAsync("/api/audit?outcome=forbidden&actor=rita"));
        Assert.NotEmpty(onlyForbidden.EnumerateArray());
        Assert.All(onlyForbidden.EnumerateArray(), r =>
        {
            Assert.Equal("forbidden", r.GetProperty("outcome").GetString());
            Assert.Equal("rita", r.GetProperty("actor").GetString());
        });
        var bytes = await File.ReadAllBytesAsync(f.Settings.AuditPath);
        var verification = Engine.Audit.AuditVerifier.Verify(bytes);
        Assert.True(verification.Valid, verification.ToString());
        Assert.Equal((await File.ReadAllLinesAsync(f.Settings.AuditPath)).Length, verification.Lines);
    }

    [Fact]
    public async Task Disabled_users_and_rotated_tokens_are_refused_from_the_next_request()
    {
        await using var f = await ServiceFixture.StartAsync();
        var (_, token) = await ServiceUsers.AddAsync(f.Store, "rita", [ServiceRoles.Requester], f.Clock, CancellationToken.None);
        var client = f.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        var fresh = await ServiceUsers.RotateTokenAsync(f.Store, "rita", CancellationToken.None);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        var rotated = f.Client(fresh);
        Assert.Equal(HttpStatusCode.OK, (await rotated.GetAsync("/api/me")).StatusCode);

        await ServiceUsers.SetDisabledAsync(f.Store, "rita", true, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Unauthorized, (await rotated.GetAsync("/api/me")).StatusCode);
        await ServiceUsers.SetDisabledAsync(f.Store, "rita", false, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await rotated.GetAsync("/api/me")).StatusCode);
        // Tokens never reach the logs (captured at every level) or the audit.
        Assert.NotEmpty(f.Logs.Lines);
        Assert.DoesNotContain(f.Logs.Lines, l => l.Contains(token, StringComparison.Ordinal) || l.Contains(fresh, StringComparison.Ordinal));
        var audit = await File.ReadAllTextAsync(f.Settings.AuditPath);
        Assert.DoesNotContain(token, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(fresh, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes_and_bad_user_input_is_refused()
    {
        await using var f = await ServiceFixture.StartAsync();
        var (_, token) = await ServiceUsers.AddAsync(f.Store, "dora", [ServiceRoles.Dba, ServiceRoles.DataOwner], f.Clock, CancellationToken.None);
        Assert.StartsWith("obs_", token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, f.StoreFilesText(), StringComparison.Ordinal);
        Assert.Contains(Security.ApiTokens.Hash(token), f.StoreFilesText(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<Core.Diagnostics.ObscuraConfigException>(() => ServiceUsers.AddAsync(f.Store, "dora", [ServiceRoles.Dba], f.Clock, CancellationToken.None));
        await Assert.ThrowsAsync<Core.Diagnostics.ObscuraConfigException>(() => ServiceUsers.AddAsync(f.Store, "x", ["ROOT"], f.Clock, CancellationToken.None));
        await Assert.ThrowsAsync<Core.Diagnostics.ObscuraConfigException>(() => ServiceUsers.RotateTokenAsync(f.Store, "nobody", CancellationToken.None));
    }

    [Fact]
    public async Task Health_and_openapi_answer_without_a_token()
    {
        await using var f = await ServiceFixture.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await f.Anonymous().GetAsync("/health/live")).StatusCode);
        var until = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode ready;
        do
        {
            ready = (await f.Anonymous().GetAsync("/health/ready")).StatusCode;
            if (ready != HttpStatusCode.OK) await Task.Delay(100);
        }
        while (ready != HttpStatusCode.OK && DateTime.UtcNow < until);
        Assert.Equal(HttpStatusCode.OK, ready);
        var openapi = await f.Anonymous().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/database-operations/{id}/progress", openapi, StringComparison.Ordinal);
        Assert.Contains("/api/data-sources", openapi, StringComparison.Ordinal);
        var reference = await f.Anonymous().GetAsync("/api-docs/index.html");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("/openapi/v1.json", await f.Anonymous().GetStringAsync("/api-docs/index.js"), StringComparison.Ordinal);
    }
}
