using System.Globalization;
using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Engine.Generate;
using Obscura.Engine.Generate.Profiled;
using Obscura.Engine.Profiling;

namespace Obscura.Engine.Tests.Generate;

/// <summary>
/// Profile-following generation on every engine: the profile's fan-out and complete frequency tables against the values
/// written, profile.json read back, and the specs built from a profile against the source's marginals.
/// </summary>
public abstract class ProfileFollowingTests
{
    /// <summary>The provider ("sqlite", "postgres", "mysql").</summary>
    protected abstract string Provider { get; }

    /// <summary>The seeded source (one per engine and test class).</summary>
    protected abstract Task<ProfiledSource> SourceAsync();

    /// <summary>Creates the engine's source once.</summary>
    protected static Lazy<Task<ProfiledSource>> Once(string provider) => new(() => ProfiledSource.CreateAsync(provider, 4000));

    internal static readonly Func<TableName, string, bool> EmailIsPii = (_, column) => column == "email";

    internal static Task<ProfileReport> ProfileAsync(ProfiledSource source) =>
        new ProfileService(ObscuraRuntime.CreateDefault(), EmailIsPii).RunAsync(new ProfileOptions { Source = source.Uri, Jobs = 2 });

    internal static TableProfile Table(ProfileReport report, string name) => report.Tables.Single(t => t.Name.Split('.')[^1] == name);

    internal static ColumnProfile Column(ProfileReport report, string table, string column) => Table(report, table).Columns.Single(c => c.Name == column);

    [Fact]
    public async Task Fan_out_counts_children_per_parent_including_parents_without_children()
    {
        var source = await SourceAsync();
        var report = await ProfileAsync(source);
        var fanOut = Assert.Single(Table(report, "orders").FanOut!);
        Assert.Equal("customer_id", fanOut.ForeignKey);
        Assert.Equal("customers", fanOut.Parent.Split('.')[^1]);
        Assert.Equal(source.OrdersPerCustomer.Count, fanOut.ParentRows);
        Assert.Equal(0, fanOut.Orphans);
        var truth = source.OrdersPerCustomer.GroupBy(n => (long)n).OrderBy(g => g.Key).Select(g => new FanOutCount(g.Key, g.LongCount())).ToList();
        Assert.Equal(truth, fanOut.Counts);
        Assert.Contains(fanOut.Counts, c => c.Children == 0);
        Assert.Null(Table(report, "customers").FanOut);
    }

    [Fact]
    public async Task Low_cardinality_columns_list_their_complete_exact_frequencies()
    {
        var source = await SourceAsync();
        var report = await ProfileAsync(source);
        var segment = Column(report, "customers", "segment");
        Assert.True(segment.TopValuesComplete);
        var truth = source.Segment.GroupBy(s => s).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(truth.Count, segment.TopValues!.Count);
        Assert.All(segment.TopValues!, v => Assert.Equal(truth[v.Value], v.Count));
        Assert.Contains(segment.TopValues!, v => v.Value == ProfiledSource.RareSegment && v.Count == 1);
        Assert.True(Column(report, "orders", "status").TopValuesComplete);
        // Over 64 distinct values: the top values are a summary, not the distribution.
        Assert.Null(Column(report, "customers", "score").TopValuesComplete);
        Assert.Null(Column(report, "customers", "note").TopValuesComplete);
        // Personal data: no values at all.
        var email = Column(report, "customers", "email");
        Assert.Null(email.TopValues);
        Assert.Null(email.TopValuesComplete);
        // Length bins of text add up to the non-null values, by exact length below 64.
        var note = Column(report, "customers", "note");
        var lengths = source.Note.Where(n => n is not null).GroupBy(n => n!.Length).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(lengths.OrderBy(l => l.Key).Select(l => new LengthBin(l.Key, l.Key + 1, l.Value)), note.Length!.Bins!);
    }

    [Fact]
    public async Task Profile_json_reads_back_to_the_same_profile_and_the_same_specs()
    {
        var source = await SourceAsync();
        var report = await ProfileAsync(source);
        var json = ProfileJson.Serialize(report);
        var back = ProfileJson.Deserialize(json);
        Assert.Equal(json, ProfileJson.Serialize(back));
        var catalog = await ObscuraRuntime.CreateDefault().Connect(source.Uri).InspectAsync(CancellationToken.None);
        Assert.Equal(Describe(Specs(report, catalog)), Describe(Specs(back, catalog)));
    }

