using System.Globalization;
using System.Text.Json;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Dump;
using Obscura.Engine.Sampling;
using Obscura.Engine.Tests.Copy;

namespace Obscura.Engine.Tests.Sampling;

/// <summary>
/// <c>obscura sample</c> on real servers: the requested mix and size, boundary rows holding every column's minimum and
/// maximum, planted outliers and rare categories found, proportional strata, determinism by seed, a closure without
/// orphans in a target with constraints, the config applied to the files, reports, and refusals of bad input.
/// </summary>
public sealed class SampleTests : IAsyncLifetime
{
    private const int Accounts = 2000;
    private static readonly RunSecret Secret = RunSecret.FromText("sample-test-secret-0123456789");
    private readonly List<DatabaseUri> _databases = [];
    private readonly List<string> _directories = [];

    /// <summary>
    /// region ← account ← account_tag (composite key); account holds planted outliers (amount 100000 on ids 500, 1000,
    /// 1500, 2000), a rare country ('IS' on ids 1..3), NULLs, empty strings, and a keyless log table.
    /// </summary>
    private async Task<DatabaseUri> SourceAsync(string provider)
    {
        var uri = await CreateAsync(provider, "sample_src");
        var accounts = Enumerable.Range(1, Accounts).Select(id =>
        {
            var email = id % 7 == 0 ? "NULL" : $"'user{id}@example.com'";
            var country = id <= 3 ? "IS" : (id % 10) switch { < 5 => "NO", < 8 => "SE", _ => "DK" };
            var amount = id % 500 == 0 ? "100000.00" : id % 11 == 0 ? "NULL" : (50 + (id * 37 % 100) + 0.25).ToString("0.00", CultureInfo.InvariantCulture);
            var opened = new DateOnly(2020, 1, 1).AddDays(id * 17 % 1000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var note = (id % 9) switch { 0 => "''", 1 => "NULL", _ => $"'{new string('x', id % 20 + 1)}'" };
            return $"({id}, {id % 5 + 1}, {email}, '{country}', {amount}, {id * 13 % 97}, '{opened}', {note})";
        });
        await TestDatabases.ExecuteAsync(uri,
            "CREATE TABLE region (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL)",
            """
            CREATE TABLE account (id INTEGER NOT NULL PRIMARY KEY, region_id INTEGER NOT NULL, email VARCHAR(60) NULL, country VARCHAR(2) NOT NULL,
              amount DECIMAL(12,2) NULL, score INTEGER NOT NULL, opened DATE NOT NULL, note VARCHAR(40) NULL,
              CONSTRAINT fk_account_region FOREIGN KEY (region_id) REFERENCES region (id))
            """,
            """
            CREATE TABLE account_tag (account_id INTEGER NOT NULL, tag VARCHAR(10) NOT NULL, PRIMARY KEY (account_id, tag),
              CONSTRAINT fk_tag_account FOREIGN KEY (account_id) REFERENCES account (id))
            """,
            "CREATE TABLE log (msg VARCHAR(20) NOT NULL)",
            "CREATE TABLE empty_t (id INTEGER NOT NULL PRIMARY KEY, v INTEGER NULL)",
            "INSERT INTO region (id, name) VALUES (1, 'r1'), (2, 'r2'), (3, 'r3'), (4, 'r4'), (5, 'r5'), (6, 'unused')",
            "INSERT INTO account (id, region_id, email, country, amount, score, opened, note) VALUES " + string.Join(", ", accounts),
            "INSERT INTO account_tag (account_id, tag) VALUES " + string.Join(", ", Enumerable.Range(1, Accounts).Where(i => i % 3 == 0).SelectMany(i => new[] { $"({i}, 'a')", $"({i}, 'b')" })),
            "INSERT INTO log (msg) VALUES ('one'), ('two')");
        return uri;
    }

    private static SampleService Service() => new(ObscuraRuntime.CreateDefault());

    private string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-tests", TestDatabases.UniqueName("sample_out"));
        _directories.Add(dir);
        return dir;
    }

