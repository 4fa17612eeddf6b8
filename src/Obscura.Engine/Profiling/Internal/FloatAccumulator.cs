using System.Data.Common;
using System.Globalization;
using Obscura.Core.Profiling;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>Binary floating point: like integers, with NaN and infinities counted as values but left out of min/max, mean and histogram.</summary>
internal sealed class FloatAccumulator : ColumnAccumulator
{
    private readonly HyperLogLog _distinct = new();
    private readonly SpaceSaving<double> _top = new();
    private readonly RunningStats _stats = new();
    private readonly AdaptiveHistogram _histogram = new(-40);
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _values;
    private bool _single;

    public FloatAccumulator(Column column, bool unique) : base(column, unique) { }

    protected override bool BindTyped(Type fieldType)
    {
        _single = fieldType == typeof(float);
        return _single || fieldType == typeof(double);
    }

    protected override void ReadTyped(DbDataReader reader, int ordinal) => Add(_single ? reader.GetFloat(ordinal) : reader.GetDouble(ordinal));

    protected override void AddCanonical(object value) => Add((double)value);

    private void Add(double value)
    {
        _values++;
        var hash = ProfileHash.Of(value);
        _distinct.Add(hash);
        _top.Offer(hash, value);
        if (!double.IsFinite(value)) return;
        if (value < _min) _min = value;
        if (value > _max) _max = value;
        _stats.Add(value);
        _histogram.Add(value);
    }

    protected override void MergeSketches(ColumnAccumulator other)
    {
        var o = (FloatAccumulator)other;
        _values += o._values;
        _distinct.Merge(o._distinct);
        _top.Merge(o._top);
        _stats.Merge(o._stats);
        _histogram.Merge(o._histogram);
        _min = Math.Min(_min, o._min);
        _max = Math.Max(_max, o._max);
    }

    protected override ColumnProfile Describe(ColumnProfile profile, bool pii, ProfileOptions options, List<string> withheld)
    {
        if (_values == 0) return profile with { Distinct = 0, DistinctExact = true };
        var n = _stats.Count;
        var aggregates = n > 0 && (!pii || n >= PiiMinimumValues);
        if (pii) withheld.AddRange(["min", "max", "top_values"]);
        if (pii && !aggregates) withheld.AddRange(["mean", "stddev"]);
        var (top, complete) = pii ? (null, false) : TopValues(_top, options, v => v.ToString("R", CultureInfo.InvariantCulture));
        return profile with
        {
            Distinct = _distinct.Count,
            DistinctExact = _distinct.IsExact,
            Min = pii || n == 0 ? null : _min,
            Max = pii || n == 0 ? null : _max,
            Mean = aggregates ? _stats.Mean : null,
            Stddev = aggregates && n > 1 ? _stats.StandardDeviation : null,
            TopValues = top,
            TopValuesComplete = complete ? true : null,
            Histogram = Histogram(_histogram, "value", pii, n, b => b, withheld),
        };
    }
}
