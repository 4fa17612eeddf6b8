using System.Data.Common;
using System.Globalization;
using Obscura.Core.Profiling;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>Whole numbers: distinct, exact min/max, mean/stddev, top values, histogram (bins at least 1 wide).</summary>
internal sealed class IntegerAccumulator : ColumnAccumulator
{
    private enum Getter { Int64, Int32, Int16, Byte }

    private readonly HyperLogLog _distinct = new();
    private readonly SpaceSaving<long> _top = new();
    private readonly RunningStats _stats = new();
    private readonly AdaptiveHistogram _histogram = new(0);
    private long _min = long.MaxValue;
    private long _max = long.MinValue;
    private Getter _getter;

    public IntegerAccumulator(Column column) : base(column) { }

    protected override bool BindTyped(Type fieldType)
    {
        if (fieldType == typeof(long)) _getter = Getter.Int64;
        else if (fieldType == typeof(int)) _getter = Getter.Int32;
        else if (fieldType == typeof(short)) _getter = Getter.Int16;
        else if (fieldType == typeof(byte)) _getter = Getter.Byte;
        else return false;
        return true;
    }

    protected override void ReadTyped(DbDataReader reader, int ordinal) => Add(_getter switch
    {
        Getter.Int64 => reader.GetInt64(ordinal),
        Getter.Int32 => reader.GetInt32(ordinal),
        Getter.Int16 => reader.GetInt16(ordinal),
        _ => reader.GetByte(ordinal),
    });

    protected override void AddCanonical(object value) => Add((long)value);

    private void Add(long value)
    {
        var hash = ProfileHash.Of(value);
        _distinct.Add(hash);
        _top.Offer(hash, value);
        if (value < _min) _min = value;
        if (value > _max) _max = value;
        _stats.Add(value);
        _histogram.Add(value);
    }

    protected override void MergeSketches(ColumnAccumulator other)
    {
        var o = (IntegerAccumulator)other;
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
            Mean = aggregates ? Round(_stats.Mean) : null,
            Stddev = aggregates && n > 1 ? Round(_stats.StandardDeviation) : null,
            TopValues = pii ? null : Reportable(_top, options.TopValues, i => new ValueCount(i.Value.ToString(CultureInfo.InvariantCulture), i.Count, i.Error)),
            Histogram = Histogram(_histogram, "value", pii, n, b => b, withheld),
        };
    }

    internal static double Round(double value) => Math.Round(value, 6);
}
