using System.Text.Json;
using Obscura.Engine.Copy;
using Obscura.Engine.Subset;

namespace Obscura.Engine.Sampling;

/// <summary>
/// What <c>obscura sample</c> picked and why (<c>sample-report.json</c>): counts per strategy, each chosen row by key with
/// its reasons, coverage of each column compared with the whole table, a diversity score. Never a column's values beyond
/// the sampled table's key.
/// </summary>
public sealed record SampleReport
{
    /// <summary>Source URI without password.</summary>
    public required string Source { get; init; }
    /// <summary>The sampled table.</summary>
    public required string Table { get; init; }
    /// <summary>succeeded, failed or cancelled.</summary>
    public required string Status { get; init; }
    /// <summary>When the run started (UTC).</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>Wall-clock seconds of the whole run.</summary>
    public double Seconds { get; init; }
    /// <summary>Seconds spent scanning the table and choosing rows.</summary>
    public double SelectionSeconds { get; init; }
    /// <summary>Rows of the table (counted by the scan).</summary>
    public long TableRows { get; init; }
    /// <summary>Rows asked for.</summary>
    public int Requested { get; init; }
    /// <summary>Rows chosen: <see cref="Requested"/>, or the table's row count when smaller.</summary>
    public int Selected { get; init; }
    /// <summary>The seed of every random choice.</summary>
    public long Seed { get; init; }
    /// <summary>The mix asked for (<c>boundary=20,anomaly=30,...</c>).</summary>
    public string Mix { get; init; } = "";
    /// <summary>The stratification column, or null.</summary>
    public string? Stratify { get; init; }
    /// <summary>The key columns rows are identified by.</summary>
    public IReadOnlyList<string> Key { get; init; } = [];
    /// <summary>Per strategy: asked, chosen (counted once, by the first strategy in <see cref="SampleStrategy"/> order), rows carrying its reason.</summary>
    public IReadOnlyList<SampleStrategyCount> Strategies { get; init; } = [];
    /// <summary>Per stratum value (with <see cref="Stratify"/>): rows in the table and in the sample.</summary>
    public IReadOnlyList<SampleStratum> Strata { get; init; } = [];
    /// <summary>Per analyzed column: how much of the table's range, categories, NULLs and edges the sample covers.</summary>
    public IReadOnlyList<SampleColumnCoverage> Columns { get; init; } = [];
    /// <summary>
    /// Mean pairwise distance of the chosen rows over the standardized numeric/encoded columns, divided by that of a
    /// uniform sample of the table: 1 is as diverse as random, above 1 more spread out. Null without such columns.
    /// </summary>
    public double? Diversity { get; init; }
    /// <summary>Clusters the cluster strategy fitted (0 when it was not used).</summary>
    public int Clusters { get; init; }
    /// <summary>Every chosen row: key, the strategy it counts for, all reasons.</summary>
    public IReadOnlyList<SampleRow> Rows { get; init; } = [];
    /// <summary>The target database, or the directory of the files.</summary>
    public string? Output { get; init; }
    /// <summary>The files written (without a target).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
    /// <summary>Rows written per table: the sample and its referential closure.</summary>
    public IReadOnlyList<TableSummary> Tables { get; init; } = [];
    /// <summary>The closure the subset engine computed (per table: rows kept and why).</summary>
    public SubsetSummary? Closure { get; init; }
    /// <summary>What the strategies could not do as asked (e.g. no numeric columns for anomaly).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
    /// <summary>Warnings of the copy or dump.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The error, when the run failed (no values, no secrets).</summary>
    public string? Error { get; init; }

    /// <summary>The report as JSON (snake_case, indented, as the copy summary).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CopySummary.JsonOptions);
}

/// <summary>One strategy's share of a sample.</summary>
/// <param name="Strategy">anomaly, boundary, risk, cluster or random.</param>
/// <param name="Percent">The share asked for.</param>
/// <param name="Requested">Rows that share is (largest remainder over the sample size, and over strata).</param>
/// <param name="Selected">Rows counted for it (a row two strategies chose counts for the first; random also fills shortfalls).</param>
/// <param name="WithReason">Rows that carry its reason (counted or not).</param>
public sealed record SampleStrategyCount(string Strategy, int Percent, int Requested, int Selected, int WithReason);

/// <summary>One stratum of a stratified sample.</summary>
/// <param name="Value">The stratum's value (<c>#n</c> when the column holds personal data; <c>(null)</c> for NULL).</param>
/// <param name="TableRows">Rows of the table with that value.</param>
/// <param name="SampleRows">Rows of the sample with that value.</param>
public sealed record SampleStratum(string Value, long TableRows, int SampleRows);

/// <summary>One chosen row: its key (the sampled table's key columns, in order), the strategy it counts for, every reason.</summary>
public sealed record SampleRow(IReadOnlyList<object?> Key, string Strategy, IReadOnlyList<string> Reasons, string? Stratum);

/// <summary>How much of one column the sample covers, compared with the whole table (ratios and flags; no values).</summary>
public sealed record SampleColumnCoverage
{
    /// <summary>Column name.</summary>
    public required string Column { get; init; }
    /// <summary>number, temporal, boolean or text.</summary>
    public required string Kind { get; init; }
    /// <summary>How the strategies used it: feature (anomaly/cluster), category, boundary only.</summary>
    public required string Use { get; init; }
    /// <summary>Whether the risk rule counts it as personal data.</summary>
    public bool Pii { get; init; }
    /// <summary>NULLs in the table.</summary>
    public long TableNulls { get; init; }
    /// <summary>NULLs among the chosen rows.</summary>
    public int SampleNulls { get; init; }
    /// <summary>Distinct values in the table (exact up to 1,024, then a HyperLogLog estimate).</summary>
    public long TableDistinct { get; init; }
    /// <summary>Share of the table's range (text: of its lengths) between the sample's smallest and largest value, 0..1.</summary>
    public double? RangeCoverage { get; init; }
    /// <summary>Whether a chosen row holds the table's minimum (text: shortest length).</summary>
    public bool? MinIncluded { get; init; }
    /// <summary>Whether a chosen row holds the table's maximum (text: longest length).</summary>
    public bool? MaxIncluded { get; init; }
    /// <summary>Whether a chosen row holds an empty string, when the table has one (text only).</summary>
    public bool? EmptyIncluded { get; init; }
    /// <summary>Categories of the table (columns used as categories).</summary>
    public int? TableCategories { get; init; }
    /// <summary>Categories present among the chosen rows.</summary>
    public int? SampleCategories { get; init; }
}
