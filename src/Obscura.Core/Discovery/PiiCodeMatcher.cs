using Obscura.Core.Validation;

namespace Obscura.Core.Discovery;

/// <summary>
/// Finds the identifiers that start with upper-case letters and are reached at their first digit: IBANs (two letters,
/// then the check digits; electronic or printed in groups of four) and India's PANs (five letters, four digits, a letter).
/// </summary>
internal static class PiiCodeMatcher
{
    /// <summary>
    /// The IBAN or PAN whose first digit is at <paramref name="digit"/>, its letters starting no earlier than
    /// <paramref name="floor"/>.
    /// </summary>
    public static bool TryMatch(ReadOnlySpan<char> text, int digit, int floor, PiiKinds kinds, out PiiSpan span)
    {
        span = default;
        var start = digit;
        while (start > floor && char.IsAsciiLetterUpper(text[start - 1]) && digit - start < 6) start--;
        var letters = digit - start;
        if (letters is not (2 or 5) || (start > 0 && PiiChars.IsWordAt(text, start - 1))) return false;
        if (letters == 2 && (kinds & PiiKinds.Iban) != 0) return TryMatchIban(text, start, out span);
        if (letters == 5 && (kinds & PiiKinds.Pan) != 0) return TryMatchPan(text, start, out span);
        return false;
    }

    private static bool TryMatchIban(ReadOnlySpan<char> text, int start, out PiiSpan span)
    {
        span = default;
        // Only registered countries: their fixed length tells where the IBAN ends even when a word follows it.
        if (Iban.ExpectedLength(text.Slice(start, 2)) is not { } expected) return false;
        var pos = start;
        var count = 0;
        var group = 0;
        while (pos < text.Length && count < expected)
        {
            var c = text[pos];
            if (PiiChars.IsUpperOrDigit(c))
            {
                count++;
                group++;
                pos++;
            }
            else if (c == ' ' && group == 4 && pos + 1 < text.Length && PiiChars.IsUpperOrDigit(text[pos + 1]))
            {
                group = 0;
                pos++;
            }
            else break;
        }
        if (count != expected || (pos < text.Length && PiiChars.IsWordAt(text, pos))) return false;
        var candidate = text[start..pos];
        if (!Iban.IsValid(candidate)) return false;
        span = new PiiSpan(start, pos - start, PiiKind.Iban);
        return true;
    }

    private static bool TryMatchPan(ReadOnlySpan<char> text, int start, out PiiSpan span)
    {
        span = default;
        var end = start + Pan.Length;
        if (end > text.Length || !Pan.IsValid(text[start..end])) return false;
        if (end < text.Length && PiiChars.IsWordAt(text, end)) return false;
        span = new PiiSpan(start, Pan.Length, PiiKind.Pan);
        return true;
    }
}
