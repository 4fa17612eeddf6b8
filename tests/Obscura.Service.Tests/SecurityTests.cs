using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// The service keeps secrets and refuses callers: a data-source password is in no file the service writes, no log line,
/// no API answer and no audit line, whatever the caller does with the data source; every API endpoint refuses anonymous
/// callers and the wrong roles; a disabled user or a rotated token is refused from the next request.
/// </summary>
public sealed class SecurityTests
{
    [Fact]
    public async Task A_data_source_password_is_in_no_file_log_line_answer_or_audit_line_whatever_is_done_with_the_source()
    {
        await using var pums = await PumsSource.CreateAsync("postgres");
        // A login of its own with a password that appears nowhere else, so any leak is found.
        var role = TestDatabases.UniqueName("svc_sec");
        var secret = "Pw-" + Guid.NewGuid().ToString("N");
        var wrong = "Wrong-" + Guid.NewGuid().ToString("N");
        await TestDatabases.ExecuteAsync(pums.Uri, $"CREATE ROLE {role} LOGIN PASSWORD '{secret}'", $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}");
        try
        {
            await using var f = await ServiceFixture.StartAsync(s => s with { PolicyPath = pums.PolicyPath });
            var admin = await f.UserAsync("adam", ServiceRoles.Admin, ServiceRoles.Auditor);
            var requester = await f.UserAsync("rita", ServiceRoles.Requester);
            var analyst = await f.UserAsync("ana", ServiceRoles.Analyst);
            var answers = new StringBuilder();
            async Task<string> Read(HttpResponseMessage response)
            {
                var text = await response.Content.ReadAsStringAsync();
                answers.Append(response.Headers).Append(response.Content.Headers).Append(text).Append('\n');
                return text;
            }

            var body = new { name = "pums-pg", kind = "postgres", host = pums.Uri.Host, port = pums.Uri.Port, database = pums.Uri.Database, username = role, password = secret, environment = "PROD", classification = "HRCI" };
            var created = await ServiceFixture.PostAsync(admin, "/api/data-sources", body);
            var id = JsonDocument.Parse(await Read(created)).RootElement.GetProperty("id").GetString()!;
            var wrongId = JsonDocument.Parse(await Read(await ServiceFixture.PostAsync(admin, "/api/data-sources", body with { name = "pums-wrong", password = wrong, environment = "UAT" })))
                .RootElement.GetProperty("id").GetString()!;

            // Every use of the source: list, read, test (good and bad password), preview, query, budget, an operation, audit, metrics.
            await Read(await admin.GetAsync("/api/data-sources"));
            await Read(await admin.GetAsync($"/api/data-sources/{id}"));
            var test = await admin.PostAsync($"/api/data-sources/{id}/test", null);
            Assert.Equal(HttpStatusCode.OK, test.StatusCode);
            await Read(test);
            var failed = await admin.PostAsync($"/api/data-sources/{wrongId}/test", null);
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
            await Read(failed);
            var preview = await admin.GetAsync($"/api/data-sources/{id}/preview?table=pums&limit=5");
            Assert.True(preview.StatusCode == HttpStatusCode.OK, await Read(preview));
            var badPreview = await admin.GetAsync($"/api/data-sources/{wrongId}/preview?table=pums");
            Assert.True(badPreview.StatusCode == HttpStatusCode.BadGateway, await Read(badPreview));
            var query = await ServiceFixture.PostAsync(analyst, "/api/query", new { data_source = "pums-pg", sql = "SELECT COUNT(*) FROM PUMS" });
            Assert.Equal(HttpStatusCode.OK, query.StatusCode);
            await Read(query);
            var badQuery = await ServiceFixture.PostAsync(analyst, "/api/query", new { data_source = "pums-wrong", sql = "SELECT COUNT(*) FROM PUMS" });
            Assert.Equal(HttpStatusCode.BadGateway, badQuery.StatusCode);
            await Read(badQuery);
            await Read(await analyst.GetAsync("/api/budget"));
            var op = await ServiceFixture.PostAsync(requester, "/api/database-operations", new
            {
                operation_type = "dump", source_env = id, tables = new[] { "pums" }, anonymize = true, format = "csv",
                config = "tables:\n  pums:\n    columns:\n      income: { strategy: \"null\" }\n",
            });
            var opText = await Read(op);
            Assert.True(op.StatusCode == HttpStatusCode.Created, opText);
            var opId = JsonDocument.Parse(opText).RootElement.GetProperty("id").GetInt64();
            await Read(await admin.GetAsync($"/api/database-operations/{opId}"));
            await Read(await admin.GetAsync($"/api/database-operations/{opId}/progress"));
            await Read(await admin.GetAsync("/api/audit?limit=1000"));
            await Read(await f.Anonymous().GetAsync("/metrics"));
            await Read(await f.Anonymous().GetAsync("/openapi/v1.json"));

            var everything = answers.ToString();
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(wrong, everything, StringComparison.Ordinal);
            Assert.NotEmpty(f.Logs.Lines);
            Assert.DoesNotContain(f.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains(wrong, StringComparison.Ordinal));
            // Every file the service wrote (store, WAL, audit log, data directory) and the query engine's audit.
            foreach (var file in Directory.GetFiles(f.Directory, "*", SearchOption.AllDirectories).Where(p => !p.EndsWith(".lock", StringComparison.Ordinal)).Append(pums.QueryAuditPath))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var text = await new StreamReader(stream, Encoding.Latin1).ReadToEndAsync();
                Assert.False(text.Contains(secret, StringComparison.Ordinal), file);
                Assert.False(text.Contains(wrong, StringComparison.Ordinal), file);
            }
            Assert.Contains("v1:", f.StoreFilesText(), StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabases.ExecuteAsync(pums.Uri, $"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}");
            await TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP ROLE IF EXISTS {role}");
        }
    }

