using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Profiling;

namespace Obscura.Engine.Tests.Profiling;

/// <summary>
/// <c>obscura profile</c> on the Chinook sample database, the same checks on every engine: statistics against what the
/// database computes itself, partitioned reads against one stream, and personal data never shown.
/// </summary>
public abstract partial class ProfileConformanceTests
{
    /// <summary>The loaded Chinook database (once per engine).</summary>
    protected abstract Task<DatabaseUri> ChinookAsync();

    /// <summary>The dataset's spelling of a PascalCase Chinook name (PostgreSQL's script uses snake_case).</summary>
    protected abstract string Name(string pascal);

    /// <summary>A text column as an expression that compares and counts by code point (binary), like the profile does.</summary>
    protected abstract string Binary(string quotedColumn);

    /// <summary>The SQL for the sample standard deviation, or null where the engine has none (SQLite).</summary>
    protected abstract string? StddevSamp(string quotedColumn);

    private static Task<ProfileReport> ProfileAsync(DatabaseUri uri, int jobs = 2, long partitionRows = 250_000, Func<TableName, string, bool>? isPii = null, params string[] tables) =>
        new ProfileService(ObscuraRuntime.CreateDefault(), isPii ?? ((_, _) => false)).RunAsync(new ProfileOptions
        {
            Source = uri, Jobs = jobs, MinPartitionRows = partitionRows, Tables = tables,
        });

    private TableProfile Table(ProfileReport report, string pascal) =>
        report.Tables.Single(t => t.Name.Split('.')[^1] == Name(pascal));

    private ColumnProfile Column(ProfileReport report, string table, string column) =>
        Table(report, table).Columns.Single(c => c.Name == Name(column));

    public static TheoryData<string, string> CheckedColumns => new()
    {
        { "Customer", "CustomerId" }, { "Customer", "FirstName" }, { "Customer", "Company" }, { "Customer", "State" },
        { "Customer", "Email" }, { "Customer", "SupportRepId" },
        { "Track", "TrackId" }, { "Track", "Name" }, { "Track", "Composer" }, { "Track", "Milliseconds" }, { "Track", "Bytes" },
        { "Track", "UnitPrice" },
        { "Invoice", "InvoiceDate" }, { "Invoice", "BillingPostalCode" }, { "Invoice", "Total" },
        { "Employee", "BirthDate" }, { "Employee", "ReportsTo" },
    };

