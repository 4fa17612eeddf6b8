using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Engine.Generate.Profiled.Internal;
using Obscura.Engine.Profiling;

namespace Obscura.Engine.Generate.Profiled;

/// <summary>
/// Turns a profile (<c>profile.json</c>, possibly released with differential privacy by <see cref="ProfileRelease"/>)
/// into the <see cref="TableSpec"/>s of the tables it describes, so generated data follows the source's marginals:
/// row counts, null ratios, categorical frequencies, numeric and temporal histograms, text lengths and shapes, and each
/// foreign key's children-per-parent distribution.
/// </summary>
/// <remarks>
/// A column can have several descriptions; the first rule that applies wins:
/// <list type="number">
/// <item>personal data (<see cref="ColumnProfile.Pii"/>): the generator's default for the column (a faker kind from its
/// name and type), with the profiled null ratio — never a profiled value;</item>
/// <item>primary-key, unique and identity columns: no spec (the generator keeps keys unique); foreign-key columns:
/// only their null ratio (values come from the parents, spread as <see cref="TableSpec.FanOut"/> says);</item>
/// <item>a complete frequency table (<see cref="ColumnProfile.TopValuesComplete"/>): <see cref="ChoiceValueSpec"/> with
/// the exact counts as weights;</item>
/// <item>numbers, dates and times with a histogram: <see cref="HistogramValueSpec"/>;</item>
/// <item>top values whose counts cover at least <see cref="ChoiceCoverage"/> of the non-null values:
/// <see cref="ChoiceValueSpec"/>;</item>
/// <item>text: <see cref="TextValueSpec"/> with the dominant shape when one covers at least <see cref="ShapeCoverage"/>
/// of the values, otherwise the profiled length range;</item>
/// <item>anything else (UUIDs, binary): the generator's default, with the profiled null ratio.</item>
/// </list>
/// </remarks>
public static class ProfileSpecs
{
    /// <summary>Top values covering at least this share of non-null values describe the column as a choice.</summary>
    public const double ChoiceCoverage = 0.98;

    /// <summary>A text shape covering at least this share of values is used to generate the column.</summary>
    public const double ShapeCoverage = 0.9;

    /// <summary>Decimals generated for floating-point columns.</summary>
    public const int FloatScale = 6;

    /// <summary>
    /// The table specs for every table of <paramref name="catalog"/> the profile describes. Profiled tables or columns
    /// missing from the catalog are reported as warnings (<see cref="DiagnosticCodes.ProfileMismatch"/>) and ignored.
    /// </summary>
    /// <param name="profile">The profile (raw or released).</param>
    /// <param name="catalog">The tables being generated.</param>
    /// <param name="defaults">The generator's own spec for a column (used for personal data and columns the profile cannot describe).</param>
    /// <param name="diagnostics">Receives the warnings.</param>
    public static IReadOnlyDictionary<TableName, TableSpec> Build(ProfileReport profile, Catalog catalog, Func<Table, Column, ValueSpec?> defaults, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var specs = new Dictionary<TableName, TableSpec>();
        foreach (var tableProfile in profile.Tables)
        {
            var table = FindTable(catalog, tableProfile.Name);
            if (table is null)
            {
                diagnostics.Warning($"tables.{tableProfile.Name}", DiagnosticCodes.ProfileMismatch, "the profiled table is not among the generated tables; its profile is ignored");
                continue;
            }
            specs[table.Name] = ForTable(table, tableProfile, defaults, diagnostics);
        }
        return WithRowsFollowingFanOut(specs, catalog);
    }

    /// <summary>
    /// <paramref name="schema"/> with the profile's specs laid over it: for every profiled table its rows, fan-outs and the
    /// specs of the columns the profile describes replace what the schema had; other columns keep theirs. A released
    /// profile (<see cref="ProfileReport.Privacy"/>) also drops the catalog's row counts, so only released counts decide
    /// how many rows a table gets.
    /// </summary>
    /// <param name="schema">The schema (catalog file, live database or template).</param>
    /// <param name="profile">The profile, raw or released.</param>
    /// <param name="diagnostics">Receives warnings about profiled tables and columns the schema lacks.</param>
    public static GenerationSchema Apply(GenerationSchema schema, ProfileReport profile, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(profile);
        ValueSpec? Existing(Table table, Column column) =>
            schema.Tables.TryGetValue(table.Name, out var spec) && spec.Columns.TryGetValue(column.Name, out var given) ? given : Generate.Internal.DefaultSpecs.For(table, column);
        var specs = Build(profile, schema.Catalog, Existing, diagnostics);
        var tables = new Dictionary<TableName, TableSpec>(schema.Tables);
        foreach (var (name, spec) in specs)
        {
            if (!tables.TryGetValue(name, out var existing))
            {
                tables[name] = spec;
                continue;
            }
            var columns = new Dictionary<string, ValueSpec>(existing.Columns, StringComparer.OrdinalIgnoreCase);
            foreach (var (column, value) in spec.Columns) columns[column] = value;
            var fanOut = new Dictionary<string, FanOutSpec>(existing.FanOut, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in spec.FanOut) fanOut[key] = value;
            tables[name] = new TableSpec { Rows = spec.Rows ?? existing.Rows, Columns = columns, FanOut = fanOut };
        }
        var catalog = profile.Privacy is null ? schema.Catalog
            : schema.Catalog with { Tables = schema.Catalog.Tables.Select(t => t with { RowEstimate = -1 }).ToList() };
        return schema with { Catalog = catalog, Tables = tables };
    }

