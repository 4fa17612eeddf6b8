using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Generate;
using Obscura.Engine.Generate.Templates;
using Obscura.Engine.Tests.Copy;

namespace Obscura.Engine.Tests.Generate;

/// <summary>
/// Every template generated into SQLite, PostgreSQL and MariaDB with every constraint built: exact row counts, no
/// orphans, every CHECK created by the target and holding on every row.
/// </summary>
public sealed class DomainTemplateDatabaseTests
{
    public static TheoryData<string, string> TemplatesAndEngines()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in DomainTemplates.All)
        {
            foreach (var engine in new[] { "sqlite", "postgres", "mysql" }) data.Add(t.Name, engine);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TemplatesAndEngines))]
    public async Task Template_generates_a_valid_database(string template, string engine)
    {
        var match = DomainTemplates.Match(template);
        var root = match.Template.Tables.First(t => !t.IsLookup && t.ScalesWith is null);
        var rows = new Dictionary<string, long> { [root.Name] = root.DefaultRows / 20 };
        var schema = match.WithRows(rows);
        var target = await TestDatabases.CreateAsync(engine, "tmpl_" + template);
        try
        {
            var result = await new GenerateService(ObscuraRuntime.CreateDefault()).RunAsync(new GenerateOptions
            {
                Target = target,
                Schema = schema,
                Rows = rows,
                Seed = 11,
                Locale = "en_US",
                Jobs = 2,
            });
            Assert.True(result.Succeeded, result.Failure?.ToString());
            Assert.Empty(result.Summary.Warnings);

            var counts = await TargetChecks.CountsAsync(target);
            foreach (var (name, spec) in schema.Tables) Assert.Equal(spec.Rows, counts[name.Name]);
            Assert.All(await TargetChecks.OrphansAsync(target), o => Assert.True(o.Value == 0, $"{o.Key} has {o.Value} orphans"));

            var catalog = await TargetChecks.InspectAsync(target);
            var dialect = TestDatabases.Registry.Resolve(target).Dialect;
            foreach (var table in schema.Catalog.Tables)
            {
                var built = catalog.FindTable(table.Name.Name)!;
                Assert.Equal(table.Checks.Count, built.Checks.Count);
                Assert.Equal(table.ForeignKeys.Count, built.ForeignKeys.Count);
                Assert.Equal(table.UniqueKeys.Count, built.UniqueKeys.Count + built.Indexes.Count(i => i.IsUnique));
                Assert.Equal(table.PrimaryKey!.Columns, built.PrimaryKey!.Columns);
                foreach (var check in table.Checks)
                {
                    var violations = await TestDatabases.CountAsync(target, $"SELECT COUNT(*) FROM {dialect.Qualify(built.Name)} WHERE NOT ({check.Expression})");
                    Assert.True(violations == 0, $"{table.Name}: {check.Expression}");
                }
            }
        }
        finally
        {
            await DropAsync(engine, target);
        }
    }

    [Fact]
    public async Task The_issue_example_runs_as_written_on_PostgreSQL_at_a_tenth_of_the_rows()
    {
        var match = DomainTemplates.Match("e-commerce platform selling electronics");
        var rows = new Dictionary<string, long> { ["users"] = 1_000, ["orders"] = 5_000, ["products"] = 50 };
        var target = await TestDatabases.CreateAsync("postgres", "tmpl_example");
        try
        {
            var result = await new GenerateService(ObscuraRuntime.CreateDefault()).RunAsync(new GenerateOptions
            {
                Target = target,
                Schema = match.WithRows(rows),
                Rows = rows,
                Seed = 3,
            });
            Assert.True(result.Succeeded, result.Failure?.ToString());
            var counts = await TargetChecks.CountsAsync(target);
            Assert.Equal(1_000, counts["users"]);
            Assert.Equal(5_000, counts["orders"]);
            Assert.Equal(50, counts["products"]);
            Assert.Equal(15_000, counts["order_items"]);
            // Electronics vocabulary, emails that follow the names, one user with several orders.
            var names = await TestDatabases.QueryAsync(target, "SELECT DISTINCT name FROM products");
            Assert.Contains(names, r => ((string)r[0]!).Contains("Smartphone", StringComparison.Ordinal) || ((string)r[0]!).Contains("Laptop", StringComparison.Ordinal) || ((string)r[0]!).Contains("TV", StringComparison.Ordinal));
            Assert.Equal(0, await TestDatabases.CountAsync(target,
                "SELECT COUNT(*) FROM users WHERE email NOT LIKE lower(regexp_replace(first_name, '[^[:alpha:]]', '', 'g')) || '.%'"));
            Assert.True(await TestDatabases.CountAsync(target, "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM orders GROUP BY user_id) x") > 5);
        }
        finally
        {
            await DropAsync("postgres", target);
        }
    }

    private static async Task DropAsync(string engine, DatabaseUri target)
    {
        switch (engine)
        {
            case "sqlite":
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Delete(target.Database);
                break;
            case "postgres":
                await TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)");
                break;
            default:
                await TestDatabases.ExecuteAsync(TestDatabases.MySqlServer, $"DROP DATABASE IF EXISTS `{target.Database}`");
                break;
        }
    }
}
