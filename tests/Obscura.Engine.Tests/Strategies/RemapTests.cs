using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Tests.Copy;

namespace Obscura.Engine.Tests.Strategies;

/// <summary><c>remap</c>: new surrogate keys, followed by every foreign key, stable across runs through the mapping store.</summary>
public sealed class RemapTests
{
    private static string MatrixConfig(string mapping, string keyFile, string extra = "") => $$"""
        tables:
          employee:
            columns:
              emp_id: { strategy: remap, mapping: "{{mapping}}", mapping_key_file: "{{keyFile}}"{{extra}} }
        """;

    // Who relates to whom, by identity columns only: it must be the same before and after the keys change.
    private const string Relations = """
        SELECT 'boss', CAST(e.badge AS VARCHAR(60)), CAST(b.badge AS VARCHAR(60)) FROM employee e JOIN employee b ON b.emp_id = e.boss_id
        UNION ALL SELECT 'manager', CAST(d.name AS VARCHAR(60)), CAST(m.badge AS VARCHAR(60)) FROM department d JOIN employee m ON m.emp_id = d.manager_id
        UNION ALL SELECT 'assignment', CAST(a.seq AS VARCHAR(60)), CAST(e.badge AS VARCHAR(60)) FROM assignment a JOIN employee e ON e.emp_id = a.emp_id
        """;

