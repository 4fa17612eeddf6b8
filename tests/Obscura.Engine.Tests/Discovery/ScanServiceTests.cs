using System.Globalization;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Discovery;
using Xunit.Abstractions;

namespace Obscura.Engine.Tests.Discovery;

public sealed class ScanServiceTests(ITestOutputHelper output)
{
    private static readonly Lazy<Task<DatabaseUri>> Demo = new(ScanDatasets.DemoAsync);

    private static async Task<ScanResult> ScanAsync(DatabaseUri uri, ScanOptions? options = null)
    {
        var runtime = ObscuraRuntime.CreateDefault();
        await using var endpoint = runtime.Connect(uri);
        return await new ScanService(runtime).ScanAsync(endpoint, options ?? new ScanOptions(), CancellationToken.None);
    }

    [Fact]
    public async Task An_unknown_table_is_refused_with_the_closest_names()
    {
        var uri = await Demo.Value;
        var e = await Assert.ThrowsAsync<ObscuraConfigException>(() => ScanAsync(uri, new ScanOptions { Tables = ["beneficiaries", "vist"] }));
        Assert.Contains(e.Diagnostics, d => d.Code == DiagnosticCodes.UnknownSelectedTable && d.Message.Contains("'beneficiaries'", StringComparison.Ordinal)
                                            && d.Message.Contains("did you mean 'beneficiary'", StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("did you mean 'visit'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sample_size_below_one_is_refused()
    {
        var uri = await Demo.Value;
        await Assert.ThrowsAsync<ObscuraConfigException>(() => ScanAsync(uri, new ScanOptions { SampleSize = 0 }));
    }

    [Fact]
    public async Task Selected_tables_are_scanned_alone_and_a_key_outside_them_carries_the_rule()
    {
        var result = await ScanAsync(await Demo.Value, new ScanOptions { Tables = ["visit"] });
        Assert.All(result.Findings, f => Assert.Equal("visit", f.Table.Name));
        Assert.Equal("person_id", result.Findings.Single(f => f.Column == "ben_reg_id").Kind);
        // visit.ben_reg_id follows beneficiary.ben_reg_id: the key gets the rule, so the copy keeps the join.
        Assert.Contains("ben_reg_id: { strategy: hash }", result.Draft.Yaml, StringComparison.Ordinal);
        Assert.Contains("# ben_reg_id follows beneficiary.ben_reg_id", result.Draft.Yaml, StringComparison.Ordinal);
        Assert.Empty(result.Draft.MapperErrors);
        Assert.DoesNotContain(result.Draft.Diagnostics, d => d.Severity == Severity.Error);
    }

    [Fact]
    public async Task No_sampled_value_reaches_the_inventory_the_draft_or_the_catalog()
    {
        var uri = await Demo.Value;
        var result = await ScanAsync(uri);
        var dir = Path.Combine(Path.GetTempPath(), "obscura-tests", TestDatabases.UniqueName("scan_out"));
        await ScanFiles.WriteAsync(result, dir, CancellationToken.None);
        var written = string.Concat(Directory.GetFiles(dir).Select(File.ReadAllText));
        var checkedValues = 0;
        foreach (var f in result.Findings.Where(f => f.IsPii))
        {
            var rows = await TestDatabases.QueryAsync(uri, $"SELECT \"{f.Column}\" FROM \"{f.Table.Name}\"");
            foreach (var value in rows.Select(r => r[0]).OfType<string>().Where(v => v.Length >= 6))
            {
                checkedValues++;
                Assert.DoesNotContain(value, written, StringComparison.Ordinal);
            }
        }
        Assert.True(checkedValues > 10_000, checkedValues.ToString(CultureInfo.InvariantCulture));
        var csv = await File.ReadAllLinesAsync(Path.Combine(dir, ScanFiles.Inventory));
        Assert.Equal("table,column,kind,confidence,evidence,sampled", csv[0]);
        Assert.Equal(result.Findings.Count + 1, csv.Length);
        Assert.Contains(csv, l => l.StartsWith("beneficiary,date_of_birth,date_of_birth,0.9", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith("visit,diagnosis,,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Awkward_names_are_quoted_in_the_draft_and_the_planner_accepts_them()
    {
        var uri = await TestDatabases.CreateAsync("sqlite", "scan_names");
        var rows = Enumerable.Range(1, 60).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO \"Customer List\" VALUES ({i}, 'person{i}@example.org', '+44 20 7946 {1000 + i}', 'Priya Sharma', '{i}')"));
        await TestDatabases.ExecuteAsync(uri, ["CREATE TABLE \"Customer List\" (\"No\" INTEGER PRIMARY KEY, \"E-mail Address\" TEXT, \"Phone #\" TEXT, \"yes\" TEXT, \"note: \"\"x\"\"\" TEXT)", .. rows]);
        var result = await ScanAsync(uri);
        output.WriteLine(result.Draft.Yaml);
        Assert.Contains("\"Customer List\":", result.Draft.Yaml, StringComparison.Ordinal);
        Assert.Contains("\"E-mail Address\": { strategy: faker, kind: email }", result.Draft.Yaml, StringComparison.Ordinal);
        Assert.Contains("\"Phone #\": { strategy: faker, kind: phone", result.Draft.Yaml, StringComparison.Ordinal);
        Assert.Contains("\"yes\": { strategy: faker, kind: full_name", result.Draft.Yaml, StringComparison.Ordinal); // found by its values alone
        Assert.Empty(result.Draft.MapperErrors);
        var plan = TransformPlanner.Plan(ConfigLoader.Parse(result.Draft.Yaml), result.Catalog, ObscuraRuntime.CreateDefault().Strategies, RunSecret.FromText("scan-test-secret-0123456789"));
        Assert.DoesNotContain(plan.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(3, plan.Tables.Values.Sum(t => t.Count));
    }

    public static TheoryData<string> Engines => ["sqlite", "postgres", "mysql"];

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_sample_is_spread_over_the_whole_table(string provider)
    {
        var uri = await TestDatabases.CreateAsync(provider, "scan_spread");
        var fill = provider switch
        {
            "sqlite" => "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 100000) INSERT INTO spread SELECT x, 'v' || x FROM g",
            "postgres" => "INSERT INTO spread SELECT g, 'v' || g FROM generate_series(1, 100000) g",
            _ => "INSERT INTO spread SELECT seq, CONCAT('v', seq) FROM seq_1_to_100000",
        };
        await TestDatabases.ExecuteAsync(uri, "CREATE TABLE spread (id INTEGER PRIMARY KEY, v VARCHAR(20))", fill);
        if (provider == "mysql")
        {
            // No key to stride over: the random filter.
            await TestDatabases.ExecuteAsync(uri, "CREATE TABLE spread_nokey (id INTEGER, v VARCHAR(20))", "INSERT INTO spread_nokey SELECT id, v FROM spread", "ANALYZE TABLE spread_nokey");
        }
        var runtime = ObscuraRuntime.CreateDefault();
        await using var endpoint = runtime.Connect(uri);
        Catalog catalog;
        await using (var conn = await endpoint.OpenAsync(CancellationToken.None)) catalog = await endpoint.Provider.InspectAsync(conn, CancellationToken.None);
        foreach (var table in catalog.Tables)
        {
            var sample = await TableSampler.ReadAsync(endpoint, table, 1000, CancellationToken.None);
            var ids = sample.Rows.Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToList();
            output.WriteLine($"{provider} {table.Name}: {sample.Method}, {ids.Count} rows, ids {ids.Min()}..{ids.Max()}");
            Assert.InRange(ids.Count, 500, 1000);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.True(ids.Max() - ids.Min() > 80_000, $"{sample.Method}: ids {ids.Min()}..{ids.Max()}");
            Assert.True(ids.Count(id => id > 50_000) > ids.Count / 4, $"{sample.Method}: too few rows from the second half");
        }
    }

    [Fact]
    public async Task A_large_table_is_sampled_not_read_whole()
    {
        // The benchmark table of bench/copy-vs-raw.sh at a tenth of its size; the timing of the full 2M rows is in that benchmark.
        var uri = await TestDatabases.CreateAsync("postgres", "scan_bench");
        await TestDatabases.ExecuteAsync(uri, """
            CREATE TABLE customers (
              id bigint PRIMARY KEY, first_name varchar(40) NOT NULL, last_name varchar(40) NOT NULL, email varchar(120) NOT NULL UNIQUE,
              phone varchar(24), birth_date date, address varchar(120), city varchar(60), created_at timestamptz NOT NULL)
            """, """
            INSERT INTO customers
            SELECT g, 'First' || (g % 5003), 'Last' || (g % 20011), 'user' || g || '@example.com', '+1 555 ' || lpad((g::bigint * 7919 % 10000000)::text, 7, '0'),
                   date '1940-01-01' + (g % 25000), (g % 9999) || ' Main Street, Apt ' || (g % 97), 'City' || (g % 1013),
                   timestamptz '2020-01-01 00:00:00+00' + make_interval(secs => g * 13.7)
            FROM generate_series(1, 200000) g
            """, "ANALYZE customers");
        await ScanAsync(await Demo.Value); // warm up the JIT, as a second command in one process would be
        var result = await ScanAsync(uri);
        output.WriteLine(string.Join(", ", result.Findings.Where(f => f.IsPii).Select(f => $"{f.Column}={f.Kind}")));
        Assert.Equal(1000, result.Findings[0].Sampled);
        Assert.Contains(result.Findings, f => f.Column == "email" && f.Kind == "email");
        Assert.Contains(result.Findings, f => f.Column == "birth_date" && f.Kind == "date_of_birth");
    }
}
