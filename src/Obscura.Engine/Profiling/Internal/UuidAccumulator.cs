using System.Data.Common;
using Obscura.Core.Profiling;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>UUIDs: distinct and top values (min/max and shapes say nothing about random identifiers).</summary>
internal sealed class UuidAccumulator : ColumnAccumulator
{
    private readonly HyperLogLog _distinct = new();
    private readonly SpaceSaving<Guid> _top = new();
    private long _values;

    public UuidAccumulator(Column column, bool unique) : base(column, unique) { }

    protected override bool BindTyped(Type fieldType) => fieldType == typeof(Guid);

    protected override void ReadTyped(DbDataReader reader, int ordinal) => Add(reader.GetGuid(ordinal));

    protected override void AddCanonical(object value) => Add((Guid)value);

    private void Add(Guid value)
    {
        _values++;
        if (Unique) return;
        var hash = ProfileHash.Of(value);
        _distinct.Add(hash);
        _top.Offer(hash, value);
    }

    protected override void MergeSketches(ColumnAccumulator other)
    {
        var o = (UuidAccumulator)other;
        _values += o._values;
        _distinct.Merge(o._distinct);
        _top.Merge(o._top);
    }

    protected override ColumnProfile Describe(ColumnProfile profile, bool pii, ProfileOptions options, List<string> withheld)
    {
        if (_values == 0) return profile with { Distinct = 0, DistinctExact = true };
        if (pii) withheld.Add("top_values");
        var (top, complete) = pii ? (null, false) : TopValues(_top, options, v => v.ToString("D"));
        return profile with
        {
            Distinct = _distinct.Count,
            DistinctExact = _distinct.IsExact,
            TopValues = top,
            TopValuesComplete = complete ? true : null,
        };
    }
}