    [Theory]
    [MemberData(nameof(CheckedColumns))]
    public async Task Counts_nulls_distinct_min_max_and_mean_match_the_database(string table, string column)
    {
        var uri = await ChinookAsync();
        var report = await ProfileAsync(uri, tables: Name(table));
        var profile = Column(report, table, column);
        var dialect = TestDatabases.Registry.Resolve(uri).Dialect;
        var t = dialect.Qualify(new TableName(null, Name(table)));
        var c = dialect.Quote(Name(column));
        var isText = profile.TypeClass == TypeClass.Text;
        var b = isText ? Binary(c) : c;
        var numeric = profile.TypeClass is TypeClass.Integer or TypeClass.Decimal or TypeClass.Float;
        var truth = (await TestDatabases.QueryAsync(uri,
            $"SELECT COUNT(*), COUNT({c}), COUNT(DISTINCT {b}), MIN({b}), MAX({b}){(numeric ? $", AVG({c})" : "")}" +
            $"{(numeric && StddevSamp(c) is { } stddevSql ? ", " + stddevSql : "")} FROM {t}"))[0];

        var rows = Convert.ToInt64(truth[0], CultureInfo.InvariantCulture);
        var nonNull = Convert.ToInt64(truth[1], CultureInfo.InvariantCulture);
        var distinct = Convert.ToInt64(truth[2], CultureInfo.InvariantCulture);
        Assert.Equal(rows, Table(report, table).Rows);
        Assert.Equal(rows - nonNull, profile.Nulls);
        // Exact up to HyperLogLog.ExactLimit distinct values; above, within 2% (about 3 standard errors at these sizes).
        if (distinct <= Core.Profiling.HyperLogLog.ExactLimit) Assert.Equal(distinct, profile.Distinct);
        else Assert.True(Math.Abs(profile.Distinct - distinct) <= distinct * 0.02, $"distinct {profile.Distinct}, database says {distinct}");
        if (column is "CustomerId" or "TrackId")
        {
            // A primary key: distinct comes from the constraint, exactly, and top values (all seen once) are left out.
            Assert.Equal(distinct, profile.Distinct);
            Assert.True(profile.DistinctExact);
            Assert.Equal("unique constraint", profile.DistinctFrom);
            Assert.Null(profile.TopValues);
        }
        else
        {
            Assert.Null(profile.DistinctFrom);
        }
        AssertSame(truth[3], profile.Min, profile.TypeClass);
        AssertSame(truth[4], profile.Max, profile.TypeClass);
        if (numeric)
        {
            var mean = Convert.ToDouble(truth[5], CultureInfo.InvariantCulture);
            // MariaDB's AVG keeps four more decimals than the column: compare to 1e-4.
            Assert.True(Math.Abs(mean - Convert.ToDouble(profile.Mean, CultureInfo.InvariantCulture)) <= 1e-4 * Math.Max(1, Math.Abs(mean)), $"mean {profile.Mean} vs {mean}");
            if (truth.Length > 6 && truth[6] is not null)
            {
                var sd = Convert.ToDouble(truth[6], CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(sd - profile.Stddev!.Value) <= 1e-4 * Math.Max(1, sd), $"stddev {profile.Stddev} vs {sd}");
            }
            Assert.Equal(nonNull, profile.Histogram!.Bins.Sum(x => x.Count));
        }
        if (isText && nonNull > 0)
        {
            var lengths = (await TestDatabases.QueryAsync(uri, $"SELECT {c} FROM {t} WHERE {c} IS NOT NULL")).Select(r => ((string)r[0]!).Length).ToList();
            Assert.Equal(new LengthSummary(lengths.Min(), Math.Round(lengths.Average(), 6), lengths.Max()), profile.Length! with { Bins = null });
            var bins = lengths.GroupBy(l => l < 64 ? l : 1 << System.Numerics.BitOperations.Log2((uint)l)).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count()));
            Assert.Equal(bins, profile.Length.Bins!.Select(b => (b.Low, b.Count)));
            Assert.NotEmpty(profile.Patterns!);
            Assert.True(profile.Patterns!.Sum(p => p.Count - p.Error) <= nonNull);
        }
    }

    private static void AssertSame(object? expected, object? actual, TypeClass typeClass)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        switch (typeClass)
        {
            case TypeClass.Integer:
                Assert.Equal(Convert.ToInt64(expected, CultureInfo.InvariantCulture), Convert.ToInt64(actual, CultureInfo.InvariantCulture));
                break;
            case TypeClass.Decimal or TypeClass.Float:
                Assert.Equal(Convert.ToDecimal(expected, CultureInfo.InvariantCulture), Convert.ToDecimal(actual, CultureInfo.InvariantCulture));
                break;
            case TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset:
                var e = expected is DateTime dt ? dt : DateTime.Parse(expected.ToString()!, CultureInfo.InvariantCulture);
                Assert.Equal(e, DateTime.Parse((string)actual, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
                break;
            default:
                Assert.Equal(expected is byte[] bytes ? Encoding.UTF8.GetString(bytes) : expected.ToString(), actual);
                break;
        }
    }

    [Fact]
    public async Task Partitioned_reads_give_the_same_profile_as_one_stream()
    {
        var uri = await ChinookAsync();
        var whole = await ProfileAsync(uri, jobs: 1);
        var split = await ProfileAsync(uri, jobs: 4, partitionRows: 500);
        Assert.True(Table(split, "Track").Partitions > 1, "Track was not partitioned");
        Assert.True(Table(split, "InvoiceLine").Partitions > 1, "InvoiceLine was not partitioned");
        Assert.Equal(whole.Rows, split.Rows);
        foreach (var (a, b) in whole.Tables.Zip(split.Tables))
        {
            Assert.Equal(a.Name, b.Name);
            Assert.Equal(a.Rows, b.Rows);
            foreach (var (x, y) in a.Columns.Zip(b.Columns))
            {
                var where = $"{a.Name}.{x.Name}";
                Assert.True(x.Nulls == y.Nulls, where);
                Assert.True(x.Distinct == y.Distinct, $"{where}: distinct {x.Distinct} vs {y.Distinct}");
                Assert.True(Equals(x.Min, y.Min) && Equals(x.Max, y.Max), $"{where}: min/max");
                Assert.True(Close(x.Mean, y.Mean) && Close(x.Stddev, y.Stddev), $"{where}: mean {x.Mean}/{y.Mean}, stddev {x.Stddev}/{y.Stddev}");
                Assert.True(Equals(x.Length, y.Length) || (Equals(x.Length! with { Bins = null }, y.Length! with { Bins = null }) && x.Length.Bins!.SequenceEqual(y.Length.Bins!)), $"{where}: length");
                Assert.True((x.Histogram?.Bins ?? []).SequenceEqual(y.Histogram?.Bins ?? []), $"{where}: histogram");
                // Top values merge approximately; values that are exact in one stream (error 0) stay exact when merged if all fit.
                if (x.TopValues is { Count: > 0 } tx && tx.All(v => v.Error == 0) && x.Distinct <= 64)
                    Assert.True(tx.SequenceEqual(y.TopValues!), $"{where}: top values");
            }
        }
    }

    private static bool Close(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (double x, double y) => Math.Abs(x - y) <= 1e-6 * Math.Max(1, Math.Abs(x)),
        _ => Equals(a, b),
    };

    [Fact]
    public async Task Personal_data_columns_show_no_value_in_json_or_html()
    {
        var uri = await ChinookAsync();
        var pii = new[] { "FirstName", "LastName", "Company", "Address", "City", "PostalCode", "Phone", "Fax", "Email", "BirthDate" }.Select(Name).ToHashSet();
        var report = await ProfileAsync(uri, isPii: (_, column) => pii.Contains(column), tables: [Name("Customer"), Name("Employee")]);
        var json = ProfileJson.Serialize(report);
        var html = ProfileHtml.Render(report);

        foreach (var table in report.Tables)
        {
            foreach (var c in table.Columns.Where(c => c.Pii))
            {
                Assert.Null(c.Min);
                Assert.Null(c.Max);
                Assert.Null(c.TopValues);
                Assert.Contains("top_values", c.Withheld!);
                Assert.All(c.Histogram?.Bins ?? [], bin => Assert.True(bin.Low is null && bin.High is null));
            }
            Assert.Contains(table.Columns, c => c.Pii);
            Assert.Contains(table.Columns, c => !c.Pii && c.TopValues is { Count: > 0 });
        }

        var dialect = TestDatabases.Registry.Resolve(uri).Dialect;
        // A value a non-personal column also holds is rightly published there (Chinook's Irish state is "Dublin", a city too).
        var published = report.Tables.SelectMany(t => t.Columns).Where(c => !c.Pii).SelectMany(c => c.TopValues ?? []).Select(v => v.Value).ToHashSet();
        var leaked = new List<string>();
        foreach (var (table, columns) in new[] { ("Customer", new[] { "FirstName", "LastName", "Company", "Address", "City", "PostalCode", "Phone", "Fax", "Email" }), ("Employee", ["FirstName", "LastName", "Address", "Phone", "Email", "BirthDate"]) })
        {
            foreach (var column in columns)
            {
                var values = await TestDatabases.QueryAsync(uri, $"SELECT {dialect.Quote(Name(column))} FROM {dialect.Qualify(new TableName(null, Name(table)))}");
                foreach (var raw in values.Select(v => v[0]).Where(v => v is not null))
                {
                    var text = raw is DateTime d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : raw!.ToString()!;
                    if (raw is string s && DateTime.TryParse(s, CultureInfo.InvariantCulture, out var parsed)) text = parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    // Short values (a two-letter state, "Rome") occur in ordinary words; check the ones that identify someone.
                    if (text.Length < 5 || published.Contains(text)) continue;
                    if (json.Contains(Json(text), StringComparison.Ordinal) || html.Contains(System.Net.WebUtility.HtmlEncode(text), StringComparison.Ordinal)) leaked.Add($"{table}.{column}");
                }
            }
        }
        Assert.Empty(leaked.Distinct());
        Assert.Contains("class=\"badge\">PII</span>", html, StringComparison.Ordinal);
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text, ProfileJson.Options).Trim('"');

    [Fact]
    public async Task An_unknown_table_is_reported_by_name()
    {
        var uri = await ChinookAsync();
        var ex = await Assert.ThrowsAsync<ObscuraConfigException>(() => ProfileAsync(uri, tables: [Name("Track"), "no_such_table"]));
        Assert.Contains("unknown table 'no_such_table'", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_and_html_describe_every_table()
    {
        var uri = await ChinookAsync();
        var report = await ProfileAsync(uri);
        Assert.Equal(11, report.Tables.Count);
        using var json = System.Text.Json.JsonDocument.Parse(ProfileJson.Serialize(report));
        var tables = json.RootElement.GetProperty("tables");
        Assert.Equal(11, tables.GetArrayLength());
        var first = tables[0].GetProperty("columns")[0];
        Assert.True(first.TryGetProperty("null_ratio", out _));
        Assert.True(first.TryGetProperty("type_class", out _));
        var html = ProfileHtml.Render(report);
        Assert.DoesNotMatch(ExternalReference(), html);
        foreach (var t in report.Tables) Assert.Contains(System.Net.WebUtility.HtmlEncode(t.Name), html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//|url\(|<script|<link|@import", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
