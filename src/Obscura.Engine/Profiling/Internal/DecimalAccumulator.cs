using System.Data.Common;
using System.Globalization;
using Obscura.Core.Profiling;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>Exact numerics: exact min/max and top values as decimals; mean, stddev and histogram in double precision.</summary>
internal sealed class DecimalAccumulator : OrderedAccumulator<decimal>
{

    // Bins no narrower than the column's smallest step when it has a scale (0.01 for money), else 2^-40.
    public DecimalAccumulator(Column column, bool unique)
        : base(column, unique, column.Scale is >= 0 and <= 12 ? -(int)Math.Floor(column.Scale.Value * Math.Log2(10)) : -40) { }

    protected override bool BindTyped(Type fieldType) => fieldType == typeof(decimal);

    protected override void ReadTyped(DbDataReader reader, int ordinal) => Add(reader.GetDecimal(ordinal));

    protected override void AddCanonical(object value) => Add((decimal)value);

    private void Add(decimal value)
    {
        // Equal decimals of different scale (1.0, 1.00) hash alike: GetHashCode is defined on the value.
        var d = (double)value;
        Observe(ProfileHash.Of(BitConverter.DoubleToInt64Bits(d) ^ ((long)value.GetHashCode() << 21)), value, d, d);
    }

    protected override ColumnProfile Describe(ColumnProfile profile, bool pii, ProfileOptions options, List<string> withheld) =>
        Describe(profile, pii, options, withheld, v => v, m => Round(m), Round, null, "value", b => b);
}