    [Fact]
    public void A_file_that_is_not_a_profile_is_refused_with_a_code_and_a_path()
    {
        var ex = Assert.Throws<ObscuraConfigException>(() => ProfileJson.Deserialize("""{"provider": "sqlite", "tables": [{"name": 3}]}"""));
        var diagnostic = Assert.Single(ex.Diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidProfile, diagnostic.Code);
        Assert.Contains("tables", diagnostic.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Specs_from_the_profile_follow_the_source_marginals()
    {
        var source = await SourceAsync();
        var report = await ProfileAsync(source);
        var catalog = await ObscuraRuntime.CreateDefault().Connect(source.Uri).InspectAsync(CancellationToken.None);
        var specs = Specs(report, catalog);
        var customers = specs.Single(s => s.Key.Name == "customers").Value;
        var orders = specs.Single(s => s.Key.Name == "orders").Value;
        Assert.Equal(source.Segment.Count, customers.Rows);
        Assert.Equal(source.Status.Count, orders.Rows);

        // Keys are left to the generator; personal data gets the generator's default (never a profiled value).
        Assert.False(customers.Columns.ContainsKey("id"));
        Assert.False(orders.Columns.ContainsKey("customer_id"));
        Assert.Equal(new FakerValueSpec("email"), customers.Columns["email"]);

        var segment = Assert.IsType<ChoiceValueSpec>(customers.Columns["segment"]);
        Assert.True(Distances.TotalVariation(segment.Values.Zip(segment.Weights!, (v, w) => new KeyValuePair<string, double>(v, w)), Distances.Frequencies(source.Segment)) < 1e-9);
        var status = Assert.IsType<ChoiceValueSpec>(orders.Columns["status"]);
        Assert.True(Distances.TotalVariation(status.Values.Zip(status.Weights!, (v, w) => new KeyValuePair<string, double>(v, w)), Distances.Frequencies(source.Status)) < 1e-9);

        AssertFollows(customers.Columns["score"], source.Score.Select(s => (double)s), 0);
        AssertFollows(customers.Columns["amount"], source.Amount.Where(a => a is not null).Select(a => (double)a!.Value), 2);
        Assert.InRange(customers.Columns["amount"].NullRatio, 0.1 - 0.02, 0.1 + 0.02);
        AssertFollows(customers.Columns["joined"], source.Joined.Select(d => (double)(d.DayNumber - new DateOnly(1970, 1, 1).DayNumber)), 0);
        AssertFollows(orders.Columns["placed_at"], source.PlacedAt.Select(t => (t - DateTime.UnixEpoch).TotalSeconds), 0);

        var note = Assert.IsType<TextValueSpec>(customers.Columns["note"]);
        var notes = source.Note.Where(n => n is not null).Select(n => n!.Length).ToList();
        Assert.Equal((notes.Min(), notes.Max()), (note.MinLength, note.MaxLength));
        Assert.Equal(source.Note.Count(n => n is null) / (double)source.Note.Count, note.NullRatio, 6);

        var fanOut = orders.FanOut["customer_id"];
        var truth = Distances.Frequencies(source.OrdersPerCustomer);
        Assert.True(Distances.TotalVariation(fanOut.Counts.Zip(fanOut.Weights, (c, w) => new KeyValuePair<int, double>(c, w)), truth) < 1e-9);
    }

    [Fact]
    public async Task Data_generated_from_the_profile_is_close_to_the_source()
    {
        var source = await SourceAsync();
        var report = await ProfileAsync(source);
        var catalog = await ObscuraRuntime.CreateDefault().Connect(source.Uri).InspectAsync(CancellationToken.None);
        var generated = Generated.From(report, catalog, seed: 11);
        AssertClose(source, generated, ks: 0.1, tv: 0.1, nulls: 0.02);
    }

    /// <summary>Generated data against its source: KS on numbers and dates, TV on categories and fan-out, NULL ratios.</summary>
    internal static void AssertClose(ProfiledSource source, Generated generated, double ks, double tv, double nulls)
    {
        var customers = generated.Table("customers");
        var orders = generated.Table("orders");
        var failures = new List<string>();
        void Check(string what, double distance, double limit)
        {
            if (!(distance < limit)) failures.Add($"{what}: {distance:F4} (limit {limit})");
        }
        Check("KS score", Distances.KolmogorovSmirnov(source.Score.Select(v => (double)v), customers.Numbers("score")), ks);
        Check("KS amount", Distances.KolmogorovSmirnov(source.Amount.Where(a => a is not null).Select(a => (double)a!.Value), customers.Numbers("amount")), ks);
        Check("KS joined", Distances.KolmogorovSmirnov(source.Joined.Select(d => (double)d.DayNumber), customers.Numbers("joined")), ks);
        Check("KS placed_at", Distances.KolmogorovSmirnov(source.PlacedAt.Select(t => t.Ticks / 1e7), orders.Numbers("placed_at")), ks);
        Check("TV segment", Distances.TotalVariation(source.Segment, customers.Texts("segment")), tv);
        Check("TV status", Distances.TotalVariation(source.Status, orders.Texts("status")), tv);
        Check("null ratio amount", Math.Abs(source.Amount.Count(a => a is null) / (double)source.Amount.Count - customers.NullRatio("amount")), nulls);
        Check("null ratio note", Math.Abs(source.Note.Count(a => a is null) / (double)source.Note.Count - customers.NullRatio("note")), nulls);
        var counts = orders.Values("customer_id").GroupBy(c => c).ToDictionary(g => g.Key!, g => g.Count());
        var fanOut = customers.Values("id").Select(id => counts.GetValueOrDefault(id!));
        Check("TV fan-out", Distances.TotalVariation(source.OrdersPerCustomer, fanOut), tv);
        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    /// <summary>The histogram spec's CDF is within KS 0.1 of the source values.</summary>
    internal static void AssertFollows(ValueSpec spec, IEnumerable<double> values, int scale)
    {
        var histogram = Assert.IsType<HistogramValueSpec>(spec);
        Assert.Equal(scale, histogram.Scale);
        var total = histogram.Buckets.Sum(b => b.Weight);
        double Cdf(double x) => histogram.Buckets.Sum(b => b.Weight * Math.Clamp((x - b.Low) / (b.High - b.Low), 0, 1)) / total;
        // Values are whole units (days, seconds, integers): the source's x covers [x, x + step) of the histogram.
        var step = scale == 0 ? 1 : Math.Pow(10, -scale);
        var ks = Distances.KolmogorovSmirnov(values.Select(v => v + step), Cdf);
        Assert.True(ks < 0.1, $"KS {ks:F4}");
    }

    internal static IReadOnlyDictionary<TableName, TableSpec> Specs(ProfileReport report, Catalog catalog)
    {
        var diagnostics = new DiagnosticBag();
        var specs = ProfileSpecs.Build(report, catalog, (_, c) => c.Name == "email" ? new FakerValueSpec("email") : null, diagnostics);
        Assert.Empty(diagnostics.Items);
        return specs;
    }

    private static string Describe(IReadOnlyDictionary<TableName, TableSpec> specs) => string.Join('\n', specs.OrderBy(s => s.Key).Select(s =>
        $"{s.Key} rows={s.Value.Rows}: " +
        string.Join("; ", s.Value.Columns.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value.GetType().Name}{JsonSerializer.Serialize(c.Value, c.Value.GetType())}")) +
        " fan-out " + string.Join("; ", s.Value.FanOut.Select(f => $"{f.Key}={string.Join(',', f.Value.Counts)}/{string.Join(',', f.Value.Weights.Select(w => w.ToString(CultureInfo.InvariantCulture)))}"))));
}

/// <summary>SQLite.</summary>
public sealed class SqliteProfileFollowingTests : ProfileFollowingTests
{
    private static readonly Lazy<Task<ProfiledSource>> Source = Once("sqlite");
    protected override string Provider => "sqlite";
    protected override Task<ProfiledSource> SourceAsync() => Source.Value;
}

/// <summary>PostgreSQL.</summary>
public sealed class PostgresProfileFollowingTests : ProfileFollowingTests
{
    private static readonly Lazy<Task<ProfiledSource>> Source = Once("postgres");
    protected override string Provider => "postgres";
    protected override Task<ProfiledSource> SourceAsync() => Source.Value;
}

/// <summary>MariaDB.</summary>
public sealed class MySqlProfileFollowingTests : ProfileFollowingTests
{
    private static readonly Lazy<Task<ProfiledSource>> Source = Once("mysql");
    protected override string Provider => "mysql";
    protected override Task<ProfiledSource> SourceAsync() => Source.Value;
}
