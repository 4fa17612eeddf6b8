using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Obscura.Core.Schema;

/// <summary>
/// Converts whatever CLR value a driver returned into the canonical value of a <see cref="TypeClass"/>
/// (see <see cref="TypeClass"/> remarks). Writers call this only when the value's runtime type is not
/// already the canonical one, so same-engine copies pay nothing.
/// </summary>
public static class ValueCoercion
{
    /// <summary>Converts <paramref name="value"/> to the canonical value of <paramref name="target"/>; DBNull and null become null.</summary>
    /// <exception cref="FormatException">The value cannot represent the target class.</exception>
    public static object? ToCanonical(object? value, TypeClass target)
    {
        if (value is null || value is DBNull) return null;
        return target switch
        {
            TypeClass.Text or TypeClass.Other => ToText(value),
            TypeClass.Json => value is JsonDocument d ? d.RootElement.GetRawText() : ToText(value),
            TypeClass.Integer => ToInt64(value),
            TypeClass.Decimal => ToDecimal(value),
            TypeClass.Float => value switch
            {
                double x => x,
                float f => (double)f,
                string s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            },
            TypeClass.Boolean => value switch
            {
                bool b => b,
                string s => ParseBool(s),
                _ => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
            },
            TypeClass.Date => value switch
            {
                DateOnly d => d,
                DateTime dt => DateOnly.FromDateTime(dt),
                DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
                string s => DateOnly.FromDateTime(DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces)),
                _ => throw Mismatch(value, target),
            },
            TypeClass.DateTime => value switch
            {
                DateTime dt => DateTime.SpecifyKind(dt, DateTimeKind.Unspecified),
                DateTimeOffset o => o.DateTime,
                DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces),
                _ => throw Mismatch(value, target),
            },
            TypeClass.DateTimeOffset => value switch
            {
                DateTimeOffset o => o.ToUniversalTime(),
                // A DateTime without zone coming from an engine without timestamptz is taken as UTC.
                DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
                DateOnly d => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces).ToUniversalTime(),
                _ => throw Mismatch(value, target),
            },
            TypeClass.Time => value switch
            {
                TimeSpan t => t,
                TimeOnly t => t.ToTimeSpan(),
                DateTime dt => dt.TimeOfDay,
                string s => TimeSpan.Parse(s, CultureInfo.InvariantCulture),
                _ => throw Mismatch(value, target),
            },
            TypeClass.Uuid => value switch
            {
                Guid g => g,
                string s => Guid.Parse(s),
                byte[] { Length: 16 } b => new Guid(b, bigEndian: true),
                _ => throw Mismatch(value, target),
            },
            TypeClass.Binary => value switch
            {
                byte[] b => b,
                string s => Encoding.UTF8.GetBytes(s),
                Guid g => g.ToByteArray(bigEndian: true),
                _ => throw Mismatch(value, target),
            },
            _ => throw Mismatch(value, target),
        };
    }

    /// <summary>Invariant text form of a value (ISO-8601 for dates and times, lower-case UUIDs, hex for bytes).</summary>
    public static string ToText(object value) => value switch
    {
        string s => s,
        char c => c.ToString(),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero && dt.Kind != DateTimeKind.Utc
            ? dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        byte[] b => Convert.ToHexString(b),
        IPAddress ip => ip.ToString(),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static long ToInt64(object value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        sbyte sb => sb,
        byte b => b,
        ushort us => us,
        uint ui => ui,
        ulong ul => checked((long)ul),
        bool b => b ? 1 : 0,
        decimal m => decimal.ToInt64(m),
        string s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    private static decimal ToDecimal(object value) => value switch
    {
        decimal m => m,
        long l => l,
        int i => i,
        double x => (decimal)x,
        string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };

    private static bool ParseBool(string s) => s.Trim().ToLowerInvariant() switch
    {
        "1" or "t" or "true" or "y" or "yes" or "on" => true,
        "0" or "f" or "false" or "n" or "no" or "off" => false,
        _ => throw new FormatException("value is not a boolean"),
    };

    private static FormatException Mismatch(object value, TypeClass target) =>
        new($"a {value.GetType().Name} value cannot be stored as {target}");
}
