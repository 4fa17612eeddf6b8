using System.Data.Common;
using System.Globalization;
using Obscura.Core.Profiling;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>Whole numbers: distinct, exact min/max, mean/stddev, top values, histogram (bins at least 1 wide).</summary>
internal sealed class IntegerAccumulator : OrderedAccumulator<long>
{
    private enum Getter { Int64, Int32, Int16, Byte }

    private Getter _getter;

    public IntegerAccumulator(Column column, bool unique) : base(column, unique, 0) { }

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

    private void Add(long value) => Observe(ProfileHash.Of(value), value, value, value);

    protected override ColumnProfile Describe(ColumnProfile profile, bool pii, ProfileOptions options, List<string> withheld) =>
        Describe(profile, pii, options, withheld, v => v, m => Round(m), Round, null, "value", b => b);
}
