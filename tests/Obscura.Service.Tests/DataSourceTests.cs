using System.Net;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Service.Tests;

public sealed class DataSourceTests
{
    [Fact]
    public async Task A_password_is_encrypted_at_rest_and_never_returned_audited_or_logged()
    {
        await using var f = await ServiceFixture.StartAsync();
        var admin = await f.UserAsync("adam", ServiceRoles.Admin, ServiceRoles.Auditor);
        var pg = TestDatabases.PostgresServer;
        const string secret = "S3cret-Only-In-Memory-9f2c";
        var id = await f.DataSourceAsync(admin, new
        {
            name = "pg-uat", kind = "postgres", host = pg.Host, port = pg.Port, database = pg.Database, username = pg.User,
            environment = "UAT", classification = "Confidential", password = secret,
        });
        var responses = new List<string>
        {
            await admin.GetStringAsync("/api/data-sources"),
            await admin.GetStringAsync($"/api/data-sources/{id}"),
        };
        Assert.Contains("\"password\":\"encrypted\"", responses[1], StringComparison.Ordinal);
        // The wrong password: the test fails with a clear message that does not repeat it.
        var test = await admin.PostAsync($"/api/data-sources/{id}/test", null);
        responses.Add(await test.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadGateway, test.StatusCode);
        Assert.Contains(pg.Host!, responses[^1], StringComparison.Ordinal);
        // Patch in the right password (from the server's URI) and the test passes.
        var patch = await ServiceFixture.PatchAsync(admin, $"/api/data-sources/{id}", new { password = pg.Password });
        responses.Add(await patch.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var ok = await admin.PostAsync($"/api/data-sources/{id}/test", null);
        responses.Add(await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        responses.Add(await admin.GetStringAsync("/api/audit"));

        foreach (var text in responses) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        foreach (var text in responses) Assert.DoesNotContain(pg.Password!, text, StringComparison.Ordinal);
        var store = f.StoreFilesText();
        Assert.DoesNotContain(secret, store, StringComparison.Ordinal);
        Assert.DoesNotContain(pg.Password!, store, StringComparison.Ordinal);
        Assert.Contains("v1:", store, StringComparison.Ordinal);
        var audit = await File.ReadAllTextAsync(f.Settings.AuditPath);
        Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(pg.Password!, audit, StringComparison.Ordinal);
        Assert.NotEmpty(f.Logs.Lines);
        Assert.DoesNotContain(f.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains(pg.Password!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_password_reference_is_resolved_only_when_connecting()
    {
        await using var f = await ServiceFixture.StartAsync();
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var my = TestDatabases.MySqlServer;
        var variable = "OBSCURA_TEST_DS_PW_" + Guid.NewGuid().ToString("N")[..8];
        var id = await f.DataSourceAsync(admin, new
        {
            name = "maria", kind = "mysql", host = my.Host, port = my.Port, database = my.Database, username = my.User, environment = "DEV", password_ref = "env:" + variable,
        });
        var missing = await admin.PostAsync($"/api/data-sources/{id}/test", null);
        Assert.Equal(HttpStatusCode.BadGateway, missing.StatusCode);
        Assert.Contains(variable, await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Environment.SetEnvironmentVariable(variable, my.Password);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/data-sources/{id}/test", null)).StatusCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
        Assert.DoesNotContain(my.Password!, f.StoreFilesText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_data_source_lists_every_problem_and_stores_nothing()
    {
        await using var f = await ServiceFixture.StartAsync();
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        var response = await ServiceFixture.PostAsync(admin, "/api/data-sources", new { kind = "oracle", port = 70000, tls_mode = "maybe", password_ref = "vault:x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await f.JsonAsync(response);
        var fields = problem.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()).ToList();
        foreach (var field in new[] { "name", "kind", "database", "port", "environment", "tls_mode", "password_ref" }) Assert.Contains(field, fields);
        Assert.Empty(await f.Store.ListDataSourcesAsync(CancellationToken.None));
    }
}