    /// <summary>As <see cref="Build(ProfileReport, Catalog, Func{Table, Column, ValueSpec?}, DiagnosticBag)"/> with the generator's own defaults (from column names and types).</summary>
    public static IReadOnlyDictionary<TableName, TableSpec> Build(ProfileReport profile, Catalog catalog, DiagnosticBag diagnostics) =>
        Build(profile, catalog, Generate.Internal.DefaultSpecs.For, diagnostics);

    /// <summary>
    /// A child table's rows made to agree with its first fan-out: the parent's rows × the mean children per parent, plus
    /// the rows whose key is NULL. Equal to the profiled rows for an exact profile; for a released one (noise, dropped
    /// rare counts) it keeps the generator from stretching every parent's children to fit a row count the fan-out does
    /// not add up to.
    /// </summary>
    private static Dictionary<TableName, TableSpec> WithRowsFollowingFanOut(Dictionary<TableName, TableSpec> specs, Catalog catalog)
    {
        foreach (var (name, spec) in specs.ToList())
        {
            var table = catalog.FindTable(name);
            var key = table?.ForeignKeys.FirstOrDefault(k => spec.FanOut.ContainsKey(string.Join(',', k.Columns)));
            if (key is null || !specs.TryGetValue(key.ReferencedTable, out var parent) || parent.Rows is not { } parentRows) continue;
            var fanOut = spec.FanOut[string.Join(',', key.Columns)];
            var weight = fanOut.Weights.Sum();
            if (weight <= 0) continue;
            var mean = fanOut.Counts.Zip(fanOut.Weights, (c, w) => c * w).Sum() / weight;
            var nullRatio = spec.Columns.TryGetValue(key.Columns[0], out var keySpec) ? Math.Clamp(keySpec.NullRatio, 0, 0.99) : 0;
            specs[name] = spec with { Rows = (long)Math.Round(parentRows * mean / (1 - nullRatio)) };
        }
        return specs;
    }

