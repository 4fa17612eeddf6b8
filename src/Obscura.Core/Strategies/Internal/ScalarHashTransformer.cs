using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>hash</c> for floats, booleans, dates and times: a keyed value in a fixed plausible range
/// (floats in [0, 1 000 000), dates and instants in 1900-01-01 to 2099-12-31 at whole seconds, times of day at whole seconds).
/// Deterministic, but not injective.
/// </summary>
internal sealed class ScalarHashTransformer(HashKeys keys, Column column) : IColumnTransformer
{
    private static readonly int FirstDay = new DateOnly(1900, 1, 1).DayNumber;
    private static readonly int DayCount = new DateOnly(2099, 12, 31).DayNumber - FirstDay + 1;
    private static readonly long FirstTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).Ticks;
    private static readonly ulong SecondCount = (ulong)DayCount * 86_400UL;

    private readonly SipHash _prf = keys.First;
    private readonly TypeClass _type = column.TypeClass;
    private readonly bool _single = column.Precision is <= 24;

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        switch (_type)
        {
            case TypeClass.Float:
            {
                var x = value is double d ? d : (double)ValueCoercion.ToCanonical(value, TypeClass.Float)!;
                // Equal numbers hash equally: -0.0 is 0.0.
                var h = _prf.Compute((ulong)BitConverter.DoubleToInt64Bits(x == 0 ? 0d : x));
                var result = (h >> 11) * (1.0 / (1UL << 53)) * 1_000_000d;
                return _single ? (double)(float)result : result;
            }
            case TypeClass.Boolean:
            {
                var b = value is bool v ? v : (bool)ValueCoercion.ToCanonical(value, TypeClass.Boolean)!;
                return (_prf.Compute(b ? 1UL : 0UL) & 1) == 1;
            }
            case TypeClass.Date:
            {
                var day = value is DateOnly v ? v : (DateOnly)ValueCoercion.ToCanonical(value, TypeClass.Date)!;
                return DateOnly.FromDayNumber(FirstDay + (int)(_prf.Compute((ulong)day.DayNumber) % (ulong)DayCount));
            }
            case TypeClass.DateTime:
            {
                var t = value is DateTime v ? v : (DateTime)ValueCoercion.ToCanonical(value, TypeClass.DateTime)!;
                return new DateTime(FirstTicks + Seconds((ulong)t.Ticks), DateTimeKind.Unspecified);
            }
            case TypeClass.DateTimeOffset:
            {
                var t = value is DateTimeOffset v ? v : (DateTimeOffset)ValueCoercion.ToCanonical(value, TypeClass.DateTimeOffset)!;
                return new DateTimeOffset(FirstTicks + Seconds((ulong)t.UtcTicks), TimeSpan.Zero);
            }
            default:
            {
                var t = value is TimeSpan v ? v : (TimeSpan)ValueCoercion.ToCanonical(value, TypeClass.Time)!;
                return TimeSpan.FromTicks((long)(_prf.Compute((ulong)t.Ticks) % 86_400UL) * TimeSpan.TicksPerSecond);
            }
        }
    }

    private long Seconds(ulong ticks) => (long)(_prf.Compute(ticks) % SecondCount) * TimeSpan.TicksPerSecond;
}
