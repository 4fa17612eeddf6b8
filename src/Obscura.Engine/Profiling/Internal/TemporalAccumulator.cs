using System.Data.Common;
using System.Globalization;
using Obscura.Core.Profiling;
using Obscura.Core.Schema;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>
/// Dates, date-times, instants and times, kept as ticks (instants in UTC): exact min/max, mean and stddev, top values, and
/// a histogram in whole days (dates) or seconds (everything else).
/// </summary>
internal sealed class TemporalAccumulator : OrderedAccumulator<long>
{
    private enum Getter { DateTime, DateTimeOffset, DateOnly, TimeSpan, TimeOnly }

    private readonly long _unitTicks;
    private readonly bool _date;
    private Getter _getter;
    // GetFieldValue<T> is a generic virtual method: resolved per call it costs a lookup; bound once as a delegate it does not.
    private Func<int, DateTimeOffset>? _instant;
    private Func<int, DateOnly>? _day;
    private Func<int, TimeSpan>? _timeSpan;
    private Func<int, TimeOnly>? _timeOfDay;

    public TemporalAccumulator(Column column, bool unique) : base(column, unique, 0)
    {
        _date = column.TypeClass == TypeClass.Date;
        _unitTicks = _date ? TimeSpan.TicksPerDay : TimeSpan.TicksPerSecond;
    }

    private string Unit => _unitTicks == TimeSpan.TicksPerDay ? "day" : "second";

    protected override bool BindTyped(Type fieldType)
    {
        if (fieldType == typeof(DateTime)) _getter = Getter.DateTime;
        else if (fieldType == typeof(DateTimeOffset)) _getter = Getter.DateTimeOffset;
        else if (fieldType == typeof(DateOnly)) _getter = Getter.DateOnly;
        else if (fieldType == typeof(TimeSpan)) _getter = Getter.TimeSpan;
        else if (fieldType == typeof(TimeOnly)) _getter = Getter.TimeOnly;
        else return false;
        return true;
    }

    protected override void BindReader(DbDataReader reader)
    {
        _instant = _getter == Getter.DateTimeOffset ? reader.GetFieldValue<DateTimeOffset> : null;
        _day = _getter == Getter.DateOnly ? reader.GetFieldValue<DateOnly> : null;
        _timeSpan = _getter == Getter.TimeSpan ? reader.GetFieldValue<TimeSpan> : null;
        _timeOfDay = _getter == Getter.TimeOnly ? reader.GetFieldValue<TimeOnly> : null;
    }

    protected override void ReadTyped(DbDataReader reader, int ordinal) => Add(_getter switch
    {
        Getter.DateTime => reader.GetDateTime(ordinal).Ticks,
        Getter.DateTimeOffset => _instant!(ordinal).UtcTicks,
        Getter.DateOnly => _day!(ordinal).DayNumber * TimeSpan.TicksPerDay,
        Getter.TimeSpan => _timeSpan!(ordinal).Ticks,
        _ => _timeOfDay!(ordinal).Ticks,
    });

    protected override void AddCanonical(object value) => Add(value switch
    {
        DateOnly d => d.DayNumber * TimeSpan.TicksPerDay,
        DateTime dt => dt.Ticks,
        DateTimeOffset o => o.UtcTicks,
        TimeSpan t => t.Ticks,
        _ => throw new InvalidCastException($"a {value.GetType().Name} is not a date or time"),
    });

    private void Add(long ticks)
    {
        if (_date) ticks -= ticks % TimeSpan.TicksPerDay;
        Observe(ProfileHash.Of(ticks), ticks, ticks, Math.Floor((double)ticks / _unitTicks));
    }

    protected override ColumnProfile Describe(ColumnProfile profile, bool pii, ProfileOptions options, List<string> withheld) =>
        Describe(profile, pii, options, withheld, Format, m => Format((long)Math.Round(m / _unitTicks) * _unitTicks),
            sd => Round(sd / _unitTicks), Unit, Unit, b => Format((long)(b * _unitTicks)));

    /// <summary>ISO-8601 text for ticks of the column's class (instants with a Z; times as [-][d.]hh:mm:ss[.fffffff]).</summary>
    private string Format(long ticks)
    {
        switch (Column.TypeClass)
        {
            case TypeClass.Time:
                return new TimeSpan(ticks).ToString("c", CultureInfo.InvariantCulture);
            case TypeClass.Date:
                return new DateTime(Clamp(ticks)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            default:
                var text = new DateTime(Clamp(ticks)).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');
                return Column.TypeClass == TypeClass.DateTimeOffset ? text + "Z" : text;
        }
    }

    private static long Clamp(long ticks) => Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
}
