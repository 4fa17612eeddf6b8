using System.Buffers;
using System.Globalization;
using System.Text;
using Obscura.Core.Schema;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// Formats values as PostgreSQL's text input, escaped for text COPY. Used for tables with columns that have no
/// binary encoding here (arrays, ranges, intervals, inet, xml, geometry...): their values arrive as text and
/// PostgreSQL's own input functions parse them, so a PostgreSQL-to-PostgreSQL copy keeps them exactly.
/// </summary>
internal static class TextCopyFormatter
{
    private static readonly SearchValues<char> Escaped = SearchValues.Create("\\\n\r\t");

    /// <summary>Appends one value (never null) of a column of class <paramref name="typeClass"/>, escaped for text COPY.</summary>
    public static void Append(StringBuilder row, object value, TypeClass typeClass, PostgresType wire)
    {
        var text = value is string s && typeClass is TypeClass.Text or TypeClass.Other or TypeClass.Json or TypeClass.Decimal
            ? s
            : Format(typeClass is TypeClass.Text or TypeClass.Other ? value : ValueCoercion.ToCanonical(value, typeClass)!, wire);
        AppendEscaped(row, text);
    }

    /// <summary>PostgreSQL's text form of a canonical value.</summary>
    public static string Format(object value, PostgresType wire) => value switch
    {
        string s => s,
        bool b => b ? "t" : "f",
        long l => CheckRange(l, wire).ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        double d => double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : d.ToString("R", CultureInfo.InvariantCulture),
        float f => float.IsPositiveInfinity(f) ? "Infinity" : float.IsNegativeInfinity(f) ? "-Infinity" : f.ToString("R", CultureInfo.InvariantCulture),
        DateOnly d => d == DateOnly.MaxValue ? "infinity" : d == DateOnly.MinValue ? "-infinity" : d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt == DateTime.MaxValue ? "infinity" : dt == DateTime.MinValue ? "-infinity"
            : (wire == PostgresType.TimestampTz ? dt.ToUniversalTime() : dt).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)
              + (wire == PostgresType.TimestampTz ? "+00" : string.Empty),
        DateTimeOffset o => o.UtcDateTime == DateTime.MaxValue ? "infinity" : o.UtcDateTime == DateTime.MinValue ? "-infinity"
            : o.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00",
        // A time of day is 00:00 to 24:00 (MariaDB TIME also holds durations): fail naming row and column, not at load time.
        TimeSpan t when wire == PostgresType.Time && (t < TimeSpan.Zero || t > TimeSpan.FromDays(1)) =>
            throw new OverflowException("a time of day must be between 00:00:00 and 24:00:00"),
        TimeSpan t => string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}.{t.Ticks % TimeSpan.TicksPerSecond / 10:000000}"),
        TimeOnly t => t.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        Guid g => g.ToString("D"),
        byte[] bytes => "\\x" + Convert.ToHexString(bytes),
        _ => ValueCoercion.ToText(value),
    };

    /// <summary>Appends text with COPY's escapes for backslash, newline, carriage return and tab.</summary>
    public static void AppendEscaped(StringBuilder row, string text)
    {
        // Most values need no escape: one vectorized search instead of a switch per character.
        if (text.AsSpan().IndexOfAny(Escaped) < 0)
        {
            row.Append(text);
            return;
        }
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var escape = text[i] switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => null,
            };
            if (escape is null) continue;
            row.Append(text, start, i - start).Append(escape);
            start = i + 1;
        }
        row.Append(text, start, text.Length - start);
    }

    private static long CheckRange(long value, PostgresType wire) => wire switch
    {
        PostgresType.Smallint => checked((short)value),
        PostgresType.Integer => checked((int)value),
        _ => value,
    };
}