    private async Task<DatabaseUri> CreateAsync(string provider, string prefix)
    {
        var uri = await TestDatabases.CreateAsync(provider, prefix);
        _databases.Add(uri);
        return uri;
    }

    private static async Task<HashSet<long>> IdsAsync(DatabaseUri uri, string sql) =>
        (await TestDatabases.QueryAsync(uri, sql)).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToHashSet();

    private static HashSet<long> ReportIds(SampleReport report) =>
        report.Rows.Select(r => Convert.ToInt64(r.Key[0], CultureInfo.InvariantCulture)).ToHashSet();

    public static TheoryData<string, string> Pairs() => new()
    {
        { "sqlite", "sqlite" }, { "postgres", "postgres" }, { "mysql", "mysql" }, { "postgres", "mysql" }, { "mysql", "sqlite" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Sample_into_a_database_honours_the_mix_holds_every_edge_and_loads_without_orphans(string sourceProvider, string targetProvider)
    {
        var source = await SourceAsync(sourceProvider);
        var target = await CreateAsync(targetProvider, "sample_dst");
        var result = await Service().RunAsync(new SampleOptions
        {
            Source = source, Target = target, Table = "account", Size = 60, Output = TempDirectory(),
            Mix = SampleMix.Parse("boundary=30,anomaly=20,risk=10,cluster=10,random=30"),
        });
        Assert.True(result.Succeeded, result.Report.Error);
        var report = result.Report;

        Assert.Equal(Accounts, report.TableRows);
        Assert.Equal(60, report.Selected);
        Assert.Equal(60, report.Rows.Count);
        var expected = new Dictionary<string, int> { ["boundary"] = 18, ["anomaly"] = 12, ["risk"] = 6, ["cluster"] = 6, ["random"] = 18 };
        foreach (var s in report.Strategies)
        {
            Assert.Equal(expected.GetValueOrDefault(s.Strategy), s.Requested);
            Assert.True(s.Selected == s.Requested, $"{s.Strategy}: {s.Selected} counted, {s.Requested} asked");
        }
        Assert.All(report.Rows, r => Assert.NotEmpty(r.Reasons));

        // The target holds exactly the chosen rows, with the regions they reference, and every foreign key joins.
        var chosen = await IdsAsync(target, "SELECT id FROM account");
        Assert.Equal(ReportIds(report), chosen);
        Assert.Equal(await IdsAsync(source, $"SELECT DISTINCT region_id FROM account WHERE id IN ({string.Join(",", chosen)})"), await IdsAsync(target, "SELECT id FROM region"));
        var orphans = await TargetChecks.OrphansAsync(target);
        Assert.NotEmpty(orphans);
        Assert.All(orphans, o => Assert.True(o.Value == 0, $"{o.Key}: {o.Value} orphaned rows"));
        Assert.DoesNotContain((await TargetChecks.InspectAsync(target)).Tables, t => t.Name.Name is "account_tag" or "log");

        // Boundary: a row with each column's minimum and maximum (as the source's own MIN/MAX see them).
        foreach (var column in new[] { "id", "region_id", "amount", "score", "opened" })
        {
            foreach (var edge in new[] { "MIN", "MAX" })
            {
                var holders = await IdsAsync(source, $"SELECT id FROM account WHERE {column} = (SELECT {edge}({column}) FROM account)");
                Assert.True(holders.Overlaps(chosen), $"no row with the {edge} of {column} among the chosen rows");
            }
        }
        Assert.Contains(report.Rows, r => r.Reasons.Contains("boundary: note is an empty string"));
        Assert.Contains(report.Rows, r => r.Reasons.Contains("boundary: email is NULL"));
        // Anomaly: the planted outliers and the rare country are chosen.
        Assert.Subset(chosen, new HashSet<long> { 500, 1000, 1500, 2000, 1, 2, 3 });
        Assert.Contains(report.Rows, r => r.Reasons.Any(x => x.StartsWith("anomaly:", StringComparison.Ordinal) && x.Contains("country rare", StringComparison.Ordinal)));
        Assert.Contains(report.Rows, r => r.Reasons.Any(x => x.StartsWith("anomaly:", StringComparison.Ordinal) && x.Contains("amount", StringComparison.Ordinal)));
        Assert.True(report.Columns.Single(c => c.Column == "amount").MaxIncluded);
        Assert.NotNull(report.Diversity);
        Assert.True(report.Clusters >= 2);
        Assert.Equal(60, report.Closure!.Tables.Single(t => t.Table.EndsWith("account", StringComparison.Ordinal)).Rows);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task Stratified_sample_gives_each_value_its_share_and_writes_csv_files(string provider)
    {
        var source = await SourceAsync(provider);
        var dir = TempDirectory();
        var result = await Service().RunAsync(new SampleOptions { Source = source, Table = "account", Size = 100, Stratify = "country", Output = dir, Seed = 5 });
        Assert.True(result.Succeeded, result.Report.Error);
        var report = result.Report;
        Assert.Equal(100, report.Selected);
        var counts = (await TestDatabases.QueryAsync(source, "SELECT country, COUNT(*) FROM account GROUP BY country"))
            .ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
        Assert.Equal(counts.Count, report.Strata.Count);
        foreach (var stratum in report.Strata)
        {
            Assert.Equal(counts[stratum.Value], stratum.TableRows);
            var share = 100.0 * stratum.TableRows / Accounts;
            // Largest remainder per strategy: at most one row off per strategy of the mix.
            Assert.True(Math.Abs(stratum.SampleRows - share) <= 4, $"{stratum.Value}: {stratum.SampleRows} rows for a share of {share}");
        }
        Assert.All(report.Rows, r => Assert.NotNull(r.Stratum));
        var byStratum = report.Rows.GroupBy(r => r.Stratum!).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(report.Strata, s => Assert.Equal(s.SampleRows, byStratum.GetValueOrDefault(s.Value)));
        // The chosen rows really are of the stratum the report says.
        var country = (await TestDatabases.QueryAsync(source, "SELECT id, country FROM account")).ToDictionary(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture), r => (string)r[1]!);
        Assert.All(report.Rows, r => Assert.Equal(country[Convert.ToInt64(r.Key[0], CultureInfo.InvariantCulture)], r.Stratum));

        var accountCsv = Path.Combine(dir, "account.csv");
        Assert.True(File.Exists(accountCsv));
        Assert.Equal(101, File.ReadAllLines(accountCsv).Length);
        Assert.True(File.Exists(Path.Combine(dir, "region.csv")));
        Assert.Contains(Path.GetFullPath(accountCsv), report.Files);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_same_seed_picks_the_same_rows_and_another_seed_other_ones(string provider)
    {
        var source = await SourceAsync(provider);
        async Task<SampleReport> Run(long seed) =>
            (await Service().RunAsync(new SampleOptions { Source = source, Table = "account", Size = 40, Output = TempDirectory(), Seed = seed, Mix = SampleMix.Parse("anomaly=25,cluster=25,random=50") })).Report;
        var first = await Run(3);
        var again = await Run(3);
        var other = await Run(4);
        Assert.Equal(first.Rows.Select(r => r.Key[0]), again.Rows.Select(r => r.Key[0]));
        Assert.Equal(first.Rows.Select(r => string.Join("|", r.Reasons)), again.Rows.Select(r => string.Join("|", r.Reasons)));
        var randomFirst = first.Rows.Where(r => r.Strategy == "random").Select(r => r.Key[0]).ToHashSet();
        var randomOther = other.Rows.Where(r => r.Strategy == "random").Select(r => r.Key[0]).ToHashSet();
        Assert.False(randomFirst.SetEquals(randomOther), "another seed picked the same random rows");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("mysql")]
    public async Task The_config_anonymizes_the_files_scores_risk_and_keeps_values_out_of_the_reports(string provider)
    {
        var source = await SourceAsync(provider);
        var dir = TempDirectory();
        var config = ConfigLoader.Parse("""
            tables:
              account:
                columns:
                  email: { strategy: hash }
            sample:
              risk:
                account:
                  pii: [email]
                  pii_weight: 1
                  weights: { score: 2 }
            """);
        var result = await Service().RunAsync(new SampleOptions
        {
            Source = source, Table = "account", Size = 50, Output = dir, Config = config, Secret = Secret, Mix = SampleMix.Parse("risk=40,random=60"),
        });
        Assert.True(result.Succeeded, result.Report.Error);
        var ids = ReportIds(result.Report);
        var emails = (await TestDatabases.QueryAsync(source, $"SELECT email FROM account WHERE email IS NOT NULL AND id IN ({string.Join(",", ids)})")).Select(r => (string)r[0]!).ToList();
        Assert.NotEmpty(emails);

        // The files hold the sample anonymized: no chosen row's e-mail survives.
        var csv = await File.ReadAllTextAsync(Path.Combine(dir, "account.csv"));
        Assert.Equal(51, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(emails, e => Assert.DoesNotContain(e, csv, StringComparison.Ordinal));

        // Risk rows: e-mail filled and a high score, by the config's rule.
        var risky = result.Report.Rows.Where(r => r.Strategy == "risk").ToList();
        Assert.Equal(20, risky.Count);
        Assert.All(risky, r => Assert.Contains("1 PII column filled", r.Reasons[0], StringComparison.Ordinal));
        var scores = (await TestDatabases.QueryAsync(source, "SELECT id, score, email FROM account")).ToDictionary(
            r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture), r => (Score: Convert.ToInt64(r[1], CultureInfo.InvariantCulture), Email: r[2] as string));
        Assert.All(risky, r => Assert.NotNull(scores[Convert.ToInt64(r.Key[0], CultureInfo.InvariantCulture)].Email));
        Assert.All(risky, r => Assert.True(scores[Convert.ToInt64(r.Key[0], CultureInfo.InvariantCulture)].Score >= 70, "a risk row with a low score"));
        Assert.True(result.Report.Columns.Single(c => c.Column == "email").Pii);

        // Reports: JSON that parses back to the same counts, HTML that needs nothing else; neither holds a value.
        Assert.Equal([Path.Combine(dir, SampleService.JsonReport), Path.Combine(dir, SampleService.HtmlReport)], result.ReportFiles.Select(f => Path.Combine(dir, Path.GetFileName(f))));
        var json = await File.ReadAllTextAsync(Path.Combine(dir, SampleService.JsonReport));
        using (var doc = JsonDocument.Parse(json))
        {
            var root = doc.RootElement;
            Assert.Equal("succeeded", root.GetProperty("status").GetString());
            Assert.Equal(50, root.GetProperty("selected").GetInt32());
            Assert.Equal(50, root.GetProperty("rows").GetArrayLength());
            Assert.Equal(50, root.GetProperty("strategies").EnumerateArray().Sum(s => s.GetProperty("selected").GetInt32()));
            Assert.All(root.GetProperty("rows").EnumerateArray(), r => Assert.True(r.GetProperty("reasons").GetArrayLength() > 0));
        }
        var html = await File.ReadAllTextAsync(Path.Combine(dir, SampleService.HtmlReport));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(emails, e => Assert.DoesNotContain(e, json, StringComparison.Ordinal));
        Assert.All(emails, e => Assert.DoesNotContain(e, html, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    [InlineData("mysql")]
    public async Task A_composite_key_table_is_sampled_with_its_parents(string provider)
    {
        var source = await SourceAsync(provider);
        var target = await CreateAsync(provider, "sample_dst");
        var result = await Service().RunAsync(new SampleOptions { Source = source, Target = target, Table = "account_tag", Size = 25, Output = TempDirectory() });
        Assert.True(result.Succeeded, result.Report.Error);
        Assert.Equal(25, result.Report.Rows.Count);
        Assert.All(result.Report.Rows, r => Assert.Equal(2, r.Key.Count));
        Assert.Equal(25, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM account_tag"));
        Assert.True(await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM region") > 0);
        Assert.All(await TargetChecks.OrphansAsync(target), o => Assert.True(o.Value == 0, $"{o.Key}: {o.Value} orphaned rows"));
    }

    [Fact]
    public async Task Parquet_files_are_written_without_a_target()
    {
        var source = await SourceAsync("sqlite");
        var dir = TempDirectory();
        var result = await Service().RunAsync(new SampleOptions { Source = source, Table = "account", Size = 10, Output = dir, Format = DumpFormat.Parquet });
        Assert.True(result.Succeeded, result.Report.Error);
        Assert.True(new FileInfo(Path.Combine(dir, "account.parquet")).Length > 0);
        Assert.Equal(10, result.Report.Tables.Single(t => t.Source.EndsWith("account", StringComparison.Ordinal)).Rows);
    }

    [Fact]
    public async Task A_table_smaller_than_the_size_is_sampled_whole_and_an_empty_one_gives_an_empty_sample()
    {
        var source = await SourceAsync("sqlite");
        var result = await Service().RunAsync(new SampleOptions { Source = source, Table = "region", Size = 50, Output = TempDirectory() });
        Assert.True(result.Succeeded, result.Report.Error);
        Assert.Equal(6, result.Report.Selected);
        Assert.Equal(6, result.Report.Rows.Select(r => r.Key[0]).Distinct().Count());

        var dir = TempDirectory();
        var empty = await Service().RunAsync(new SampleOptions { Source = source, Table = "empty_t", Size = 5, Output = dir });
        Assert.True(empty.Succeeded, empty.Report.Error);
        Assert.Equal(0, empty.Report.Selected);
        Assert.Single(File.ReadAllLines(Path.Combine(dir, "empty_t.csv")));
    }

    [Theory]
    [InlineData("postgres", "mysql")]
    [InlineData("mysql", "postgres")]
    [InlineData("sqlite", "sqlite")]
    public async Task Chinook_invoice_lines_load_into_a_target_with_every_constraint(string sourceProvider, string targetProvider)
    {
        var file = sourceProvider switch { "postgres" => "chinook/Chinook_PostgreSql.sql", "mysql" => "chinook/Chinook_MySql.sql", _ => "chinook/Chinook_Sqlite.sql" };
        var source = await Datasets.LoadAsync(sourceProvider, "sample_chinook", file);
        _databases.Add(source);
        var target = await CreateAsync(targetProvider, "sample_chinook_dst");
        var table = sourceProvider == "postgres" ? "invoice_line" : "InvoiceLine";
        var result = await Service().RunAsync(new SampleOptions
        {
            Source = source, Target = target, Table = table, Size = 80, Output = TempDirectory(), Mix = SampleMix.Parse("boundary=25,anomaly=25,cluster=25,random=25"),
        });
        Assert.True(result.Succeeded, result.Report.Error);
        Assert.Equal(80, result.Report.Selected);
        var counts = await TargetChecks.CountsAsync(target);
        Assert.Equal(80, counts.Single(c => c.Key.Replace("_", "", StringComparison.Ordinal).Equals("InvoiceLine", StringComparison.OrdinalIgnoreCase)).Value);
        // Invoices, customers, their support employees (and managers), tracks, albums, artists, genres, media types.
        Assert.True(counts.Count >= 9, string.Join(", ", counts.Keys));
        var orphans = await TargetChecks.OrphansAsync(target);
        // Every key among them: line → invoice, track; invoice → customer → employee → employee; track → album → artist, genre, media type.
        Assert.True(orphans.Count == 9, $"{orphans.Count} foreign keys in the target");
        Assert.All(orphans, o => Assert.True(o.Value == 0, $"{o.Key}: {o.Value} orphaned rows"));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_code_before_anything_is_written()
    {
        var source = await SourceAsync("sqlite");
        async Task<ObscuraConfigException> Refused(SampleOptions options)
        {
            var ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => Service().RunAsync(options));
            Assert.False(Directory.Exists(options.Output), "the output directory was created");
            return ex;
        }
        SampleOptions Options(string table = "account", int size = 10) => new() { Source = source, Table = table, Size = size, Output = TempDirectory() };

        var unknown = await Refused(Options("acount"));
        Assert.Contains(unknown.Diagnostics, d => d.Code == DiagnosticCodes.UnknownSelectedTable && d.Message.Contains("'account'", StringComparison.Ordinal));
        Assert.Contains((await Refused(Options() with { Stratify = "contry" })).Diagnostics, d => d.Code == DiagnosticCodes.SampleUnknownColumn);
        Assert.Contains((await Refused(Options(size: 0))).Diagnostics, d => d.Code == DiagnosticCodes.InvalidSampleRequest && d.Message.Contains("--size", StringComparison.Ordinal));
        Assert.Contains((await Refused(Options("log"))).Diagnostics, d => d.Code == DiagnosticCodes.SampleNoKey);
        Assert.Contains((await Refused(Options() with { Format = DumpFormat.Sql })).Diagnostics, d => d.Code == DiagnosticCodes.InvalidSampleRequest);

        var bogus = Assert.Throws<ObscuraConfigException>(() => SampleMix.Parse("anomaly=30,outlier=70"));
        Assert.Contains(bogus.Diagnostics, d => d.Code == DiagnosticCodes.InvalidSampleRequest && d.Message.Contains("'outlier'", StringComparison.Ordinal));
        var sum = Assert.Throws<ObscuraConfigException>(() => SampleMix.Parse("anomaly=30,random=30"));
        Assert.Contains(sum.Diagnostics, d => d.Message.Contains("sum to 60", StringComparison.Ordinal));
        Assert.Throws<ObscuraConfigException>(() => SampleMix.Parse("anomaly=30,anomaly=70"));
        Assert.Throws<ObscuraConfigException>(() => SampleMix.Parse("anomaly=x,random=100"));

        var config = ConfigLoader.Parse("""
            sample:
              risk:
                account:
                  pii: [email, phone]
                  weights: { country: 1 }
            """);
        var risk = await Refused(Options() with { Config = config });
        Assert.Contains(risk.Diagnostics, d => d.Code == DiagnosticCodes.SampleUnknownColumn && d.Message.Contains("'phone'", StringComparison.Ordinal) && d.Line == 4);
        Assert.Contains(risk.Diagnostics, d => d.Code == DiagnosticCodes.SampleUnknownColumn && d.Message.Contains("not numeric", StringComparison.Ordinal) && d.Line == 5);
        var shape = Assert.Throws<ObscuraConfigException>(() => ConfigLoader.Parse("sample:\n  risk:\n    account:\n      weights: { amount: heavy }\n      colour: red\n"));
        Assert.Contains(shape.Diagnostics, d => d.Code == DiagnosticCodes.InvalidSampleRisk && d.Line == 4);
        Assert.Contains(shape.Diagnostics, d => d.Line == 5);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var dir in _directories.Where(Directory.Exists)) Directory.Delete(dir, recursive: true);
        foreach (var uri in _databases)
        {
            try
            {
                switch (uri.Scheme)
                {
                    case "sqlite":
                        File.Delete(uri.Database);
                        break;
                    case "postgres":
                        await TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{uri.Database}\" WITH (FORCE)");
                        break;
                    default:
                        await TestDatabases.ExecuteAsync(TestDatabases.MySqlServer, $"DROP DATABASE IF EXISTS `{uri.Database}`");
                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or System.Data.Common.DbException)
            {
                // Best effort: the servers are throwaway.
            }
        }
    }
}