    /// <summary>The spec of one table from its profile.</summary>
    public static TableSpec ForTable(Table table, TableProfile profile, Func<Table, Column, ValueSpec?> defaults, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(profile);
        var columns = new Dictionary<string, ValueSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var columnProfile in profile.Columns)
        {
            var column = table.Columns.FirstOrDefault(c => string.Equals(c.Name, columnProfile.Name, StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                diagnostics.Warning($"tables.{profile.Name}.columns.{columnProfile.Name}", DiagnosticCodes.ProfileMismatch, "the profiled column is not in the generated table; its profile is ignored");
                continue;
            }
            if (ForColumn(table, column, columnProfile, profile.Rows, defaults) is { } spec) columns[column.Name] = spec;
        }
        var fanOut = new Dictionary<string, FanOutSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in profile.FanOut ?? [])
        {
            var key = table.ForeignKeys.FirstOrDefault(k => string.Equals(string.Join(',', k.Columns), f.ForeignKey, StringComparison.OrdinalIgnoreCase));
            if (key is null)
            {
                diagnostics.Warning($"tables.{profile.Name}.fan_out.{f.ForeignKey}", DiagnosticCodes.ProfileMismatch, "the profiled foreign key is not in the generated table; its fan-out is ignored");
                continue;
            }
            if (ForFanOut(f) is { } spec) fanOut[string.Join(',', key.Columns)] = spec;
        }
        return new TableSpec { Rows = profile.Rows, Columns = columns, FanOut = fanOut };
    }

    /// <summary>The spec of one column (see the rules on <see cref="ProfileSpecs"/>); null to leave the column to the generator.</summary>
    /// <param name="table">The generated table.</param>
    /// <param name="column">The generated column.</param>
    /// <param name="profile">The column's profile.</param>
    /// <param name="rows">Rows of the profiled table.</param>
    /// <param name="defaults">The generator's own spec for a column.</param>
    public static ValueSpec? ForColumn(Table table, Column column, ColumnProfile profile, long rows, Func<Table, Column, ValueSpec?> defaults)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(defaults);
        var nullRatio = column.IsNullable ? Math.Clamp(profile.NullRatio, 0, 1) : 0;
        // A foreign key's values come from its parents; the generator reads only the NULL ratio from the column's spec.
        if (table.IsForeignKeyColumn(column.Name))
            return nullRatio > 0 ? (defaults(table, column) ?? new ChoiceValueSpec([])) with { NullRatio = nullRatio } : null;
        if (table.IsUniqueColumn(column.Name) || column.IsIdentity) return null;
        var spec = profile.Pii ? null : Describe(column, profile, Math.Max(1, rows * (1 - profile.NullRatio)));
        spec ??= defaults(table, column);
        return spec is null ? null : spec with { NullRatio = nullRatio };
    }

    /// <summary>The fan-out spec from a profiled fan-out; null when it has no counts.</summary>
    public static FanOutSpec? ForFanOut(FanOutProfile fanOut)
    {
        ArgumentNullException.ThrowIfNull(fanOut);
        var counts = fanOut.Counts.Where(c => c.Parents > 0 && c.Children >= 0 && c.Children <= int.MaxValue).ToList();
        return counts.Count == 0 ? null : new FanOutSpec(counts.Select(c => (int)c.Children).ToList(), counts.Select(c => (double)c.Parents).ToList());
    }

    private static ValueSpec? Describe(Column column, ColumnProfile profile, double values)
    {
        if (profile.TopValuesComplete == true && profile.TopValues is { Count: > 0 } complete)
            return Choice(complete.Select(v => (v.Value, (double)v.Count)));
        if (profile.Histogram is { Bins.Count: > 0 } histogram && Histogram(column, profile, histogram) is { } h) return h;
        if (profile.TopValues is { Count: > 0 } top)
        {
            var covered = top.Sum(v => (double)(v.Count - v.Error));
            if (covered >= ChoiceCoverage * values) return Choice(top.Select(v => (v.Value, (double)(v.Count - v.Error))));
        }
        if (profile.TypeClass is TypeClass.Text or TypeClass.Json && profile.Length is { } length)
        {
            var shape = profile.Patterns is { Count: > 0 } patterns ? patterns[0] : null;
            if (shape is not null && !shape.Shape.Contains('+') && !shape.Shape.Contains('…') && shape.Count - shape.Error >= ShapeCoverage * values)
                return new TextValueSpec(shape.Shape.Length, shape.Shape.Length, shape.Shape);
            var max = column.MaxLength is { } declared ? Math.Min(declared, length.Max) : length.Max;
            return new TextValueSpec(Math.Min(length.Min, max), max);
        }
        return null;
    }

    private static ChoiceValueSpec? Choice(IEnumerable<(string Value, double Weight)> entries)
    {
        var kept = entries.Where(e => e.Weight > 0).ToList();
        return kept.Count == 0 ? null : new ChoiceValueSpec(kept.Select(e => e.Value).ToList(), kept.Select(e => e.Weight).ToList());
    }

    private static HistogramValueSpec? Histogram(Column column, ColumnProfile profile, HistogramSummary histogram)
    {
        var buckets = new List<HistogramBucketSpec>(histogram.Bins.Count);
        foreach (var bin in histogram.Bins)
        {
            if (bin.Count <= 0) continue;
            var low = ProfileUnits.ToSpecUnit(bin.Low, profile.TypeClass);
            var high = ProfileUnits.ToSpecUnit(bin.High, profile.TypeClass);
            if (low is null || high is null || !(high > low)) return null; // bounds withheld or unreadable
            buckets.Add(new HistogramBucketSpec(low.Value, high.Value, bin.Count));
        }
        if (buckets.Count == 0) return null;
        if (profile.TypeClass is TypeClass.Integer or TypeClass.Date) buckets = WithFrequentValues(buckets, profile);
        var scale = profile.TypeClass switch
        {
            TypeClass.Decimal => column.Scale ?? 2,
            TypeClass.Float => FloatScale,
            _ => 0,
        };
        return new HistogramValueSpec(buckets, scale);
    }

    /// <summary>
    /// Whole-unit columns (integers, dates): each frequent value becomes a one-unit bucket of its guaranteed count, taken
    /// out of the bin that holds it, so a skewed head the equal-width bins smear (most values in the first bin) is kept.
    /// </summary>
    private static List<HistogramBucketSpec> WithFrequentValues(List<HistogramBucketSpec> buckets, ColumnProfile profile)
    {
        if (profile.TopValues is not { Count: > 0 } top) return buckets;
        var weights = buckets.Select(b => b.Weight).ToArray();
        var points = new List<HistogramBucketSpec>();
        foreach (var value in top)
        {
            var count = value.Count - value.Error;
            if (count <= 0 || ProfileUnits.ToSpecUnit(value.Value, profile.TypeClass) is not { } v) continue;
            var bin = buckets.FindIndex(b => v >= b.Low && v < b.High);
            if (bin < 0) continue;
            // The value's guaranteed count moves from its bin to its own bucket; the bin keeps the rest, spread uniformly.
            var take = Math.Min(count, weights[bin]);
            weights[bin] -= take;
            points.Add(new HistogramBucketSpec(v, v + 1, take));
        }
        var result = buckets.Select((b, i) => b with { Weight = weights[i] }).Where(b => b.Weight > 0).ToList();
        result.AddRange(points.Where(p => p.Weight > 0));
        return result;
    }

    private static Table? FindTable(Catalog catalog, string name)
    {
        var exact = catalog.Tables.FirstOrDefault(t => t.Name.ToString() == name);
        if (exact is not null) return exact;
        // A profile of one engine generating into another: match the bare name when only one table has it.
        var bare = name.Split('.')[^1];
        var matches = catalog.Tables.Where(t => string.Equals(t.Name.Name, bare, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}
