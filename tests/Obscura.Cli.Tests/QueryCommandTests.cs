using System.Globalization;
using System.Text.Json;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura query</c>, <c>policy explain</c> and <c>budget</c> as a user runs them: answers, exit codes 0/2/4, nothing spent on refusal.</summary>
public sealed class QueryCommandTests
{
    private static async Task<(string Dir, string Source)> SetUpAsync()
    {
        var dir = CliRunner.TempDirectory();
        var db = Path.Combine(dir, "people.db");
        var uri = Data.DatabaseUri.Parse("sqlite:" + db);
        await TestDatabases.Registry.Resolve(uri).EnsureDatabaseAsync(uri, CancellationToken.None);
        var rows = Enumerable.Range(1, 600).Select(i => string.Create(CultureInfo.InvariantCulture, $"({i}, {20 + i % 60}, '{(i % 3 == 0 ? "north" : "south")}', '{i}@example.org')"));
        await TestDatabases.ExecuteAsync(uri, "CREATE TABLE people (id INTEGER PRIMARY KEY, age INTEGER, region TEXT, email TEXT)",
            "INSERT INTO people VALUES " + string.Join(", ", rows));
        await File.WriteAllTextAsync(Path.Combine(dir, "privacy.yaml"), """
            budget_store: sqlite:budget.db
            tables:
              people:
                privacy_unit: id
                columns:
                  id: { type: int, private_id: true }
                  age: { type: int, lower: 0, upper: 120 }
                  region: { type: string, values: [north, south] }
            roles:
              analyst: { epsilon_per_query: 1.0, delta_per_query: 1.0e-6, budget: { epsilon: 2.0, delta: 1.0e-5, reset: monthly } }
            users:
              alice: [analyst]
            rules:
              - { match: "*.email", class: restricted }
            """);
        return (dir, "sqlite:" + db);
    }

