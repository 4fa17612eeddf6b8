using Obscura.Core.Validation;

namespace Obscura.Core.Discovery;

/// <summary>
/// Classifies a run of digit groups met at its first digit: IPv4 addresses, US SSNs, Aadhaar numbers, payment cards and
/// phone numbers. The whole run is tried first, then runs of fewer groups cut at spaces, so a card followed by another
/// number is still found. Every kind has a fixed shape and, where it has one, a checksum (Luhn, Verhoeff, SSA rules),
/// which is what keeps dates, times, prices, versions and order numbers out.
/// </summary>
internal static class PiiNumberMatcher
{
    /// <summary>Most groups one run holds; a longer run continues as a new one.</summary>
    public const int MaxGroups = 8;

    private const int MaxDigits = 19;

    /// <summary>
    /// The match covering the digit at <paramref name="first"/> (and a '+' or '(' right before it), starting no earlier than
    /// <paramref name="floor"/>. <paramref name="resume"/> is where scanning continues when there is none (past the run).
    /// </summary>
    public static bool TryMatch(ReadOnlySpan<char> text, int first, int floor, PiiKinds kinds, out PiiSpan span, out int resume)
    {
        span = default;
        // Fast path for the numbers of ordinary prose ("2024", "15", "3 items"): one short group that nothing continues.
        var pos = first;
        while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
        resume = pos;
        if (pos - first < 8 && !Continues(text, pos)) return false;

        Span<int> starts = stackalloc int[MaxGroups];
        Span<int> lengths = stackalloc int[MaxGroups];
        Span<char> separators = stackalloc char[MaxGroups];
        Span<char> digits = stackalloc char[MaxDigits];
        var run = new PiiNumberRun(starts, lengths, separators);
        if (!Read(text, first, floor, allowParen: true, ref run)) Read(text, first, floor, allowParen: false, ref run);
        resume = run.End;
        Glue(text, ref run);

        for (var a = 0; a < run.Count; a++)
        {
            if (a == 0 ? run.LeftGlued : run.Separators[a] != ' ') continue;
            for (var b = run.Count; b > a; b--)
            {
                var last = b == run.Count;
                if (last ? run.StrongGlue : run.Separators[b] != ' ') continue;
                if (Classify(text, in run, a, b, last && run.WeakGlue, kinds, digits, out var kind))
                {
                    var start = run.StartOf(a);
                    span = new PiiSpan(start, run.EndOf(b - 1) - start, kind);
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Reads a strict dotted quad starting at <paramref name="start"/> (octets 0-255 without leading zeros).</summary>
    public static bool TryReadIpv4(ReadOnlySpan<char> text, int start, out int end)
    {
        end = start;
        var pos = start;
        for (var octet = 0; octet < 4; octet++)
        {
            if (octet > 0)
            {
                if (pos >= text.Length || text[pos] != '.') return false;
                pos++;
            }
            var s = pos;
            var value = 0;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]) && pos - s < 4) value = value * 10 + (text[pos++] - '0');
            if (!IsOctet(text, s, pos - s, value)) return false;
        }
        if (pos < text.Length && (char.IsAsciiDigit(text[pos]) || (text[pos] == '.' && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1])))) return false;
        end = pos;
        return true;
    }

    // Whether a separator at pos continues the run with another group.
    private static bool Continues(ReadOnlySpan<char> text, int pos)
    {
        if (pos + 1 >= text.Length) return false;
        var next = text[pos + 1];
        return text[pos] switch
        {
            ' ' => char.IsAsciiDigit(next) || next == '(',
            '-' or '.' or '(' => char.IsAsciiDigit(next),
            ')' => true,
            _ => false,
        };
    }

    // Reads the groups; false when a parenthesis opened before group 0 is never closed (then read again without it).
    private static bool Read(ReadOnlySpan<char> text, int first, int floor, bool allowParen, ref PiiNumberRun run)
    {
        var p = first - 1;
        var boundaryBefore = p >= floor && (p == 0 || !PiiChars.IsWordAt(text, p - 1));
        run.First = first;
        run.Plus = boundaryBefore && text[p] == '+';
        run.OpenParen = allowParen && boundaryBefore && text[p] == '(';
        run.LeftGlued = !run.Plus && !run.OpenParen && p >= 0 && GluedLeft(text, p);
        var inParen = run.OpenParen;
        var parenGroup = run.OpenParen ? 0 : -1;
        var g = 0;
        var pos = first;
        while (true)
        {
            var start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
            run.Starts[g] = start;
            run.Lengths[g] = pos - start;
            g++;
            if (g == MaxGroups || pos + 1 >= text.Length) break;
            var c = text[pos];
            var next = text[pos + 1];
            if (inParen)
            {
                if (c != ')') break;
                var q = pos + 1;
                if (text[q] is ' ' or '-') q++;
                if (q >= text.Length || !char.IsAsciiDigit(text[q])) break;
                inParen = false;
                run.Separators[g] = PiiNumberRun.Paren;
                pos = q;
                continue;
            }
            if (c is ' ' or '-' or '.' && char.IsAsciiDigit(next))
            {
                run.Separators[g] = c;
                pos++;
                continue;
            }
            // "+1 (415) 555-0132", "+44 (0)20 7946 0958": the area code or trunk digit in parentheses after the country code.
            if (run.Plus && g == 1 && parenGroup < 0)
            {
                if (c == '(' && char.IsAsciiDigit(next))
                {
                    run.Separators[g] = PiiNumberRun.Paren;
                    inParen = true;
                    parenGroup = g;
                    pos++;
                    continue;
                }
                if (c == ' ' && next == '(' && pos + 2 < text.Length && char.IsAsciiDigit(text[pos + 2]))
                {
                    run.Separators[g] = PiiNumberRun.Paren;
                    inParen = true;
                    parenGroup = g;
                    pos += 2;
                    continue;
                }
            }
            break;
        }
        if (inParen)
        {
            if (parenGroup == 0) return false;
            g = parenGroup;
        }
        run.Count = g;
        return true;
    }

    private static bool GluedLeft(ReadOnlySpan<char> text, int p)
    {
        if (PiiChars.IsWordAt(text, p)) return true;
        var c = text[p];
        var before = p > 0 ? text[p - 1] : ' ';
        return c switch
        {
            '#' or '$' or '€' or '£' or '¥' or '₹' or '@' or '_' or '\\' => true,
            '.' or '-' or '+' => char.IsAsciiLetterOrDigit(before),
            ':' or '/' => char.IsAsciiDigit(before),
            // "1,234,567": a thousands group is exactly three digits; "john,4111111111111111" in CSV is not glued.
            ',' => char.IsAsciiDigit(before) && DigitsAt(text, p + 1) == 3,
            _ => false,
        };
    }

    private static void Glue(ReadOnlySpan<char> text, ref PiiNumberRun run)
    {
        var end = run.End;
        run.StrongGlue = false;
        run.WeakGlue = false;
        if (end >= text.Length) return;
        var c = text[end];
        var next = end + 1 < text.Length ? text[end + 1] : ' ';
        if (PiiChars.IsWordAt(text, end) || c == '@' || (c == '.' && char.IsAsciiLetter(next))) run.StrongGlue = true;
        else if (char.IsAsciiDigit(next))
        {
            run.WeakGlue = c switch
            {
                ':' or '/' or '-' or '.' => true,
                ',' => DigitsAt(text, end + 1) == 3,
                _ => false,
            };
        }
    }

    private static bool Classify(
        ReadOnlySpan<char> text, in PiiNumberRun run, int a, int b, bool weakOnly, PiiKinds kinds, Span<char> digits, out PiiKind kind)
    {
        kind = default;
        var count = b - a;
        var n = 0;
        for (var k = a; k < b; k++) n += run.Lengths[k];
        var prefixed = a == 0 && (run.Plus || run.OpenParen);
        var separator = count > 1 ? run.Separators[a + 1] : '\0';
        var uniform = true;
        var paren = false;
        for (var k = a + 1; k < b; k++)
        {
            uniform &= run.Separators[k] == separator;
            paren |= run.Separators[k] == PiiNumberRun.Paren;
        }

        if (!prefixed && !paren)
        {
            if ((kinds & PiiKinds.Ipv4) != 0 && count == 4 && uniform && separator == '.' && IsIpv4(text, in run, a))
            {
                kind = PiiKind.Ipv4;
                return true;
            }
            if (!weakOnly && n is >= 9 and <= MaxDigits && separator != '.' && IsIdentifier(text, in run, a, b, n, uniform, separator, kinds, digits, out kind))
                return true;
        }
        if (weakOnly || (kinds & PiiKinds.Phone) == 0 || !IsPhone(text, in run, a, b, n, uniform, separator, paren)) return false;
        kind = PiiKind.Phone;
        return true;
    }

    // SSN, Aadhaar and card numbers: a fixed shape and a checksum over the digits of groups a..b.
    private static bool IsIdentifier(
        ReadOnlySpan<char> text, in PiiNumberRun run, int a, int b, int n, bool uniform, char separator, PiiKinds kinds, Span<char> digits, out PiiKind kind)
    {
        kind = default;
        var count = b - a;
        var d = digits[..n];
        var at = 0;
        for (var k = a; k < b; k++)
        {
            text.Slice(run.Starts[k], run.Lengths[k]).CopyTo(d[at..]);
            at += run.Lengths[k];
        }
        var grouped = count > 1 && uniform && separator is ' ' or '-';
        if ((kinds & PiiKinds.Ssn) != 0 && count == 3 && grouped && Shape(in run, a, 3, 2, 4) && UsSsn.IsValid(d))
        {
            kind = PiiKind.Ssn;
            return true;
        }
        if ((kinds & PiiKinds.NationalId) != 0 && n == 12 && (count == 1 || (count == 3 && grouped && Shape(in run, a, 4, 4, 4))) && Aadhaar.IsValid(d))
        {
            kind = PiiKind.NationalId;
            return true;
        }
        if ((kinds & PiiKinds.Card) != 0 && n >= 13 && (count == 1 || (grouped && IsCardGrouping(in run, a, b)))
            && PiiCardIssuers.IsKnown(d) && Luhn.IsValid(d))
        {
            kind = PiiKind.Card;
            return true;
        }
        return false;
    }

    private static bool IsIpv4(ReadOnlySpan<char> text, in PiiNumberRun run, int a)
    {
        for (var k = a; k < a + 4; k++)
        {
            var value = 0;
            var length = run.Lengths[k];
            if (length > 3) return false;
            for (var i = 0; i < length; i++) value = value * 10 + (text[run.Starts[k] + i] - '0');
            if (!IsOctet(text, run.Starts[k], length, value)) return false;
        }
        // 0.x.x.x is no host address; it is how four-part version numbers (0.9.1.2) start.
        return text[run.Starts[a]] != '0';
    }

    private static bool IsOctet(ReadOnlySpan<char> text, int start, int length, int value) =>
        length is >= 1 and <= 3 && value <= 255 && (length == 1 || text[start] != '0');

    private static bool Shape(in PiiNumberRun run, int a, int l0, int l1, int l2) =>
        run.Lengths[a] == l0 && run.Lengths[a + 1] == l1 && run.Lengths[a + 2] == l2;

    // 4-4-4-4, 4-4-4-4-3, 4-4-4-1 ... (fours, then one shorter group), or 4-6-5 (American Express) and 4-6-4 (Diners Club).
    private static bool IsCardGrouping(in PiiNumberRun run, int a, int b)
    {
        if (run.Lengths[a] != 4) return false;
        if (b - a == 3 && run.Lengths[a + 1] == 6 && run.Lengths[a + 2] is 4 or 5) return true;
        for (var k = a + 1; k < b - 1; k++) if (run.Lengths[k] != 4) return false;
        return run.Lengths[b - 1] is >= 1 and <= 4;
    }

    private static bool IsPhone(ReadOnlySpan<char> text, in PiiNumberRun run, int a, int b, int n, bool uniform, char separator, bool paren)
    {
        if (n > 15) return false;
        var count = b - a;
        if (a == 0 && run.Plus)
        {
            // E.164: a country code (never 0) and at most 15 digits; "+14155550132" written without separators too.
            if (n < 8 || text[run.Starts[0]] == '0') return false;
            return count > 1 || n >= 10;
        }
        if (a == 0 && run.OpenParen)
        {
            // "(415) 555-0132", "(020) 7946 0958": the area code in parentheses, then at least one more group.
            for (var k = 2; k < b; k++) if (run.Separators[k] is PiiNumberRun.Paren or '.') return false;
            return count >= 2 && run.Lengths[0] is >= 2 and <= 5 && n is >= 9 and <= 12;
        }
        if (paren) return false;
        var d0 = text[run.Starts[a]];
        // North American 415-555-0132, 415.555.0132, 415 555 0132: area code and exchange start with 2-9.
        if (count == 3 && Shape(in run, a, 3, 3, 4) && d0 >= '2' && text[run.Starts[a + 1]] >= '2' && (uniform || separator != '.'))
            return true;
        // The same with the long-distance prefix: 1-800-555-0199, 1 415 555 0132.
        if (count == 4 && d0 == '1' && uniform && run.Lengths[a] == 1 && Shape(in run, a + 1, 3, 3, 4)
            && text[run.Starts[a + 1]] >= '2' && text[run.Starts[a + 2]] >= '2')
            return true;
        // National forms with a trunk 0: 020 7946 0958, 07700 900123, 030 12345678; not dates such as 01 02 2024 10.
        if (d0 == '0' && count is >= 2 and <= 4 && n is >= 10 and <= 12 && uniform && separator is ' ' or '-')
        {
            if (text[run.Starts[a] + 1] == '0') return false;
            for (var k = a; k < b; k++) if (run.Lengths[k] < 2) return false;
            return !(count >= 3 && Shape(in run, a, 2, 2, 4));
        }
        // Indian mobile numbers 98765 43210: two groups of five, first digit 6-9.
        return count == 2 && uniform && separator is ' ' or '-' && Shape2(in run, a, 5, 5) && d0 >= '6';
    }

    // How many digits start at index (counting stops at 4).
    private static int DigitsAt(ReadOnlySpan<char> text, int index)
    {
        var n = 0;
        while (index + n < text.Length && n < 4 && char.IsAsciiDigit(text[index + n])) n++;
        return n;
    }

    private static bool Shape2(in PiiNumberRun run, int a, int l0, int l1) => run.Lengths[a] == l0 && run.Lengths[a + 1] == l1;
}
