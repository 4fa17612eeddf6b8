using System.Data.Common;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>
/// The sketches of one column over one stream (a table or a partition). Reads the current row's value with the typed
/// getter its driver supports (no boxing); values whose driver type is not the canonical one are read as objects and
/// made canonical with <see cref="ValueCoercion"/>. Not thread-safe: one per reader; partitions merge at the end.
/// </summary>
internal abstract class ColumnAccumulator
{
    /// <summary>Fewer non-null values than this in a personal-data column and even aggregates (mean, histogram) are withheld.</summary>
    public const int PiiMinimumValues = 10;

    /// <summary>Counters of the top-value summaries: the most values a complete frequency table can list.</summary>
    public const int SummaryCapacity = 64;

    protected ColumnAccumulator(Column column, bool unique)
    {
        Column = column;
        Unique = unique;
    }

    /// <summary>The column.</summary>
    public Column Column { get; }

    /// <summary>
    /// The column alone is the primary key or a unique constraint: the database guarantees every non-null value is distinct,
    /// so the distinct count is exact without a sketch and top values (all seen once) say nothing; accumulators skip both.
    /// </summary>
    protected bool Unique { get; }

    /// <summary>NULLs seen.</summary>
    public long Nulls { get; private set; }

    /// <summary>Non-null values that could not be read as the column's type class.</summary>
    public long Invalid { get; protected set; }

    /// <summary>Whether values go through GetValue and <see cref="ValueCoercion"/> rather than a typed getter.</summary>
    protected bool Dynamic { get; set; }

    /// <summary>Chooses how to read the column from <paramref name="reader"/>; <paramref name="dynamic"/> forces object reads.</summary>
    public void Bind(DbDataReader reader, int ordinal, bool dynamic)
    {
        Dynamic = dynamic || !BindTyped(reader.GetFieldType(ordinal));
        if (!Dynamic) BindReader(reader);
    }

    /// <summary>Binds what the typed getter needs from this reader (e.g. delegates to its generic getters), once per stream.</summary>
    protected virtual void BindReader(DbDataReader reader) { }

    /// <summary>Whether this accumulator takes the column's raw bytes (see <see cref="ReadRaw"/>) from <paramref name="raw"/>.</summary>
    public virtual bool BindRaw(Data.IRawFieldReader raw, int ordinal) => false;

    /// <summary>Takes the current row's non-null value as the raw bytes <see cref="BindRaw"/> accepted.</summary>
    public virtual void ReadRaw(ReadOnlySpan<byte> bytes) => throw new NotSupportedException();

    /// <summary>Counts a NULL read through the raw path.</summary>
    public void AddNull() => Nulls++;