    [Fact]
    public async Task A_query_prints_csv_on_stdout_and_its_cost_on_stderr_and_the_budget_runs_out_with_exit_4()
    {
        var (dir, source) = await SetUpAsync();
        var first = await CliRunner.RunAsync(dir, null, "query", "--source", source, "--policy", "privacy.yaml", "--user", "alice",
            "SELECT region, COUNT(*) AS n FROM people GROUP BY region ORDER BY region");
        Assert.True(first.ExitCode == 0, first.StdErr);
        var lines = first.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("region,n", lines[0]);
        Assert.StartsWith("north,", lines[1], StringComparison.Ordinal);
        Assert.InRange(long.Parse(lines[1].Split(',')[1], CultureInfo.InvariantCulture), 150, 250);
        Assert.Contains("cost: ε = 1", first.StdErr, StringComparison.Ordinal);
        Assert.Contains("remaining: ε = 1", first.StdErr, StringComparison.Ordinal);

        var json = await CliRunner.RunAsync(dir, null, "query", "--source", source, "--policy", "privacy.yaml", "--user", "alice", "--format", "json",
            "SELECT COUNT(*) AS n, AVG(age) AS a FROM people");
        Assert.True(json.ExitCode == 0, json.StdErr);
        using var doc = JsonDocument.Parse(json.StdOut);
        var row = doc.RootElement.GetProperty("rows")[0];
        Assert.Equal(2, row.GetProperty("n").GetProperty("ci95").GetArrayLength());
        Assert.False(row.GetProperty("a").TryGetProperty("ci95", out _));

        var refused = await CliRunner.RunAsync(dir, null, "query", "--source", source, "--policy", "privacy.yaml", "--user", "alice", "SELECT COUNT(*) FROM people");
        Assert.Equal(4, refused.ExitCode);
        Assert.Contains("OBS841", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.StdOut);

        var status = await CliRunner.RunAsync(dir, null, "budget", "status", "--policy", "privacy.yaml", "--format", "json");
        Assert.True(status.ExitCode == 0, status.StdErr);
        using var s = JsonDocument.Parse(status.StdOut);
        Assert.Equal(2.0, s.RootElement[0].GetProperty("epsilon_spent").GetDouble(), 9);
        Assert.Equal(JsonValueKind.String, s.RootElement[0].GetProperty("next_reset").ValueKind);
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "budget", "reset", "--policy", "privacy.yaml", "--user", "alice")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "query", "--source", source, "--policy", "privacy.yaml", "--user", "alice", "SELECT COUNT(*) FROM people")).ExitCode);
    }

    [Theory]
    [InlineData("SELECT age FROM people", 2, "OBS833")]
    [InlineData("SELECT COUNT(*) FROM people WHERE email LIKE '%x%'", 2, "OBS834")]
    [InlineData("UPDATE people SET age = 1", 2, "OBS831")]
    public async Task Unsafe_queries_exit_2_with_the_reason_and_spend_nothing(string sql, int code, string obs)
    {
        var (dir, source) = await SetUpAsync();
        var r = await CliRunner.RunAsync(dir, null, "query", "--source", source, "--policy", "privacy.yaml", "--user", "alice", sql);
        Assert.Equal(code, r.ExitCode);
        Assert.Contains(obs, r.StdErr, StringComparison.Ordinal);
        Assert.Contains("line 1, column", r.StdErr, StringComparison.Ordinal);
        var status = await CliRunner.RunAsync(dir, null, "budget", "status", "--policy", "privacy.yaml", "--format", "json");
        using var s = JsonDocument.Parse(status.StdOut);
        Assert.Equal(0, s.RootElement[0].GetProperty("epsilon_spent").GetDouble());
    }

    [Fact]
    public async Task Svt_reports_which_queries_are_above_and_every_run_is_one_audit_event()
    {
        var (dir, source) = await SetUpAsync();
        var policy = Path.Combine(dir, "privacy.yaml");
        await File.WriteAllTextAsync(policy, "audit: audit.jsonl\n" + await File.ReadAllTextAsync(policy));
        await File.WriteAllTextAsync(Path.Combine(dir, "checks.sql"),
            "SELECT COUNT(*) FROM people WHERE age > 500;\nSELECT COUNT(*) FROM people;\nSELECT COUNT(*) FROM people WHERE region = 'north';\n");
        var svt = await CliRunner.RunAsync(dir, null, "svt", "--source", source, "--policy", "privacy.yaml", "--user", "alice",
            "--threshold", "100", "--queries", "checks.sql", "--max-positives", "1");
        Assert.True(svt.ExitCode == 0, svt.StdErr);
        var lines = svt.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("index,fingerprint,above", lines[0]);
        Assert.EndsWith(",false", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",true", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",not_examined", lines[3], StringComparison.Ordinal);
        Assert.Contains("cost: ε = 1 for 2 of 3 queries examined, 1 above", svt.StdErr, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(dir, "bad.sql"), "SELECT COUNT(*) FROM people; SELECT region, COUNT(*) FROM people GROUP BY region");
        var bad = await CliRunner.RunAsync(dir, null, "svt", "--source", source, "--policy", "privacy.yaml", "--user", "alice",
            "--threshold", "100", "--queries", "bad.sql");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("query 2", bad.StdErr, StringComparison.Ordinal);
        var query = await CliRunner.RunAsync(dir, null, "query", "--source", source, "--policy", "privacy.yaml", "--user", "mallory", "SELECT COUNT(*) FROM people");
        Assert.Equal(4, query.ExitCode);

        var verify = await CliRunner.RunAsync(dir, null, "audit", "verify", "audit.jsonl");
        Assert.True(verify.ExitCode == 0, verify.StdErr);
        Assert.StartsWith("valid: 3 lines", verify.StdOut, StringComparison.Ordinal);
        var rejected = await CliRunner.RunAsync(dir, null, "audit", "search", "audit.jsonl", "--outcome", "rejected");
        Assert.Single(rejected.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"command\":\"svt\"", rejected.StdOut, StringComparison.Ordinal);
        var alice = await CliRunner.RunAsync(dir, null, "audit", "search", "audit.jsonl", "--user", "alice", "--format", "csv");
        Assert.Equal(3, alice.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("north", await File.ReadAllTextAsync(Path.Combine(dir, "audit.jsonl")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_user_is_refused_with_exit_4()
    {
        var (dir, source) = await SetUpAsync();
        var r = await CliRunner.RunAsync(dir, null, "query", "--source", source, "--policy", "privacy.yaml", "--user", "mallory", "SELECT COUNT(*) FROM people");
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("mallory", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_shows_rules_rewritten_sql_and_cost_without_spending()
    {
        var (dir, source) = await SetUpAsync();
        var r = await CliRunner.RunAsync(dir, null, "policy", "explain", "--policy", "privacy.yaml", "--user", "alice", "--source", source,
            "SELECT region, AVG(age) FROM people GROUP BY region HAVING COUNT(*) > 10");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("public domain of 2 values", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("unique key: each person has one row", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("rewritten SQL:", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("CASE WHEN \"people\".\"age\" < 0 THEN 0", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("cost: ε = 1, δ = 0", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("HAVING", r.StdOut, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "budget.db")));
        var noSource = await CliRunner.RunAsync(dir, null, "policy", "explain", "--policy", "privacy.yaml", "--user", "alice", "SELECT COUNT(*) FROM people");
        Assert.True(noSource.ExitCode == 0, noSource.StdErr);
    }
}
