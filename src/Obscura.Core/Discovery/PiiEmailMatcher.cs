namespace Obscura.Core.Discovery;

/// <summary>Finds the email address around an '@': the local part to its left, a dotted domain with a letter TLD to its right.</summary>
internal static class PiiEmailMatcher
{
    private const int MaxLocal = 64;
    private const int MaxDomain = 253;
    private const int MaxLabel = 63;

    /// <summary>The address whose '@' is at <paramref name="at"/>, starting no earlier than <paramref name="floor"/>.</summary>
    public static bool TryMatch(ReadOnlySpan<char> text, int at, int floor, out PiiSpan span)
    {
        span = default;
        var start = at;
        while (start > floor && PiiChars.IsEmailLocal(text[start - 1]))
        {
            if (at - start == MaxLocal) return false;
            start--;
        }
        // "\njohn@..." in JSON or logs: the escape letter is not part of the address.
        if (start > 0 && start < at && text[start - 1] == '\\' && PiiChars.IsEscapeLetter(text[start])) start++;
        while (start < at && text[start] is '.' or '-' or '+') start++;
        if (start == at || text[at - 1] == '.') return false;

        var pos = at + 1;
        var labels = 0;
        var lastLabel = pos;
        while (true)
        {
            var labelStart = pos;
            while (pos < text.Length && PiiChars.IsDomain(text[pos]) && pos - labelStart <= MaxLabel) pos++;
            var length = pos - labelStart;
            if (length == 0 || length > MaxLabel || text[labelStart] == '-' || text[pos - 1] == '-') return false;
            labels++;
            lastLabel = labelStart;
            if (pos - at - 1 > MaxDomain) return false;
            if (pos + 1 < text.Length && text[pos] == '.' && char.IsAsciiLetterOrDigit(text[pos + 1]))
            {
                pos++;
                continue;
            }
            break;
        }
        if (labels < 2 || pos - at - 1 > MaxDomain || pos - lastLabel < 2) return false;
        foreach (var c in text[lastLabel..pos]) if (!char.IsAsciiLetter(c)) return false;
        if (pos < text.Length && (PiiChars.IsWord(text[pos]) || text[pos] == '@')) return false;
        span = new PiiSpan(start, pos - start, PiiKind.Email);
        return true;
    }
}