    [Fact]
    public async Task Every_api_endpoint_refuses_anonymous_callers_with_401_and_wrong_roles_with_403_and_audits_both()
    {
        await using var f = await ServiceFixture.StartAsync();
        var endpoints = f.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Path: Concrete(e.RoutePattern.RawText!))))
            .ToList();
        Assert.True(endpoints.Count >= 15, string.Join(", ", endpoints));
        foreach (var (method, path) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PATCH" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await f.Anonymous().SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {response.StatusCode}");
        }
        var unauthenticated = await f.Store.QueryAuditAsync(new AuditQuery { Outcome = "unauthenticated", Limit = 1000 }, CancellationToken.None);
        Assert.Equal(endpoints.Count, unauthenticated.Count);

        var analyst = await f.UserAsync("ana", ServiceRoles.Analyst);
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        var auditor = await f.UserAsync("audrey", ServiceRoles.Auditor);
        var dba = await f.UserAsync("dan", ServiceRoles.Dba);
        var refusals = new (HttpClient Client, string Who, string Method, string Path)[]
        {
            (analyst, "ana", "GET", "/api/data-sources"), (analyst, "ana", "GET", "/api/database-operations"), (analyst, "ana", "GET", "/api/audit"),
            (analyst, "ana", "GET", "/api/data-sources/x/preview?table=t"), (analyst, "ana", "POST", "/api/database-operations"),
            (requester, "rita", "POST", "/api/query"), (requester, "rita", "GET", "/api/budget"), (requester, "rita", "POST", "/api/data-sources"),
            (requester, "rita", "DELETE", "/api/data-sources/x"), (requester, "rita", "GET", "/api/audit"), (requester, "rita", "POST", "/api/data-sources/x/test"),
            (auditor, "audrey", "POST", "/api/data-sources"), (auditor, "audrey", "POST", "/api/query"), (dba, "dan", "POST", "/api/database-operations"),
        };
        foreach (var (client, _, method, path) in refusals)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var forbidden = await f.Store.QueryAuditAsync(new AuditQuery { Outcome = "forbidden", Limit = 1000 }, CancellationToken.None);
        foreach (var (_, who, _, path) in refusals)
            Assert.Contains(forbidden, r => r.Actor == who && r.Target == path.Split('?')[0] && r.RemoteAddress is null or { Length: > 0 });
    }

    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{[^}]+\\}", "1");

    [Fact]
    public async Task Disabled_users_and_rotated_tokens_are_refused_at_once_on_every_kind_of_endpoint()
    {
        using var idp = new JwtIssuer(TempDir());
        await using var f = await ServiceFixture.StartAsync(idp.Trust);
        var (_, token) = await ServiceUsers.AddAsync(f.Store, "adam", [ServiceRoles.Admin, ServiceRoles.Auditor], f.Clock, CancellationToken.None);
        var jwt = idp.Token("ida", ["obscura-admins"]);
        var paths = new[] { "/api/me", "/api/data-sources", "/api/database-operations", "/api/audit" };
        foreach (var credential in new[] { token, jwt })
        {
            foreach (var path in paths) Assert.Equal(HttpStatusCode.OK, (await f.Client(credential).GetAsync(path)).StatusCode);
        }
        var rotated = await ServiceUsers.RotateTokenAsync(f.Store, "adam", CancellationToken.None);
        await ServiceUsers.SetDisabledAsync(f.Store, "ida", true, CancellationToken.None);
        foreach (var credential in new[] { token, jwt })
        {
            foreach (var path in paths) Assert.Equal(HttpStatusCode.Unauthorized, (await f.Client(credential).GetAsync(path)).StatusCode);
        }
        foreach (var path in paths) Assert.Equal(HttpStatusCode.OK, (await f.Client(rotated).GetAsync(path)).StatusCode);
        await ServiceUsers.SetDisabledAsync(f.Store, "adam", true, CancellationToken.None);
        foreach (var path in paths) Assert.Equal(HttpStatusCode.Unauthorized, (await f.Client(rotated).GetAsync(path)).StatusCode);
        var audit = await File.ReadAllTextAsync(f.Settings.AuditPath);
        foreach (var secret in new[] { token, rotated, jwt.Split('.')[2] }) Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Logs.Lines, l => l.Contains(token, StringComparison.Ordinal) || l.Contains(rotated, StringComparison.Ordinal) || l.Contains(jwt, StringComparison.Ordinal));
    }

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-access-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
