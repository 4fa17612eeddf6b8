using Obscura.Core.Schema;

namespace Obscura.Engine.Generate;

/// <summary>
/// What <c>obscura generate</c> builds: the tables (a <see cref="Catalog"/> from a catalog file, a live database or a
/// domain template) and, per table, how many rows and how each column gets its values. Templates, profiles and discovery
/// all describe columns with the same declarative <see cref="ValueSpec"/>s; columns without a spec get one from their
/// name and type.
/// </summary>
public sealed record GenerationSchema
{
    /// <summary>The tables, keys, constraints and foreign keys to create and satisfy.</summary>
    public required Catalog Catalog { get; init; }
    /// <summary>Per table (by <see cref="TableName"/>): rows and column specs. Tables absent here get defaults.</summary>
    public IReadOnlyDictionary<TableName, TableSpec> Tables { get; init; } = new Dictionary<TableName, TableSpec>();
}

/// <summary>How one generated table is filled.</summary>
public sealed record TableSpec
{
    /// <summary>Rows to generate; null when the command line decides.</summary>
    public long? Rows { get; init; }
    /// <summary>Column name → how its values are made. Columns absent here get a spec from their name and type.</summary>
    public IReadOnlyDictionary<string, ValueSpec> Columns { get; init; } = new Dictionary<string, ValueSpec>(StringComparer.OrdinalIgnoreCase);
    /// <summary>
    /// Foreign key (its referencing columns joined with ',') → how many rows of this table reference one parent row.
    /// Absent: children spread uniformly over the parents.
    /// </summary>
    public IReadOnlyDictionary<string, FanOutSpec> FanOut { get; init; } = new Dictionary<string, FanOutSpec>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Distribution of the number of children per parent row: <see cref="Counts"/>[i] children with relative weight
/// <see cref="Weights"/>[i] (from the source's fan-out, possibly with noise).
/// </summary>
public sealed record FanOutSpec(IReadOnlyList<int> Counts, IReadOnlyList<double> Weights);

/// <summary>
/// How one column's values are made. Declarative, so a template, a profile and discovery can each describe a column
/// and the generator turns the description into values. Every spec is deterministic given the run's seed.
/// </summary>
public abstract record ValueSpec
{
    /// <summary>Fraction of rows that are NULL (ignored for NOT NULL columns).</summary>
    public double NullRatio { get; init; }
}

/// <summary>A realistic value of a faker kind (<c>first_name</c>, <c>email</c>, <c>national_id</c>, ... as in the
/// <c>faker</c> strategy) in a locale (null: the run's locale).</summary>
public sealed record FakerValueSpec(string Kind, string? Locale = null) : ValueSpec;

/// <summary>One of a fixed set of values (invariant text, converted to the column's type), by relative weight
/// (null: equally likely). Categorical frequencies from a profile; vocabularies from a template.</summary>
public sealed record ChoiceValueSpec(IReadOnlyList<string> Values, IReadOnlyList<double>? Weights = null) : ValueSpec
{
    /// <summary>
    /// Take the values in order instead of by weight: row <c>i</c> (0-based) gets <c>Values[i % Values.Count]</c>. A
    /// lookup table lists each value once (unique while the rows do not outnumber the values), and the in-order columns
    /// of one table with equally long lists line up row by row, so a code stays next to its own name.
    /// </summary>
    public bool InOrder { get; init; }
}

/// <summary>Numbers uniformly in [<see cref="Min"/>, <see cref="Max"/>] rounded to <see cref="Scale"/> decimals
/// (0: integers).</summary>
public sealed record RangeValueSpec(double Min, double Max, int Scale = 0) : ValueSpec;

/// <summary>
/// Numbers, dates or times drawn from histogram buckets by weight, uniformly inside a bucket. Bounds are numbers for
/// numeric columns, days since 1970-01-01 for dates, seconds since 1970-01-01 UTC for timestamps, seconds for times.
/// </summary>
public sealed record HistogramValueSpec(IReadOnlyList<HistogramBucketSpec> Buckets, int Scale = 0) : ValueSpec;

/// <summary>One histogram bucket: [<see cref="Low"/>, <see cref="High"/>) with relative weight.</summary>
public sealed record HistogramBucketSpec(double Low, double High, double Weight);

/// <summary>Dates or timestamps uniformly between <see cref="From"/> and <see cref="To"/> (inclusive).</summary>
public sealed record DateRangeValueSpec(DateTime From, DateTime To) : ValueSpec;

/// <summary>
/// Text: words up to a length between <see cref="MinLength"/> and <see cref="MaxLength"/>, or, with a
/// <see cref="Shape"/>, characters following it (<c>9</c> a digit, <c>A</c> an upper-case letter, <c>a</c> a
/// lower-case letter, anything else as is: <c>AAAAA9999A</c>, <c>+99 99999 99999</c>).
/// </summary>
public sealed record TextValueSpec(int MinLength, int MaxLength, string? Shape = null) : ValueSpec;

/// <summary>Text built from other columns of the same row, <c>{first_name}.{last_name}@example.com</c> (lower-cased,
/// non-letters dropped inside the braces' values), so an email matches the row's name. Also: <c>{#}</c> is the row's
/// 1-based number; a placeholder that names no column but a faker kind (<c>{city}</c>) is that kind drawn for the row;
/// <c>{{</c> and <c>}}</c> are literal braces. On a unique column without <c>{#}</c> the generator adds the row's number
/// (before the <c>@</c> of an email) so values stay distinct.</summary>
public sealed record TemplateValueSpec(string Template) : ValueSpec;