    /// <summary>Takes the current row's value.</summary>
    public void Read(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            Nulls++;
            return;
        }
        if (!Dynamic)
        {
            try
            {
                ReadTyped(reader, ordinal);
                return;
            }
            catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or NotSupportedException)
            {
                // The driver cannot give this value (or any) through the typed getter: read objects from now on.
                Dynamic = true;
            }
        }
        object? canonical;
        try
        {
            canonical = ValueCoercion.ToCanonical(reader.GetValue(ordinal), Column.TypeClass);
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
            Invalid++;
            return;
        }
        if (canonical is null) Nulls++;
        else AddCanonical(canonical);
    }

    /// <summary>Prepares the typed getter for the driver's field type; false when there is none.</summary>
    protected abstract bool BindTyped(Type fieldType);

    /// <summary>Reads the current non-null value with the typed getter chosen by <see cref="BindTyped"/>.</summary>
    protected abstract void ReadTyped(DbDataReader reader, int ordinal);

    /// <summary>Adds a canonical value of the column's type class (see <see cref="TypeClass"/>).</summary>
    protected abstract void AddCanonical(object value);

    /// <summary>Adds another stream's sketches of the same column (same concrete type).</summary>
    public void Merge(ColumnAccumulator other)
    {
        Nulls += other.Nulls;
        Invalid += other.Invalid;
        MergeSketches(other);
    }

    /// <summary>Merges the type-specific sketches.</summary>
    protected abstract void MergeSketches(ColumnAccumulator other);

    /// <summary>The column's profile over <paramref name="rows"/> rows.</summary>
    public ColumnProfile ToProfile(long rows, bool pii, ProfileOptions options)
    {
        var withheld = new List<string>();
        var profile = new ColumnProfile
        {
            Name = Column.Name,
            DeclaredType = Column.DeclaredType,
            TypeClass = Column.TypeClass,
            Pii = pii,
            Nulls = Nulls,
            NullRatio = rows == 0 ? 0 : Math.Round((double)Nulls / rows, 6),
            Invalid = Invalid == 0 ? null : Invalid,
        };
        profile = Describe(profile, pii, options, withheld);
        if (Unique) profile = profile with { Distinct = rows - Nulls - Invalid, DistinctExact = true, DistinctFrom = "unique constraint", TopValues = null, TopValuesComplete = null };
        return withheld.Count == 0 ? profile : profile with { Withheld = withheld };
    }

    /// <summary>Fills in the type-specific statistics, leaving out (and naming in <paramref name="withheld"/>) what would show a value of a personal-data column.</summary>
    protected abstract ColumnProfile Describe(ColumnProfile profile, bool pii, ProfileOptions options, List<string> withheld);

    /// <summary>The reportable entries of a space-saving summary: estimates whose error is at most half the count.</summary>
    protected static List<TResult> Reportable<T, TResult>(Core.Profiling.SpaceSaving<T> summary, int k, Func<Core.Profiling.FrequentItem<T>, TResult> map) =>
        summary.Top(summary.Capacity).Where(i => i.Error * 2 <= i.Count && i.Value is not null).Take(k).Select(map).ToList();

    /// <summary>
    /// The top values to report and whether they are the column's complete frequency table: every non-null value is
    /// tracked with an exact count (no eviction ever happened, nothing estimated after a merge), there are at most
    /// <see cref="ProfileOptions.CompleteValues"/> of them, and <paramref name="shownWhole"/> says each is shown uncut.
    /// A complete table lists every value; otherwise the <see cref="ProfileOptions.TopValues"/> reportable ones.
    /// </summary>
    protected static (List<ValueCount> Values, bool Complete) TopValues<T>(Core.Profiling.SpaceSaving<T> summary, ProfileOptions options, Func<T, string> render, Func<T, bool>? shownWhole = null)
    {
        var items = summary.Top(summary.Capacity);
        long sum = 0;
        var complete = items.Count <= options.CompleteValues;
        foreach (var i in items)
        {
            sum += i.Count;
            if (i.Error != 0 || i.Value is null || (shownWhole is not null && !shownWhole(i.Value))) complete = false;
        }
        // An empty summary (nothing offered: a unique column is not summarized) describes nothing.
        complete &= summary.Total > 0 && sum == summary.Total;
        return complete
            ? (items.Select(i => new ValueCount(render(i.Value), i.Count, 0)).ToList(), true)
            : (Reportable(summary, options.TopValues, i => new ValueCount(render(i.Value), i.Count, i.Error)), false);
    }

    /// <summary>A count-only view of a histogram, for personal data.</summary>
    protected static HistogramSummary? Histogram(Core.Profiling.AdaptiveHistogram histogram, string unit, bool pii, long values, Func<double, object> bound, List<string> withheld)
    {
        if (histogram.Count == 0) return null;
        if (pii && values < PiiMinimumValues)
        {
            withheld.Add("histogram");
            return null;
        }
        if (pii) withheld.Add("histogram_bounds");
        var bins = histogram.Bins.Select(b => pii ? new HistogramBucket(null, null, b.Count) : new HistogramBucket(bound(b.Low), bound(b.High), b.Count)).ToList();
        return new HistogramSummary { Unit = unit, Width = pii ? null : histogram.Width, Bins = bins };
    }
}
