using System.Data.Common;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>True/false: exact counts of each (the top values), exact distinct.</summary>
internal sealed class BooleanAccumulator : ColumnAccumulator
{
    private long _true;
    private long _false;

    public BooleanAccumulator(Column column, bool unique) : base(column, unique) { }

    protected override bool BindTyped(Type fieldType) => fieldType == typeof(bool);

    protected override void ReadTyped(DbDataReader reader, int ordinal) => Add(reader.GetBoolean(ordinal));

    protected override void AddCanonical(object value) => Add((bool)value);

    private void Add(bool value)
    {
        if (value) _true++;
        else _false++;
    }

    protected override void MergeSketches(ColumnAccumulator other)
    {
        var o = (BooleanAccumulator)other;
        _true += o._true;
        _false += o._false;
    }

    protected override ColumnProfile Describe(ColumnProfile profile, bool pii, ProfileOptions options, List<string> withheld)
    {
        var counts = new[] { new ValueCount("true", _true, 0), new ValueCount("false", _false, 0) }
            .Where(c => c.Count > 0).OrderByDescending(c => c.Count).ToList();
        if (pii && counts.Count > 0) withheld.Add("top_values");
        return profile with { Distinct = counts.Count, DistinctExact = true, TopValues = pii || counts.Count == 0 ? null : counts,
            TopValuesComplete = pii || counts.Count == 0 ? null : true };
    }
}
