namespace Obscura.Core.Discovery;

/// <summary>Character classes of the PII matchers (ASCII only, branch-cheap).</summary>
internal static class PiiChars
{
    /// <summary>True for a letter or digit of any script, or '_': a character that glues a candidate to a word.</summary>
    public static bool IsWord(char c) => c < 128 ? char.IsAsciiLetterOrDigit(c) || c == '_' : char.IsLetterOrDigit(c);

    /// <summary>
    /// True when <c>text[index]</c> is a word character, except the letter of a backslash escape (<c>\n</c>, <c>\t</c>,
    /// <c>\r</c>, <c>\b</c>, <c>\f</c>), so JSON and log text such as <c>"\n+91 98765 43210"</c> still has a boundary there.
    /// </summary>
    public static bool IsWordAt(ReadOnlySpan<char> text, int index)
    {
        var c = text[index];
        if (!IsWord(c)) return false;
        return !(index > 0 && text[index - 1] == '\\' && IsEscapeLetter(c));
    }

    /// <summary>True for the letters of the JSON escapes that stand for white space.</summary>
    public static bool IsEscapeLetter(char c) => c is 'n' or 't' or 'r' or 'b' or 'f';

    /// <summary>Characters of the local part of an email address as written in prose (RFC 5322 atoms minus the rare symbols).</summary>
    public static bool IsEmailLocal(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    /// <summary>Characters of a domain label.</summary>
    public static bool IsDomain(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    /// <summary>Upper-case ASCII letters and digits (the characters of IBANs).</summary>
    public static bool IsUpperOrDigit(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c);
}
