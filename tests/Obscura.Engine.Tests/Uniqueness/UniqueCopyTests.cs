using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Tests.Uniqueness;

/// <summary>
/// Strategies that are not bijections on unique columns: the copy fingerprints outputs and retries, so the target's
/// unique indexes load cleanly (MariaDB's case-insensitive collation included) and the result is repeatable.
/// </summary>
public sealed class UniqueCopyTests
{
    private static readonly RunSecret Secret = RunSecret.FromText("unique-guard-test-secret-0123456789");

    private static async Task<DatabaseUri> SourceAsync(int rows)
    {
        var source = await TestDatabases.CreateAsync("sqlite", "uniq_src");
        var values = string.Join(", ", Enumerable.Range(1, rows).Select(i =>
            $"({i}, 'City {i}', 'Given{i % 40}', 'Family{i % 25}', 'person{i}@corp.example', 'code-{i}')"));
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE person (id integer PRIMARY KEY, city varchar(40) NOT NULL UNIQUE, first_name varchar(30), last_name varchar(30), email varchar(60) UNIQUE, code varchar(20))",
            "CREATE UNIQUE INDEX person_names ON person (first_name, last_name, code)",
            $"INSERT INTO person VALUES {values}");
        return source;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Colliding_outputs_on_unique_columns_are_retried_into_distinct_values(string targetProvider)
    {
        const int rows = 3000;
        var source = await SourceAsync(rows);
        // Few distinct fake states for 3,000 cities, and emails built from fake names (which repeat): collisions are certain.
        var config = ConfigLoader.Parse("""
            tables:
              person:
                columns:
                  city: { strategy: faker, kind: city }
                  first_name: { strategy: faker, kind: first_name }
                  last_name: { strategy: faker, kind: last_name }
                  email: { strategy: template, template: "{first_name|lower}.{last_name|lower}@example.org" }
                  code: { strategy: hash, length: 3 }
            """);

        async Task<(CopyResult Result, List<object?[]> Rows)> CopyAsync()
        {
            var target = await TestDatabases.CreateAsync(targetProvider, "uniq_dst");
            var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
            {
                Source = source, Target = target, Config = config, Secret = Secret, Jobs = 1,
            });
            Assert.True(result.Succeeded, result.Summary.Error);
            return (result, await TestDatabases.QueryAsync(target, "SELECT id, city, email, first_name, last_name, code FROM person ORDER BY id"));
        }

        var (first, copied) = await CopyAsync();
        Assert.Equal(rows, copied.Count);
        Assert.Equal(rows, copied.Select(r => ((string)r[1]!).ToUpperInvariant()).Distinct().Count());
        Assert.Equal(rows, copied.Select(r => ((string)r[2]!).ToUpperInvariant()).Distinct().Count());
        Assert.Equal(rows, copied.Select(r => $"{r[3]}|{r[4]}|{r[5]}".ToUpperInvariant()).Distinct().Count());
        Assert.All(copied, r => Assert.EndsWith("@example.org", (string)r[2]!, StringComparison.Ordinal));
        var resolved = Assert.Single(first.Summary.Tables).CollisionsResolved;
        Assert.True(resolved > 100, $"expected many resolved collisions, got {resolved}");
        // Same source, secret and read order: the same values, retries included.
        Assert.Equal(copied.Select(r => string.Join("|", r)), (await CopyAsync()).Rows.Select(r => string.Join("|", r)));
    }

    [Fact]
    public async Task A_collision_on_a_key_is_reported_not_retried_and_the_target_is_cleaned_up()
    {
        var source = await TestDatabases.CreateAsync("sqlite", "uniq_key");
        var values = string.Join(", ", Enumerable.Range(1, 3000).Select(i => $"('K{i}')"));
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE account (code varchar(10) PRIMARY KEY)",
            "CREATE TABLE login (id integer PRIMARY KEY, account_code varchar(10) REFERENCES account (code))",
            $"INSERT INTO account VALUES {values}");
        var target = await TestDatabases.CreateAsync("sqlite", "uniq_key_dst");
        var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Secret = Secret,
            Config = ConfigLoader.Parse("tables:\n  account:\n    columns:\n      code: { strategy: hash, length: 2 }\n"),
        });
        Assert.False(result.Succeeded);
        Assert.Contains("unique column code, which is a key whose references follow it", result.Summary.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("K1", result.Summary.Error!, StringComparison.Ordinal);
        Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public async Task A_strategy_that_cannot_retry_is_refused_before_anything_is_written()
    {
        var source = await SourceAsync(10);
        var target = await TestDatabases.CreateAsync("sqlite", "uniq_mask_dst");
        var ex = await Assert.ThrowsAsync<Obscura.Core.Diagnostics.ObscuraConfigException>(() => new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Secret = Secret,
            Config = ConfigLoader.Parse("tables:\n  person:\n    columns:\n      email: { strategy: mask, keep_last: 4 }\n"),
        }));
        Assert.Contains(ex.Diagnostics, d => d.Code == Obscura.Core.Diagnostics.DiagnosticCodes.CollisionWithoutRetry);
        Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"));
    }
}
