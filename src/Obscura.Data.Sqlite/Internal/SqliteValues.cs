using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>
/// Turns a value for a column into what SQLite stores. SQLite's own storage classes (long, double, string, byte[])
/// are stored as given, so same-engine copies are exact; canonical values of the other type classes are stored in
/// SQLite's conventional forms; anything else is first made canonical with <see cref="ValueCoercion.ToCanonical"/>.
/// </summary>
/// <remarks>
/// Conventional forms: bool → 0/1; DateOnly → <c>yyyy-MM-dd</c>; DateTime → <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c>;
/// DateTimeOffset → the same in UTC followed by <c>+00:00</c>; TimeSpan → <c>HH:mm:ss[.fffffff]</c> (outside 0..24 h:
/// <c>[-][d.]hh:mm:ss[.fffffff]</c>); Guid → lower-case text; double NaN → the text <c>NaN</c> (SQLite would store NULL).
/// decimal → into a TEXT or untyped column as invariant text (exact, scale kept); otherwise as INTEGER when whole, as
/// REAL when the double round-trips to the same decimal, else as text (which NUMERIC affinity still turns into REAL:
/// such columns keep 15 significant digits, which is why other engines' wide decimals map to a TEXT-affinity type).
/// </remarks>
internal static class SqliteValues
{
    /// <summary>The value to bind for <paramref name="value"/> in a column of class <paramref name="typeClass"/> and affinity <paramref name="affinity"/>.</summary>
    /// <exception cref="FormatException">The value cannot represent the column's class.</exception>
    /// <exception cref="InvalidCastException">The value cannot represent the column's class.</exception>
    /// <exception cref="OverflowException">The value is out of range for the column's class.</exception>
    public static object ToStorage(object? value, TypeClass typeClass, SqliteAffinity affinity)
    {
        switch (value)
        {
            case null or DBNull:
                return DBNull.Value;
            case double d:
                return double.IsNaN(d) ? "NaN" : d;
            case long or string or byte[]:
                return value;
        }
        if (value.GetType() != CanonicalValueReader.CanonicalType(typeClass))
        {
            value = ValueCoercion.ToCanonical(value, typeClass)!;
        }
        return FromCanonical(value, affinity);
    }

    private static object FromCanonical(object value, SqliteAffinity affinity) => value switch
    {
        long or string or byte[] => value,
        double d => double.IsNaN(d) ? "NaN" : d,
        bool b => b ? 1L : 0L,
        decimal m => Decimal(m, affinity),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => DateTimeText(dt),
        DateTimeOffset o => DateTimeText(o.UtcDateTime) + "+00:00",
        TimeSpan t => TimeText(t),
        Guid g => g.ToString("D", CultureInfo.InvariantCulture),
        _ => ValueCoercion.ToText(value),
    };

    /// <summary><c>yyyy-MM-dd HH:mm:ss</c>, with up to seven fractional digits only when there is a fraction.</summary>
    public static string DateTimeText(DateTime value) =>
        value.Ticks % TimeSpan.TicksPerSecond == 0
            ? value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary><c>HH:mm:ss[.fffffff]</c> for a time of day; the invariant constant format for other durations.</summary>
    public static string TimeText(TimeSpan value)
    {
        if (value < TimeSpan.Zero || value >= TimeSpan.FromDays(1)) return value.ToString("c", CultureInfo.InvariantCulture);
        var text = value.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var fraction = value.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? text : text + "." + fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    private static object Decimal(decimal value, SqliteAffinity affinity)
    {
        if (affinity is SqliteAffinity.Text or SqliteAffinity.Blob) return value.ToString(CultureInfo.InvariantCulture);
        if (value == decimal.Truncate(value) && value >= long.MinValue && value <= long.MaxValue) return decimal.ToInt64(value);
        var d = decimal.ToDouble(value);
        try
        {
            if ((decimal)d == value) return d;
        }
        catch (OverflowException)
        {
            // Rounding to the nearest double went past decimal's range: not representable, store the text.
        }
        return value.ToString(CultureInfo.InvariantCulture);
    }
}
