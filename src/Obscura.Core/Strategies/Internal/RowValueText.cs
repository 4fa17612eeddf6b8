using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// Allocation-free invariant text of canonical values for keying and comparisons: the same text as
/// <see cref="ValueCoercion.ToText"/>, except that numbers are normalised (decimal trailing zeros removed, -0 is 0)
/// so 12, 12.0 and 12.00 read alike whatever the column's type.
/// </summary>
internal static class RowValueText
{
    /// <summary>Enough characters for any non-string value this class formats.</summary>
    public const int MaxFormattedLength = 64;

    /// <summary>Writes the text of a non-string canonical value; false when the type is not handled here (use <see cref="ToText"/>).</summary>
    public static bool TryFormat(object value, Span<char> destination, out int written)
    {
        var invariant = CultureInfo.InvariantCulture;
        switch (value)
        {
            case long l:
                return l.TryFormat(destination, out written, default, invariant);
            case int i:
                return i.TryFormat(destination, out written, default, invariant);
            case decimal m:
                if (!m.TryFormat(destination, out written, default, invariant)) return false;
                written = TrimFraction(destination[..written]);
                if (written == 2 && destination[0] == '-' && destination[1] == '0') { destination[0] = '0'; written = 1; }
                return true;
            case double d:
                return (d == 0 ? 0d : d).TryFormat(destination, out written, "R", invariant);
            case bool b:
                var word = b ? "true" : "false";
                written = word.Length;
                return word.TryCopyTo(destination);
            case DateOnly date:
                return date.TryFormat(destination, out written, "yyyy-MM-dd", invariant);
            case DateTime dt:
                return dt.TimeOfDay == TimeSpan.Zero && dt.Kind != DateTimeKind.Utc
                    ? dt.TryFormat(destination, out written, "yyyy-MM-dd HH:mm:ss", invariant)
                    : dt.TryFormat(destination, out written, "yyyy-MM-dd HH:mm:ss.FFFFFFF", invariant);
            case DateTimeOffset o:
                return o.TryFormat(destination, out written, "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", invariant);
            case TimeSpan t:
                return t.TryFormat(destination, out written, "c", invariant);
            case Guid g:
                return g.TryFormat(destination, out written, "D");
            default:
                written = 0;
                return false;
        }
    }

    /// <summary>The text of any canonical value (allocates; for bind time and rare types).</summary>
    public static string ToText(object value)
    {
        if (value is string s) return s;
        Span<char> buffer = stackalloc char[MaxFormattedLength];
        return TryFormat(value, buffer, out var written) ? new string(buffer[..written]) : ValueCoercion.ToText(value);
    }

    // "12.500" → "12.5", "12.000" → "12"; integers are left alone.
    private static int TrimFraction(Span<char> text)
    {
        if (text.IndexOf('.') < 0) return text.Length;
        var end = text.Length;
        while (text[end - 1] == '0') end--;
        if (text[end - 1] == '.') end--;
        return end;
    }
}
