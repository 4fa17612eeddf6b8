using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>date_shift</c>: moves dates and timestamps by a keyed whole number of days in [-max, -1] ∪ [1, max]. The offset
/// is keyed by the original value of the entity column when one is configured (so every date of one entity moves
/// together and intervals are kept), else by the value's own calendar day. A shift that would leave the type's range
/// goes the other way instead. Allocates only the boxed result.
/// </summary>
internal sealed class DateShiftTransformer : IRowAwareTransformer
{
    private readonly RowKeyedHash _entityHash;
    private readonly SipHash _dayPrf;
    private readonly ulong _maxDays;
    private readonly DateShiftTruncation _truncation;
    private readonly TypeClass _type;
    private readonly RowColumnSlot? _entity;

    public DateShiftTransformer(SipHash entityPrf, SipHash dayPrf, int maxDays, DateShiftTruncation truncation, TypeClass type, string? entity)
    {
        _entityHash = new RowKeyedHash(entityPrf);
        _dayPrf = dayPrf;
        _maxDays = (ulong)maxDays;
        _truncation = truncation;
        _type = type;
        if (entity is not null)
        {
            _entity = new RowColumnSlot(entity);
            ReadsColumns = [entity];
        }
        else
        {
            ReadsColumns = [];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ReadsColumns { get; }

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        return Shift(value, hasKey: false, 0);
    }

    /// <inheritdoc />
    public object? Transform(object? value, RowContext row)
    {
        if (value is null || value is DBNull) return value;
        if (_entity is null) return Shift(value, hasKey: false, 0);
        // A NULL entity has no identity to share: fall back to keying by the value.
        var entity = _entity.Original(row);
        if (entity is null || entity is DBNull) return Shift(value, hasKey: false, 0);
        return Shift(value, hasKey: true, _entityHash.Of(entity));
    }

    /// <summary>The day offset a keyed hash selects: never 0 unless max_days is 0.</summary>
    public static long Offset(ulong hash, ulong maxDays)
    {
        if (maxDays == 0) return 0;
        var r = hash % (2 * maxDays);
        return r < maxDays ? -(long)(r + 1) : (long)(r - maxDays + 1);
    }

    private object Shift(object value, bool hasKey, ulong key)
    {
        switch (_type)
        {
            case TypeClass.Date:
            {
                var date = value is DateOnly d ? d : (DateOnly)ValueCoercion.ToCanonical(value, TypeClass.Date)!;
                var offset = Offset(hasKey ? key : _dayPrf.Compute((ulong)date.DayNumber), _maxDays);
                var day = (long)date.DayNumber + offset;
                if (day < 0 || day > DateOnly.MaxValue.DayNumber) day = date.DayNumber - offset;
                var shifted = DateOnly.FromDayNumber((int)day);
                return _truncation switch
                {
                    DateShiftTruncation.Month => new DateOnly(shifted.Year, shifted.Month, 1),
                    DateShiftTruncation.Year => new DateOnly(shifted.Year, 1, 1),
                    _ => shifted,
                };
            }
            case TypeClass.DateTime:
            {
                var time = value is DateTime t ? t : (DateTime)ValueCoercion.ToCanonical(value, TypeClass.DateTime)!;
                var ticks = ShiftTicks(time.Ticks, hasKey, key);
                return Truncate(new DateTime(ticks, time.Kind));
            }
            default:
            {
                var instant = value is DateTimeOffset o ? o.ToUniversalTime() : (DateTimeOffset)ValueCoercion.ToCanonical(value, TypeClass.DateTimeOffset)!;
                var ticks = ShiftTicks(instant.UtcTicks, hasKey, key);
                return new DateTimeOffset(Truncate(new DateTime(ticks, DateTimeKind.Unspecified)), TimeSpan.Zero);
            }
        }
    }

    private long ShiftTicks(long ticks, bool hasKey, ulong key)
    {
        var offset = Offset(hasKey ? key : _dayPrf.Compute((ulong)(ticks / TimeSpan.TicksPerDay)), _maxDays) * TimeSpan.TicksPerDay;
        var shifted = ticks + offset;
        return shifted < 0 || shifted > DateTime.MaxValue.Ticks ? ticks - offset : shifted;
    }

    private DateTime Truncate(DateTime time) => _truncation switch
    {
        DateShiftTruncation.Month => new DateTime(time.Year, time.Month, 1, 0, 0, 0, time.Kind),
        DateShiftTruncation.Year => new DateTime(time.Year, 1, 1, 0, 0, 0, time.Kind),
        _ => time,
    };
}
