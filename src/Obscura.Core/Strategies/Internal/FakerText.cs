using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>Text helpers of the faker: canonical input text, ASCII folding, tags and fitting values to a column.</summary>
internal static class FakerText
{
    /// <summary>Characters of a rendered 64-bit tag (base36, fixed width).</summary>
    public const int TagLength = 13;

    private const string Base36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// The text form the seed is computed from: strings as they are, decimals without a zero fraction as integers
    /// (so 123 in a bigint and 123.00 in a numeric(12,2) give the same fake), timestamps at midnight as dates (so a
    /// birth date gives the same fake in a date and a timestamp column), anything else in its invariant form.
    /// </summary>
    public static string Canonical(object value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal m when decimal.Truncate(m) == m => decimal.Truncate(m).ToString(CultureInfo.InvariantCulture),
        DateTime dt when dt.TimeOfDay == TimeSpan.Zero => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset o when o.UtcDateTime.TimeOfDay == TimeSpan.Zero => o.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => ValueCoercion.ToText(value),
    };

    /// <summary>Writes <paramref name="tag"/> as 13 base36 characters (leading zeros kept).</summary>
    public static void WriteTag(ulong tag, Span<char> destination)
    {
        for (var i = TagLength - 1; i >= 0; i--)
        {
            destination[i] = Base36[(int)(tag % 36)];
            tag /= 36;
        }
    }

    /// <summary>
    /// Lower-case ASCII letters and digits of a name, with Latin diacritics folded (Müller → muller, Łukasz → lukasz,
    /// Nguyễn → nguyen, Straße → strasse); other characters are dropped, so non-Latin scripts give an empty string.
    /// </summary>
    public static string FoldToAscii(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length * 2, 256)];
        var length = 0;
        foreach (var c in name)
        {
            var folded = Fold(c);
            foreach (var f in folded)
            {
                if (length == buffer.Length) break;
                buffer[length++] = f;
            }
        }
        return new string(buffer[..length]);
    }

    /// <summary>Characters as databases count them: Unicode code points.</summary>
    public static int CharacterCount(string s) => ColumnFit.CharacterCount(s);

    /// <summary>True when <paramref name="s"/> fits <paramref name="maxLength"/> characters (null: no limit).</summary>
    public static bool Fits(string s, int? maxLength) => maxLength is not { } max || s.Length <= max || CharacterCount(s) <= max;

    /// <summary>
    /// <paramref name="s"/> cut to <paramref name="maxLength"/> characters: at the last space when that keeps at least
    /// half of the room (no half words), else mid-word; never between the halves of a surrogate pair.
    /// </summary>
    public static string Fit(string s, int? maxLength)
    {
        if (Fits(s, maxLength)) return s;
        var max = maxLength!.Value;
        if (max <= 0) return string.Empty;
        var end = IndexOfCharacter(s, max);
        var space = s.LastIndexOf(' ', Math.Min(end, s.Length - 1));
        if (space >= max / 2 && space > 0) end = space;
        return s[..end].TrimEnd(' ', ',', '-', '.', '_', '/');
    }

    /// <summary>The UTF-16 index where the character (code point) numbered <paramref name="count"/> starts.</summary>
    public static int IndexOfCharacter(string s, int count)
    {
        var seen = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsLowSurrogate(s[i])) continue;
            if (seen == count) return i;
            seen++;
        }
        return s.Length;
    }

    /// <summary>Copies the ASCII digits of <paramref name="text"/> into <paramref name="digits"/>; -1 when there are more than fit.</summary>
    public static int ExtractDigits(string text, Span<char> digits)
    {
        var n = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') continue;
            if (n == digits.Length) return -1;
            digits[n++] = c;
        }
        return n;
    }

    /// <summary>
    /// <paramref name="input"/> with its ASCII digits replaced, in order, by <paramref name="digits"/> (which has
    /// exactly as many): keeps the input's separators and grouping ("123-45-6789", "4111 1111 1111 1111").
    /// </summary>
    public static string ReplaceDigits(string input, ReadOnlySpan<char> digits)
    {
        var chars = input.ToCharArray();
        var next = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= '0' and <= '9') chars[i] = digits[next++];
        }
        return new string(chars);
    }

    /// <summary>The ASCII digits of <paramref name="text"/> only.</summary>
    public static string DigitsOnly(string text)
    {
        Span<char> buffer = stackalloc char[text.Length];
        var n = 0;
        foreach (var c in text) if (c is >= '0' and <= '9') buffer[n++] = c;
        return new string(buffer[..n]);
    }

    private static ReadOnlySpan<char> Fold(char c)
    {
        if (c is >= 'a' and <= 'z' or >= '0' and <= '9') return new ReadOnlySpan<char>(in LowerAscii[c]);
        if (c is >= 'A' and <= 'Z') return new ReadOnlySpan<char>(in LowerAscii[c + 32]);
        if (c < 0xC0) return [];
        if (c <= 0xFF) return Latin1(c);
        if (c <= 0x17F) return LatinExtendedA(c);
        return c switch
        {
            '\u01A0' or '\u01A1' => "o",
            '\u01AF' or '\u01B0' => "u",
            '\u0218' or '\u0219' => "s",
            '\u021A' or '\u021B' => "t",
            >= '\u1EA0' and <= '\u1EB7' => "a",
            >= '\u1EB8' and <= '\u1EC7' => "e",
            >= '\u1EC8' and <= '\u1ECB' => "i",
            >= '\u1ECC' and <= '\u1EE3' => "o",
            >= '\u1EE4' and <= '\u1EF1' => "u",
            >= '\u1EF2' and <= '\u1EF9' => "y",
            _ => [],
        };
    }

    private static readonly char[] LowerAscii = CreateLowerAscii();

    private static char[] CreateLowerAscii()
    {
        var table = new char[128];
        for (var i = 0; i < 128; i++) table[i] = (char)i;
        return table;
    }

    // Latin-1 Supplement, U+00C0 to U+00FF, upper and lower case alike.
    private static ReadOnlySpan<char> Latin1(char c) => c == '\u00DF' ? "ss" : (c | 0x20) switch
    {
        >= 0xE0 and <= 0xE5 => "a",
        0xE6 => "ae",
        0xE7 => "c",
        >= 0xE8 and <= 0xEB => "e",
        >= 0xEC and <= 0xEF => "i",
        0xF0 => "d",
        0xF1 => "n",
        >= 0xF2 and <= 0xF6 or 0xF8 => "o",
        >= 0xF9 and <= 0xFC => "u",
        0xFD or 0xFF => "y",
        0xFE => "th",
        _ => [],
    };

    // Latin Extended-A, U+0100 to U+017F: runs of one base letter with its accented forms.
    private static ReadOnlySpan<char> LatinExtendedA(char c) => c switch
    {
        <= '\u0105' => "a",
        <= '\u010D' => "c",
        <= '\u0111' => "d",
        <= '\u011B' => "e",
        <= '\u0123' => "g",
        <= '\u0127' => "h",
        <= '\u0131' => "i",
        <= '\u0133' => "ij",
        <= '\u0135' => "j",
        <= '\u0138' => "k",
        <= '\u0142' => "l",
        <= '\u014B' => "n",
        <= '\u0151' => "o",
        <= '\u0153' => "oe",
        <= '\u0159' => "r",
        <= '\u0161' => "s",
        <= '\u0167' => "t",
        <= '\u0173' => "u",
        <= '\u0175' => "w",
        <= '\u0178' => "y",
        <= '\u017E' => "z",
        _ => "s",
    };
}
