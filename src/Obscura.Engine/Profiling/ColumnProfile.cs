using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling;

/// <summary>
/// The profile of one column. Statistics that do not apply to the column's type class are null (omitted in JSON).
/// For columns classified as personal data (<see cref="Pii"/>), anything that would show a value — <see cref="Min"/>,
/// <see cref="Max"/>, <see cref="TopValues"/>, histogram bounds — is withheld and named in <see cref="Withheld"/>.
/// </summary>
public sealed record ColumnProfile
{
    /// <summary>Column name.</summary>
    public required string Name { get; init; }
    /// <summary>The type as the engine declares it.</summary>
    public required string DeclaredType { get; init; }
    /// <summary>Engine-neutral type class.</summary>
    public required TypeClass TypeClass { get; init; }
    /// <summary>True when the column was classified as personal data.</summary>
    public bool Pii { get; init; }
    /// <summary>NULLs (exact).</summary>
    public long Nulls { get; init; }
    /// <summary>NULLs / rows (0 for an empty table).</summary>
    public double NullRatio { get; init; }
    /// <summary>Estimated distinct non-null values (HyperLogLog; exact for booleans).</summary>
    public long Distinct { get; init; }
    /// <summary>True when <see cref="Distinct"/> is exact (at most 1,024 distinct values, a boolean column, or a unique column).</summary>
    public bool DistinctExact { get; init; }
    /// <summary>Where an exact <see cref="Distinct"/> comes from when not from counting ("unique constraint"); null otherwise.</summary>
    public string? DistinctFrom { get; init; }
    /// <summary>Values the driver returned that do not fit the type class (e.g. text in an SQLite INTEGER column); omitted when 0.</summary>
    public long? Invalid { get; init; }
    /// <summary>Smallest value: a number for numeric classes, text otherwise (dates ISO-8601, long text cut at 100 characters).</summary>
    public object? Min { get; init; }
    /// <summary>Largest value, as <see cref="Min"/>.</summary>
    public object? Max { get; init; }
    /// <summary>Mean: a number for numeric classes, an ISO-8601 text for dates and times.</summary>
    public object? Mean { get; init; }
    /// <summary>Sample standard deviation; for dates and times in <see cref="Unit"/>s.</summary>
    public double? Stddev { get; init; }
    /// <summary>Unit of <see cref="Stddev"/> and of the histogram for dates and times: day or second.</summary>
    public string? Unit { get; init; }
    /// <summary>Length of text (characters) or binary (bytes) values.</summary>
    public LengthSummary? Length { get; init; }
    /// <summary>Most frequent values (space-saving; only estimates whose error is at most half the count).</summary>
    public IReadOnlyList<ValueCount>? TopValues { get; init; }
    /// <summary>
    /// True when <see cref="TopValues"/> lists every distinct non-null value with its exact count (the column's full
    /// frequency table, see <see cref="ProfileOptions.CompleteValues"/>); absent otherwise.
    /// </summary>
    public bool? TopValuesComplete { get; init; }
    /// <summary>Most frequent shapes of text values (<c>+99 99999 99999</c>).</summary>
    public IReadOnlyList<PatternCount>? Patterns { get; init; }
    /// <summary>Distribution of numbers, dates and times.</summary>
    public HistogramSummary? Histogram { get; init; }
    /// <summary>Statistics left out because the column holds personal data: min, max, top_values, histogram_bounds, mean, stddev.</summary>
    public IReadOnlyList<string>? Withheld { get; init; }
}

/// <summary>Length of non-null values: characters for text (UTF-16 code units), bytes for binary.</summary>
public sealed record LengthSummary(int Min, double Mean, int Max)
{
    /// <summary>
    /// Values per length: one bin per length below 64, then one per power of two ([64, 128), [128, 256), ...); only
    /// occupied bins, ascending. Absent for personal data with fewer than 10 values.
    /// </summary>
    public IReadOnlyList<LengthBin>? Bins { get; init; }
}

/// <summary><see cref="Count"/> values have a length in [<see cref="Low"/>, <see cref="High"/>).</summary>
public sealed record LengthBin(int Low, int High, long Count);

/// <summary>A frequent value with its estimated count; the true count lies in [count - error, count].</summary>
public sealed record ValueCount(string Value, long Count, long Error);

/// <summary>A frequent shape with its estimated count; the true count lies in [count - error, count].</summary>
public sealed record PatternCount(string Shape, long Count, long Error);

/// <summary>A histogram: equal-width bins, <see cref="Unit"/> giving what a width is measured in.</summary>
public sealed record HistogramSummary
{
    /// <summary>value (numbers), day or second.</summary>
    public required string Unit { get; init; }
    /// <summary>Width of every bin in <see cref="Unit"/>s; null when withheld.</summary>
    public double? Width { get; init; }
    /// <summary>Bins from the lowest to the highest occupied one.</summary>
    public required IReadOnlyList<HistogramBucket> Bins { get; init; }
}

/// <summary>
/// A histogram bin holding values in [<see cref="Low"/>, <see cref="High"/>): numbers, or ISO-8601 texts for dates and
/// times; both null when the column is personal data (only the shape of the distribution is kept).
/// </summary>
public sealed record HistogramBucket(object? Low, object? High, long Count);
