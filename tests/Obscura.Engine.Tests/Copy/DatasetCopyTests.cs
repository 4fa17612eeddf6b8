using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Tests.Copy;

/// <summary>Copies of the real sample databases in ../shared/datasets, within and across dialects.</summary>
public sealed class DatasetCopyTests
{
    private static readonly RunSecret Secret = RunSecret.FromText("dataset-test-secret-0123456789");

    private const string ChinookPascalConfig = """
        tables:
          Employee:
            columns:
              EmployeeId: { strategy: hash }
              LastName:   { strategy: hash }
              FirstName:  { strategy: mask, keep_first: 1 }
              Email:      { strategy: hash }
          Customer:
            columns:
              LastName:   { strategy: hash }
              Email:      { strategy: hash }
              Phone:      { strategy: mask, keep_last: 2 }
        """;

    private const string ChinookSnakeConfig = """
        tables:
          employee:
            columns:
              employee_id: { strategy: hash }
              last_name:   { strategy: hash }
              email:       { strategy: hash }
          customer:
            columns:
              last_name:   { strategy: hash }
              email:       { strategy: hash }
              phone:       { strategy: mask, keep_last: 2 }
        """;

    private static async Task<CopyResult> CopyAsync(DatabaseUri source, DatabaseUri target, string? config = null)
    {
        var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Config = config is null ? ObscuraConfig.Empty : ConfigLoader.Parse(config), Secret = Secret, Jobs = 2,
        });
        Assert.True(result.Succeeded, result.Summary.Error);
        return result;
    }

    private static async Task AssertSameCountsAndNoOrphansAsync(DatabaseUri source, DatabaseUri target)
    {
        var expected = await TargetChecks.CountsAsync(source);
        var actual = await TargetChecks.CountsAsync(target);
        foreach (var (table, rows) in expected)
        {
            var targetName = actual.ContainsKey(table) ? table : actual.Keys.Single(k => k.EndsWith("_" + table, StringComparison.OrdinalIgnoreCase));
            Assert.True(rows == actual[targetName], $"{table}: {rows} rows in the source, {actual[targetName]} in the target");
        }
        var orphans = await TargetChecks.OrphansAsync(target);
        Assert.NotEmpty(orphans);
        Assert.All(orphans, o => Assert.True(o.Value == 0, $"{o.Key}: {o.Value} orphaned rows"));
    }

    [Theory]
    [InlineData("sqlite", "chinook/Chinook_Sqlite.sql", "postgres", ChinookPascalConfig, "Customer", "LastName", "CustomerId")]
    [InlineData("postgres", "chinook/Chinook_PostgreSql.sql", "mysql", ChinookSnakeConfig, "customer", "last_name", "customer_id")]
    [InlineData("mysql", "chinook/Chinook_MySql.sql", "sqlite", ChinookPascalConfig, "Customer", "LastName", "CustomerId")]
    [InlineData("postgres", "chinook/Chinook_PostgreSql.sql", "postgres", ChinookSnakeConfig, "customer", "last_name", "customer_id")]
    public async Task Chinook_copies_with_anonymized_people_and_every_foreign_key_intact(
        string sourceProvider, string script, string targetProvider, string config, string table, string column, string key)
    {
        var source = await Datasets.LoadAsync(sourceProvider, "chinook", script);
        var target = await TestDatabases.CreateAsync(targetProvider, "chinook_copy");
        var result = await CopyAsync(source, target, config);
        Assert.Equal(11, result.Summary.Tables.Count);
        Assert.Equal(3503, result.Summary.Tables.Single(t => t.Source.Split('.')[^1].Equals("track", StringComparison.OrdinalIgnoreCase)).Rows);
        await AssertSameCountsAndNoOrphansAsync(source, target);

        var before = await TargetChecks.ColumnAsync(source, table, column, key);
        var after = await TargetChecks.ColumnAsync(target, table, column, key);
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(0, before.Zip(after).Count(p => p.First == p.Second));
        Assert.Equal(11, (await TargetChecks.InspectAsync(target)).Tables.Sum(t => t.ForeignKeys.Count));
    }

    [Fact]
    public async Task Sakila_goes_from_mariadb_to_postgres_to_sqlite_with_every_row_and_key()
    {
        var mariadb = await Datasets.LoadAsync("mysql", "sakila", "sakila-mysql/sakila-mv-schema.sql", "sakila-mysql/sakila-mv-data.sql");
        var postgres = await TestDatabases.CreateAsync("postgres", "sakila_pg");
        var sqlite = await TestDatabases.CreateAsync("sqlite", "sakila_lite");
        const string config = """
            tables:
              customer:
                columns:
                  customer_id: { strategy: hash }
                  first_name:  { strategy: mask, keep_first: 1 }
                  last_name:   { strategy: hash }
                  email:       { strategy: hash }
              staff:
                columns:
                  password:    { strategy: "null" }
                  picture:     { strategy: "null" }
            """;
        var first = await CopyAsync(mariadb, postgres, config);
        Assert.Contains(first.Summary.Objects, o => o.Kind == "view" && o.Status == "skipped");
        await AssertSameCountsAndNoOrphansAsync(mariadb, postgres);
        Assert.Equal(16044, (await TargetChecks.CountsAsync(postgres))["rental"]);

        await CopyAsync(postgres, sqlite);
        await AssertSameCountsAndNoOrphansAsync(postgres, sqlite);
        var emails = await TargetChecks.ColumnAsync(mariadb, "customer", "email", "address_id");
        var copied = await TargetChecks.ColumnAsync(sqlite, "customer", "email", "address_id");
        Assert.Empty(emails.Intersect(copied));
    }

    [Fact]
    public async Task Sakila_within_mariadb_recreates_views_triggers_and_routines()
    {
        var source = await Datasets.LoadAsync("mysql", "sakila_same", "sakila-mysql/sakila-mv-schema.sql", "sakila-mysql/sakila-mv-data.sql");
        var target = await TestDatabases.CreateAsync("mysql", "sakila_same_copy");
        var result = await CopyAsync(source, target);
        await AssertSameCountsAndNoOrphansAsync(source, target);
        var catalog = await TargetChecks.InspectAsync(target);
        var sourceCatalog = await TargetChecks.InspectAsync(source);
        Assert.Equal(sourceCatalog.Views.Count, catalog.Views.Count);
        Assert.Equal(sourceCatalog.Triggers.Count, catalog.Triggers.Count);
        Assert.Equal(sourceCatalog.Routines.Count, catalog.Routines.Count);
        Assert.DoesNotContain(result.Summary.Objects, o => o.Status == "failed");
    }
}
