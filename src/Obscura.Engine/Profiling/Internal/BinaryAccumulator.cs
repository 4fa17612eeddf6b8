using System.Data.Common;
using Obscura.Core.Profiling;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>Bytes: distinct and length only (binary values are not shown).</summary>
internal sealed class BinaryAccumulator : ColumnAccumulator
{
    private readonly HyperLogLog _distinct = new();
    private long _values;
    private long _lengthSum;
    private int _minLength = int.MaxValue;
    private int _maxLength;

    public BinaryAccumulator(Column column, bool unique) : base(column, unique) { }

    protected override bool BindTyped(Type fieldType) => fieldType == typeof(byte[]);

    protected override void ReadTyped(DbDataReader reader, int ordinal) => Add(reader.GetFieldValue<byte[]>(ordinal));

    protected override void AddCanonical(object value) => Add((byte[])value);

    private void Add(byte[] value)
    {
        _values++;
        _distinct.Add(ProfileHash.Of(value.AsSpan()));
        _lengthSum += value.Length;
        if (value.Length < _minLength) _minLength = value.Length;
        if (value.Length > _maxLength) _maxLength = value.Length;
    }

    protected override void MergeSketches(ColumnAccumulator other)
    {
        var o = (BinaryAccumulator)other;
        _values += o._values;
        _distinct.Merge(o._distinct);
        _lengthSum += o._lengthSum;
        _minLength = Math.Min(_minLength, o._minLength);
        _maxLength = Math.Max(_maxLength, o._maxLength);
    }

    protected override ColumnProfile Describe(ColumnProfile profile, bool pii, ProfileOptions options, List<string> withheld) =>
        _values == 0
            ? profile with { Distinct = 0, DistinctExact = true }
            : profile with
            {
                Distinct = _distinct.Count,
                DistinctExact = _distinct.IsExact,
                Length = new LengthSummary(_minLength, OrderedAccumulator<long>.Round((double)_lengthSum / _values), _maxLength),
            };
}
