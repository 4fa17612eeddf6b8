using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Core.Query;
using Obscura.Core.Query.Policy;
using Obscura.Data;
using Obscura.Engine.Query;
using Xunit;

namespace Obscura.Engine.Tests.Query;

/// <summary>
/// <c>svt</c> on each engine with the PUMS data: clear cases come out right (noise scale 12 against distances of hundreds),
/// the cap of positives holds, a query that is not one number is rejected before anything is spent, and ε is charged once.
/// </summary>
public abstract class SparseVectorQueryTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : PumsDatabase
{
    private LedgerBudgetStore Store() =>
        new(db.Runtime, DatabaseUri.Parse("sqlite:" + Path.Combine(db.Directory, "svt-" + Guid.NewGuid().ToString("N") + ".db")));

    private async Task<SvtAnswer> RunAsync(LedgerBudgetStore store, string[] queries, double threshold, int maxPositives, string user = "carol")
    {
        await using var service = db.Service(store);
        return await service.SparseVectorAsync(new SvtOptions
        {
            Source = db.Uri, User = user, Queries = queries, Threshold = threshold, MaxPositives = maxPositives, Epsilon = 1.0,
        }, CancellationToken.None);
    }

    private async Task<double> SpentAsync(LedgerBudgetStore store, string user = "carol")
    {
        var policy = PolicyLoader.LoadFile(db.PolicyPath);
        var status = await store.StatusAsync(policy, user, CancellationToken.None);
        return status.Count == 0 ? 0 : status[0].EpsilonSpent;
    }

    [Fact]
    public async Task Clear_cases_are_reported_right_and_epsilon_is_charged_once()
    {
        await using var store = Store();
        string[] queries =
        [
            "SELECT COUNT(*) FROM PUMS WHERE age > 200",  // 0
            "SELECT COUNT(*) FROM PUMS",                  // 1000
            "SELECT COUNT(*) FROM PUMS WHERE age > 300",  // 0
            "SELECT COUNT(*) FROM PUMS_DUP",              // 1000 people once bounded, not 1948 rows
            "SELECT COUNT(*) FROM PUMS_DUP WHERE age::float > 200.5",
        ];
        var answer = await RunAsync(store, queries, threshold: 500, maxPositives: 3);
        Assert.Equal([1, 3], answer.Above);
        Assert.Equal(5, answer.Examined);
        Assert.Equal(1.0, answer.Epsilon, 9);
        Assert.Equal(1.0, await SpentAsync(store), 9);
        Assert.Equal(5, answer.Fingerprints.Count);
        Assert.Equal(answer.Fingerprints[0], answer.Fingerprints[2]); // same shape, other literal
    }

    [Fact]
    public async Task Never_more_than_the_cap_of_positives()
    {
        await using var store = Store();
        var queries = Enumerable.Repeat("SELECT COUNT(*) FROM PUMS", 6).ToArray();
        var answer = await RunAsync(store, queries, threshold: 0, maxPositives: 2);
        Assert.Equal([0, 1], answer.Above);
        Assert.Equal(2, answer.Examined);
        var none = await RunAsync(store, queries, threshold: 100_000, maxPositives: 2);
        Assert.Empty(none.Above);
        Assert.Equal(6, none.Examined);
        Assert.Equal(2.0, await SpentAsync(store), 9);
    }

    [Theory]
    [InlineData("SELECT sex, COUNT(*) FROM PUMS GROUP BY sex", DiagnosticCodes.QueryAggregateShape)]
    [InlineData("SELECT AVG(age) FROM PUMS", DiagnosticCodes.QueryAggregateShape)]
    [InlineData("SELECT COUNT(*), SUM(age) FROM PUMS", DiagnosticCodes.QueryAggregateShape)]
    [InlineData("SELECT age FROM PUMS", DiagnosticCodes.QueryRowLevel)]
    [InlineData("SELECT name FROM regions", DiagnosticCodes.QueryUnsupported)]
    public async Task A_query_that_is_not_one_number_is_rejected_and_nothing_is_spent(string bad, string code)
    {
        await using var store = Store();
        var e = await Assert.ThrowsAsync<QueryRejectedException>(() => RunAsync(store, ["SELECT COUNT(*) FROM PUMS", bad], 10, 1));
        Assert.Equal(code, e.Code);
        Assert.StartsWith("query 2", e.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await SpentAsync(store));
    }

    [Fact]
    public async Task A_run_is_one_svt_event_in_the_audit_log()
    {
        await using var store = Store();
        var path = Path.Combine(db.Directory, "obscura-audit.jsonl");
        var before = File.Exists(path) ? (await File.ReadAllLinesAsync(path)).Length : 0;
        await RunAsync(store, ["SELECT COUNT(*) FROM PUMS WHERE educ = 'sv4secret'", "SELECT SUM(income) FROM PUMS"], threshold: 10, maxPositives: 1);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(before + 1, lines.Length);
        var e = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal("svt", e.GetProperty("command").GetString());
        Assert.Equal("answered", e.GetProperty("outcome").GetString());
        Assert.Equal("sparse_vector", e.GetProperty("mechanism").GetString());
        Assert.Equal(1.0, e.GetProperty("epsilon").GetDouble(), 9);
        Assert.DoesNotContain("sv4secret", lines[^1], StringComparison.Ordinal);
    }
}

public sealed class SqliteSparseVectorQueryTests(SqlitePums db) : SparseVectorQueryTests<SqlitePums>(db);

public sealed class PostgresSparseVectorQueryTests(PostgresPums db) : SparseVectorQueryTests<PostgresPums>(db);

public sealed class MariaDbSparseVectorQueryTests(MariaDbPums db) : SparseVectorQueryTests<MariaDbPums>(db);