    private static async Task<List<string>> RelationsAsync(DatabaseUri uri) =>
        (await StrategyFixtures.RowsAsync(uri, Relations)).Select(r => string.Join("|", r).ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();

    private static async Task<List<string>> IdsByBadgeAsync(DatabaseUri uri) =>
        (await StrategyFixtures.RowsAsync(uri, "SELECT badge, emp_id FROM employee")).Select(r => string.Join("|", r).ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Every_join_survives_ids_become_one_to_n_and_a_second_run_gives_the_same_ids(string provider)
    {
        var source = await CopyMatrixTests.SourceFor(provider);
        var mapping = provider switch
        {
            "sqlite" => "sqlite:" + StrategyFixtures.NewStorePath("remap"),
            "postgres" => await StrategyFixtures.PostgresStoreAsync("remap"),
            _ => await StrategyFixtures.MySqlStoreAsync("remap"),
        };
        var keyFile = StrategyFixtures.NewKeyFile();
        var (first, r1) = await StrategyFixtures.CopyAsync(source, provider, MatrixConfig(mapping, keyFile));
        Assert.True(r1.Succeeded, r1.Summary.Error);

        Assert.All(await TargetChecks.OrphansAsync(first), o => Assert.Equal(0, o.Value));
        Assert.Equal(await RelationsAsync(source), await RelationsAsync(first));
        var ids = (await StrategyFixtures.RowsAsync(first, "SELECT emp_id FROM employee")).Select(r => long.Parse(r[0]!, CultureInfo.InvariantCulture)).Order();
        Assert.Equal(Enumerable.Range(1, MatrixSchema.Employees).Select(i => (long)i), ids);
        // Sequential ids follow the sorted originals.
        var pairs = await StrategyFixtures.RowsAsync(source, "SELECT emp_id FROM employee ORDER BY emp_id");
        Assert.Equal(MatrixSchema.Employees, pairs.Count);

        var (second, r2) = await StrategyFixtures.CopyAsync(source, provider, MatrixConfig(mapping, keyFile));
        Assert.True(r2.Succeeded, r2.Summary.Error);
        Assert.Equal(await IdsByBadgeAsync(first), await IdsByBadgeAsync(second));
    }

    [Fact]
    public async Task A_key_added_later_gets_the_next_id_and_old_keys_keep_theirs()
    {
        var source = await StrategyFixtures.PersonSourceAsync("sqlite");
        var mapping = "sqlite:" + StrategyFixtures.NewStorePath("remap");
        var keyFile = StrategyFixtures.NewKeyFile();
        var config = $$"""
            tables:
              person:
                columns:
                  id: { strategy: remap, start: 100, mapping: "{{mapping}}", mapping_key_file: "{{keyFile}}" }
            """;
        var (first, r1) = await StrategyFixtures.CopyAsync(source, "sqlite", config);
        Assert.True(r1.Succeeded, r1.Summary.Error);
        var before = await StrategyFixtures.RowsAsync(first, "SELECT city, zip, id FROM person ORDER BY id");
        var n = before.Count;
        Assert.Equal(Enumerable.Range(100, n).Select(i => i.ToString(CultureInfo.InvariantCulture)), before.Select(r => r[2]));

        await TestDatabases.ExecuteAsync(source, "INSERT INTO person (id, city, zip) VALUES (1000, 'New', 1), (0, 'Zero', 2)");
        var (second, r2) = await StrategyFixtures.CopyAsync(source, "sqlite", config);
        Assert.True(r2.Succeeded, r2.Summary.Error);
        var after = await StrategyFixtures.RowsAsync(second, "SELECT city, zip, id FROM person ORDER BY id");
        Assert.Equal(before, after.Take(n));
        Assert.Equal([["Zero", "2", (100 + n).ToString(CultureInfo.InvariantCulture)], ["New", "1", (101 + n).ToString(CultureInfo.InvariantCulture)]],
            after.Skip(n).Select(r => r.ToArray()));
    }

    [Fact]
    public async Task Random_mode_gives_unique_ids_that_stay_the_same_in_the_next_run()
    {
        var source = await CopyMatrixTests.SourceFor("sqlite");
        var mapping = "sqlite:" + StrategyFixtures.NewStorePath("remap");
        var keyFile = StrategyFixtures.NewKeyFile();
        var (first, r1) = await StrategyFixtures.CopyAsync(source, "sqlite", MatrixConfig(mapping, keyFile, ", mode: random"));
        Assert.True(r1.Succeeded, r1.Summary.Error);
        Assert.Equal(await RelationsAsync(source), await RelationsAsync(first));
        var ids = (await StrategyFixtures.RowsAsync(first, "SELECT emp_id FROM employee")).Select(r => long.Parse(r[0]!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(id >= 1));
        Assert.True(ids.Max() > MatrixSchema.Employees);

        var (second, r2) = await StrategyFixtures.CopyAsync(source, "sqlite", MatrixConfig(mapping, keyFile, ", mode: random"));
        Assert.True(r2.Succeeded, r2.Summary.Error);
        Assert.Equal(await IdsByBadgeAsync(first), await IdsByBadgeAsync(second));
    }

    [Fact]
    public async Task The_store_keeps_originals_encrypted_and_a_wrong_key_is_refused_before_writing()
    {
        var source = await StrategyFixtures.PersonSourceAsync("sqlite");
        var path = StrategyFixtures.NewStorePath("remap");
        var csv = Path.ChangeExtension(path, ".csv");
        var config = (string keyFile) => $$"""
            tables:
              person:
                columns:
                  id: { strategy: remap, start: 5000, mapping: "sqlite:{{path}}", mapping_key_file: "{{keyFile}}", export_csv: "{{csv}}" }
            """;
        var (_, result) = await StrategyFixtures.CopyAsync(source, "sqlite", config(StrategyFixtures.NewKeyFile()));
        Assert.True(result.Succeeded, result.Summary.Error);
        var rows = await StrategyFixtures.RowsAsync(DatabaseUri.Parse("sqlite:" + path), "SELECT lookup, new_id, sealed FROM obscura_remap");
        var count = await TestDatabases.CountAsync(source, "SELECT COUNT(*) FROM person");
        Assert.Equal(count, rows.Count);
        Assert.All(rows, r => Assert.Equal(32, r[0]!.Length));
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.Equal("original,new", lines[0]);
        Assert.Equal("1,5000", lines[1]);
        Assert.Equal(count + 1, lines.Length);

        var target = await TestDatabases.CreateAsync("sqlite", "strat_wrongkey");
        var error = await Assert.ThrowsAsync<ObscuraConfigException>(() => new Obscura.Engine.Copy.CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new Obscura.Engine.Copy.CopyOptions
        {
            Source = source,
            Target = target,
            Secret = StrategyFixtures.Secret,
            Config = Core.Config.ConfigLoader.Parse(config(StrategyFixtures.NewKeyFile())),
        }));
        Assert.Equal("the vault key does not match this vault", error.Message);
        Assert.Empty((await TargetChecks.InspectAsync(target)).Tables);
    }
}
