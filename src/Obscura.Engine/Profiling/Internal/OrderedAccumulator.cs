using Obscura.Core.Profiling;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>
/// The sketches every ordered column keeps (integers, decimals, dates and times): distinct count, top values, exact
/// min/max, running mean/stddev and a histogram, merged and described the same way; subclasses read and render values.
/// </summary>
internal abstract class OrderedAccumulator<T> : ColumnAccumulator where T : struct, IComparable<T>
{
    private readonly HyperLogLog _distinct = new();
    private readonly SpaceSaving<T> _top = new();
    private readonly RunningStats _stats = new();
    private readonly AdaptiveHistogram _histogram;
    private T _min;
    private T _max;

    protected OrderedAccumulator(Column column, bool unique, int finestBinExponent) : base(column, unique) => _histogram = new AdaptiveHistogram(finestBinExponent);

    /// <summary>Counts one value: its hash, the value, what the mean/stddev see, and where it falls in the histogram.</summary>
    protected void Observe(ulong hash, T value, double stat, double bin)
    {
        if (!Unique)
        {
            _distinct.Add(hash);
            _top.Offer(hash, value);
        }
        if (_stats.Count == 0 || value.CompareTo(_min) < 0) _min = value;
        if (_stats.Count == 0 || value.CompareTo(_max) > 0) _max = value;
        _stats.Add(stat);
        _histogram.Add(bin);
    }

    protected sealed override void MergeSketches(ColumnAccumulator other)
    {
        var o = (OrderedAccumulator<T>)other;
        if (o._stats.Count > 0)
        {
            if (_stats.Count == 0 || o._min.CompareTo(_min) < 0) _min = o._min;
            if (_stats.Count == 0 || o._max.CompareTo(_max) > 0) _max = o._max;
        }
        _distinct.Merge(o._distinct);
        _top.Merge(o._top);
        _stats.Merge(o._stats);
        _histogram.Merge(o._histogram);
    }

    /// <summary>
    /// The profile of the sketches: <paramref name="render"/> shows a value (min, max, top values),
    /// <paramref name="mean"/>/<paramref name="stddev"/> turn the running statistics into reported ones,
    /// <paramref name="bound"/> labels histogram bins in <paramref name="unit"/>.
    /// </summary>
    protected ColumnProfile Describe(ColumnProfile profile, bool pii, ProfileOptions options, List<string> withheld,
        Func<T, object> render, Func<double, object> mean, Func<double, double> stddev, string? unit, string histogramUnit, Func<double, object> bound)
    {
        var n = _stats.Count;
        if (n == 0) return profile with { Distinct = 0, DistinctExact = true };
        var aggregates = !pii || n >= PiiMinimumValues;
        if (pii) withheld.AddRange(["min", "max", "top_values"]);
        if (!aggregates) withheld.AddRange(["mean", "stddev"]);
        var (top, complete) = pii ? (null, false) : TopValues(_top, options, v => Text(render(v)));
        return profile with
        {
            Distinct = _distinct.Count,
            DistinctExact = _distinct.IsExact,
            Min = pii ? null : render(_min),
            Max = pii ? null : render(_max),
            Mean = aggregates ? mean(_stats.Mean) : null,
            Stddev = aggregates && n > 1 ? stddev(_stats.StandardDeviation) : null,
            Unit = unit ?? profile.Unit,
            TopValues = top,
            TopValuesComplete = complete ? true : null,
            Histogram = Histogram(_histogram, histogramUnit, pii, n, bound, withheld),
        };
    }

    private static string Text(object value) => value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;

    internal static double Round(double value) => Math.Round(value, 6);
}
