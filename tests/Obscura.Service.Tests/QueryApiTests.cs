using System.Net;
using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Core.Query.Policy;
using Obscura.Engine;
using Obscura.Engine.Query;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// <c>POST /api/query</c> and <c>GET /api/budget</c> answer through the Engine's query service with the CLI's policy,
/// budget store and query audit, as the service user, on SQLite and PostgreSQL data.
/// </summary>
public sealed class QueryApiTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_analyst_gets_a_noisy_answer_with_intervals_cost_and_remaining_budget_from_the_shared_ledger(string provider)
    {
        await using var pums = await PumsSource.CreateAsync(provider);
        await using var f = await ServiceFixture.StartAsync(s => s with { PolicyPath = pums.PolicyPath });
        var admin = await f.UserAsync("adam", ServiceRoles.Admin, ServiceRoles.Auditor);
        var id = await f.DataSourceAsync(admin, pums.DataSourceBody("pums"));
        var ana = await f.UserAsync("ana", ServiceRoles.Analyst);

        var response = await ServiceFixture.PostAsync(ana, "/api/query", new { data_source = "pums", sql = "SELECT COUNT(*) AS n, SUM(age) AS total FROM PUMS", epsilon = 1.0 });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var answer = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["n", "total"], answer.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var row = answer.GetProperty("rows")[0];
        Assert.InRange(row[0].GetDouble(), 900, 1100);
        var ci = answer.GetProperty("ci95")[0][0];
        Assert.True(ci[0].GetDouble() < row[0].GetDouble() && row[0].GetDouble() < ci[1].GetDouble());
        Assert.Equal(1.0, answer.GetProperty("epsilon").GetDouble(), 9);
        Assert.Equal(9.0, answer.GetProperty("epsilon_remaining").GetDouble(), 9);
        Assert.Equal("laplace", answer.GetProperty("mechanism").GetString());

        // The budget the API reports is the CLI's ledger (obscura budget status reads the same store).
        var budget = await f.JsonAsync(await ana.GetAsync("/api/budget"));
        Assert.Single(budget.EnumerateArray());
        Assert.Equal("ana", budget[0].GetProperty("user").GetString());
        Assert.Equal(1.0, budget[0].GetProperty("epsilon_spent").GetDouble(), 9);
        var policy = PolicyLoader.LoadFile(pums.PolicyPath);
        await using (var ledger = LedgerBudgetStore.ForPolicy(ObscuraRuntime.CreateDefault(), policy)!)
        {
            var status = await ledger.StatusAsync(policy, "ana", CancellationToken.None);
            Assert.Equal(1.0, status[0].EpsilonSpent, 9);
        }
        // The query audit of the policy holds the service user's query; the service audit says who asked from where.
        var queryAudit = await File.ReadAllLinesAsync(pums.QueryAuditPath);
        Assert.Contains(queryAudit, l => l.Contains("\"user\":\"ana\"", StringComparison.Ordinal) && l.Contains("\"outcome\":\"answered\"", StringComparison.Ordinal));
        var records = await f.Store.QueryAuditAsync(new AuditQuery { Action = "query" }, CancellationToken.None);
        Assert.Contains(records, r => r.Actor == "ana" && r.Outcome == "answered" && r.Target == "data_source:" + id);
        // ADMIN sees every user's budget.
        var all = await f.JsonAsync(await admin.GetAsync("/api/budget"));
        Assert.Equal(["ana", "tiny"], all.EnumerateArray().Select(r => r.GetProperty("user").GetString()));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Rejected_refused_and_exhausted_queries_are_400_403_and_409_problems_that_spend_nothing(string provider)
    {
        await using var pums = await PumsSource.CreateAsync(provider);
        await using var f = await ServiceFixture.StartAsync(s => s with { PolicyPath = pums.PolicyPath });
        var admin = await f.UserAsync("adam", ServiceRoles.Admin);
        await f.DataSourceAsync(admin, pums.DataSourceBody("pums"));
        var ana = await f.UserAsync("ana", ServiceRoles.Analyst);
        var tiny = await f.UserAsync("tiny", ServiceRoles.Analyst);

        var rowLevel = await ServiceFixture.PostAsync(ana, "/api/query", new { data_source = "pums", sql = "SELECT age FROM PUMS" });
        Assert.Equal(HttpStatusCode.BadRequest, rowLevel.StatusCode);
        var problem = await f.JsonAsync(rowLevel);
        Assert.Equal(DiagnosticCodes.QueryRowLevel, problem.GetProperty("code").GetString());
        var syntax = await f.JsonAsync(await ServiceFixture.PostAsync(ana, "/api/query", new { data_source = "pums", sql = "SELECT COUNT(*) FROM PUMS WHERE" }));
        Assert.Equal(DiagnosticCodes.QuerySyntax, syntax.GetProperty("code").GetString());
        Assert.True(syntax.GetProperty("line").GetInt32() >= 1);

        // ADMIN may call the endpoint but has no role in the policy: refused (403).
        var refused = await ServiceFixture.PostAsync(admin, "/api/query", new { data_source = "pums", sql = "SELECT COUNT(*) FROM PUMS" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(DiagnosticCodes.QueryRefused, (await f.JsonAsync(refused)).GetProperty("code").GetString());

        // tiny's budget (ε 1.5) holds one query of ε 1: the second is 409.
        Assert.Equal(HttpStatusCode.OK, (await ServiceFixture.PostAsync(tiny, "/api/query", new { data_source = "pums", sql = "SELECT COUNT(*) FROM PUMS", epsilon = 1.0 })).StatusCode);
        var exhausted = await ServiceFixture.PostAsync(tiny, "/api/query", new { data_source = "pums", sql = "SELECT COUNT(*) FROM PUMS", epsilon = 1.0 });
        Assert.Equal(HttpStatusCode.Conflict, exhausted.StatusCode);
        Assert.Equal(DiagnosticCodes.QueryBudgetExhausted, (await f.JsonAsync(exhausted)).GetProperty("code").GetString());

        // Bad requests: every problem at once; an unknown data source.
        var invalid = await f.JsonAsync(await ServiceFixture.PostAsync(ana, "/api/query", new { epsilon = -1 }));
        Assert.Equal(3, invalid.GetProperty("problems").GetArrayLength());
        var unknown = await f.JsonAsync(await ServiceFixture.PostAsync(ana, "/api/query", new { data_source = "nope", sql = "SELECT COUNT(*) FROM PUMS" }));
        Assert.Equal(DiagnosticCodes.ServiceUnknownDataSource, unknown.GetProperty("problems")[0].GetProperty("code").GetString());

        // Nothing was spent by the rejected or refused queries.
        var budget = await f.JsonAsync(await ana.GetAsync("/api/budget"));
        Assert.Equal(0, budget[0].GetProperty("epsilon_spent").GetDouble());
        // An analyst reads only their own budget.
        Assert.Equal(HttpStatusCode.Forbidden, (await ana.GetAsync("/api/budget?user=tiny")).StatusCode);
        var outcomes = (await f.Store.QueryAuditAsync(new AuditQuery { Action = "query" }, CancellationToken.None)).Select(r => r.Outcome).ToList();
        Assert.Equal(2, outcomes.Count(o => o == "rejected"));
        Assert.Equal(2, outcomes.Count(o => o == "refused"));
        Assert.Equal(2, outcomes.Count(o => o == "invalid"));
    }

    [Fact]
    public async Task Other_roles_are_forbidden_and_a_service_without_a_policy_says_so()
    {
        await using var f = await ServiceFixture.StartAsync();
        var requester = await f.UserAsync("rita", ServiceRoles.Requester);
        Assert.Equal(HttpStatusCode.Forbidden, (await ServiceFixture.PostAsync(requester, "/api/query", new { data_source = "x", sql = "SELECT 1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/budget")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await f.Anonymous().GetAsync("/api/budget")).StatusCode);
        var ana = await f.UserAsync("ana", ServiceRoles.Analyst);
        var none = await ServiceFixture.PostAsync(ana, "/api/query", new { data_source = "x", sql = "SELECT COUNT(*) FROM PUMS" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, none.StatusCode);
        Assert.Equal(DiagnosticCodes.ServiceQueryNotConfigured, (await f.JsonAsync(none)).GetProperty("code").GetString());
    }
}
