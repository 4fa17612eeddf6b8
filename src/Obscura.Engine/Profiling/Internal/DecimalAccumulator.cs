using System.Data.Common;
using System.Globalization;
using Obscura.Core.Profiling;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>Exact numerics: exact min/max and top values as decimals; mean, stddev and histogram in double precision.</summary>
internal sealed class DecimalAccumulator : ColumnAccumulator
{
    private readonly HyperLogLog _distinct = new();
    private readonly SpaceSaving<decimal> _top = new();
    private readonly RunningStats _stats = new();
    private readonly AdaptiveHistogram _histogram;
    private decimal _min = decimal.MaxValue;
    private decimal _max = decimal.MinValue;

    public DecimalAccumulator(Column column) : base(column) =>
        // Bins no narrower than the column's smallest step when it has a scale (0.01 for money), else 2^-40.
        _histogram = new AdaptiveHistogram(column.Scale is >= 0 and <= 12 ? -(int)Math.Floor(column.Scale.Value * Math.Log2(10)) : -40);

    protected override bool BindTyped(Type fieldType) => fieldType == typeof(decimal);

    protected override void ReadTyped(DbDataReader reader, int ordinal) => Add(reader.GetDecimal(ordinal));

    protected override void AddCanonical(object value) => Add((decimal)value);

    private void Add(decimal value)
    {
        // Equal decimals of different scale (1.0, 1.00) hash alike: GetHashCode is defined on the value.
        var hash = ProfileHash.Of(BitConverter.DoubleToInt64Bits((double)value) ^ ((long)value.GetHashCode() << 21));
        _distinct.Add(hash);
        _top.Offer(hash, value);
        if (value < _min) _min = value;
        if (value > _max) _max = value;
        var d = (double)value;
        _stats.Add(d);
        _histogram.Add(d);
    }

    protected override void MergeSketches(ColumnAccumulator other)
    {
        var o = (DecimalAccumulator)other;
        _distinct.Merge(o._distinct);
        _top.Merge(o._top);
        _stats.Merge(o._stats);
        _histogram.Merge(o._histogram);
        _min = Math.Min(_min, o._min);
        _max = Math.Max(_max, o._max);
    }

    protected override ColumnProfile Describe(ColumnProfile profile, bool pii, ProfileOptions options, List<string> withheld)
    {
        var n = _stats.Count;
        if (n == 0) return profile with { Distinct = 0, DistinctExact = true };
        var aggregates = !pii || n >= PiiMinimumValues;
        if (pii) withheld.AddRange(["min", "max", "top_values"]);
        if (!aggregates) withheld.AddRange(["mean", "stddev"]);
        return profile with
        {
            Distinct = _distinct.Count,
            DistinctExact = _distinct.IsExact,
            Min = pii ? null : _min,
            Max = pii ? null : _max,
            Mean = aggregates ? IntegerAccumulator.Round(_stats.Mean) : null,
            Stddev = aggregates && n > 1 ? IntegerAccumulator.Round(_stats.StandardDeviation) : null,
            TopValues = pii ? null : Reportable(_top, options.TopValues, i => new ValueCount(i.Value.ToString(CultureInfo.InvariantCulture), i.Count, i.Error)),
            Histogram = Histogram(_histogram, "value", pii, n, b => b, withheld),
        };
    }
}
