using System.Text;

namespace Obscura.Core.Discovery.Detection;

/// <summary>
/// Folds text for dictionary look-ups: lower case, Latin diacritics removed (<c>Luís</c> → <c>luis</c>,
/// <c>Müller</c> → <c>muller</c>, <c>Straße</c> → <c>strasse</c>). A small table instead of Unicode normalization,
/// because the build runs in invariant-globalization mode.
/// </summary>
internal static class TextFold
{
    private const string Accented = "àáâãäåāăąçćčďèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿźżž";
    private const string Plain = "aaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz";

    /// <summary>The folded form of one character (ß and æ/œ fold to two letters, see <see cref="Fold(ReadOnlySpan{char})"/>).</summary>
    public static char FoldChar(char c)
    {
        if (c < 128) return char.ToLowerInvariant(c);
        var lower = char.ToLowerInvariant(c);
        var i = Accented.IndexOf(lower, StringComparison.Ordinal);
        return i >= 0 ? Plain[i] : lower;
    }

    /// <summary>Lower-cased, accent-free text.</summary>
    public static string Fold(ReadOnlySpan<char> text)
    {
        var ascii = true;
        foreach (var c in text)
        {
            if (c >= 128 || char.IsAsciiLetterUpper(c))
            {
                ascii = false;
                break;
            }
        }
        if (ascii) return text.ToString();
        var sb = new StringBuilder(text.Length + 2);
        foreach (var c in text)
        {
            switch (c)
            {
                case 'ß': sb.Append("ss"); break;
                case 'æ' or 'Æ': sb.Append("ae"); break;
                case 'œ' or 'Œ': sb.Append("oe"); break;
                default: sb.Append(FoldChar(c)); break;
            }
        }
        return sb.ToString();
    }
}
