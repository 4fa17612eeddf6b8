using System.Diagnostics;
using System.Globalization;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary>
/// Budget reservations across separate engine processes sharing one PostgreSQL budget store: the ledger's row lock, not
/// anything inside one process, is what keeps twenty concurrent <c>obscura query</c> runs from overspending.
/// </summary>
public sealed class QueryBudgetProcessTests
{
    private const int Processes = 20;

    [Fact]
    public async Task Twenty_query_processes_against_a_budget_of_ten_queries_get_exactly_ten_answers()
    {
        var dir = CliRunner.TempDirectory();
        var db = Path.Combine(dir, "people.db");
        var source = Data.DatabaseUri.Parse("sqlite:" + db);
        await TestDatabases.Registry.Resolve(source).EnsureDatabaseAsync(source, CancellationToken.None);
        var rows = Enumerable.Range(1, 400).Select(i => string.Create(CultureInfo.InvariantCulture, $"({i}, {20 + i % 60})"));
        await TestDatabases.ExecuteAsync(source, "CREATE TABLE people (id INTEGER PRIMARY KEY, age INTEGER)", "INSERT INTO people VALUES " + string.Join(", ", rows));
        var ledger = await TestDatabases.CreateAsync("postgres", "budgetproc");
        try
        {
            // The password travels in the environment, not in the policy file.
            await File.WriteAllTextAsync(Path.Combine(dir, "privacy.yaml"), $"""
                audit: audit.jsonl
                budget_store: {ledger}
                tables:
                  people:
                    privacy_unit: id
                    columns:
                      id: {"{"} type: int, private_id: true {"}"}
                      age: {"{"} type: int, lower: 0, upper: 120 {"}"}
                roles:
                  analyst: {"{"} epsilon_per_query: 0.5, delta_per_query: 1.0e-6, budget: {"{"} epsilon: 5.0, delta: 1.0e-5 {"}"} {"}"}
                users:
                  alice: [analyst]
                """);
            var environment = new Dictionary<string, string> { ["OBSCURA_BUDGET_PASSWORD"] = ledger.Password ?? string.Empty };
            // The ledger table exists before the race, so every process contends on reservations, not on creating it.
            var status = await CliRunner.RunAsync(dir, environment, "budget", "status", "--policy", "privacy.yaml");
            Assert.True(status.ExitCode == 0, status.StdErr);

            // Started back to back; each is one `dotnet obscura.dll query` of ε = 0.5 against a budget of 10 × 0.5.
            var runs = new List<Task<CliRunner.Result>>();
            var started = Stopwatch.StartNew();
            for (var i = 0; i < Processes; i++)
                runs.Add(CliRunner.RunAsync(dir, environment, "query", "--source", "sqlite:" + db, "--policy", "privacy.yaml", "--user", "alice",
                    "SELECT COUNT(*) AS n FROM people"));
            var results = await Task.WhenAll(runs);
            started.Stop();

            var failures = results.Where(r => r.ExitCode is not (0 or 4)).Select(r => $"exit {r.ExitCode}: {r.StdErr}").ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.Equal(10, results.Count(r => r.ExitCode == 0));
            Assert.Equal(10, results.Count(r => r.ExitCode == 4));
            Assert.All(results.Where(r => r.ExitCode == 4), r => Assert.Contains("OBS841", r.StdErr, StringComparison.Ordinal));
            Assert.All(results.Where(r => r.ExitCode == 0), r => Assert.StartsWith("n\n", r.StdOut.ReplaceLineEndings("\n"), StringComparison.Ordinal));

            // The ledger: ten committed reservations of 0.5, nothing left reserved; refused queries wrote nothing.
            var states = await TestDatabases.QueryAsync(ledger, "SELECT state, COUNT(*), SUM(epsilon) FROM obscura_budget_ledger GROUP BY state ORDER BY state");
            var committed = Assert.Single(states);
            Assert.Equal("committed", committed[0]);
            Assert.Equal(10L, Convert.ToInt64(committed[1], CultureInfo.InvariantCulture));
            Assert.Equal(5.0, Convert.ToDouble(committed[2], CultureInfo.InvariantCulture), 9);

            // Twenty processes appended to one audit log: the chain still verifies, one event per query.
            var verify = await CliRunner.RunAsync(dir, null, "audit", "verify", "audit.jsonl");
            Assert.True(verify.ExitCode == 0, verify.StdErr + verify.StdOut);
            var answered = await CliRunner.RunAsync(dir, null, "audit", "search", "audit.jsonl", "--outcome", "answered");
            Assert.Equal(10, answered.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            var refused = await CliRunner.RunAsync(dir, null, "audit", "search", "audit.jsonl", "--outcome", "refused");
            Assert.Equal(10, refused.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            await TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{ledger.Database}\" WITH (FORCE)");
        }
    }
}
