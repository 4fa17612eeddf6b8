namespace Obscura.Core.Discovery;

/// <summary>
/// Finds an IPv6 address around a ':': up to four hex digits to its left, then groups and at most one "::" to the right,
/// optionally ending in a dotted IPv4 tail. Eight groups, or fewer with "::"; at least one decimal digit, so
/// <c>Foo::Bar</c> and <c>a::b</c> in code are left alone; times (<c>10:30:15</c>) and MAC addresses never qualify.
/// </summary>
internal static class PiiIpv6Matcher
{
    /// <summary>
    /// The address that holds the ':' at <paramref name="colon"/>, starting no earlier than <paramref name="floor"/>.
    /// <paramref name="resume"/> is where scanning continues when there is none (past the hex-and-colon run).
    /// </summary>
    public static bool TryMatch(ReadOnlySpan<char> text, int colon, int floor, out PiiSpan span, out int resume)
    {
        span = default;
        resume = colon + 1;
        var start = colon;
        while (start > floor && char.IsAsciiHexDigit(text[start - 1]))
        {
            if (colon - start == 4) return false;
            start--;
        }
        if (start > 0 && (PiiChars.IsWordAt(text, start - 1) || text[start - 1] is ':' or '.')) return false;
        if (start == colon && (colon + 1 >= text.Length || text[colon + 1] != ':')) return false;

        var pos = start;
        var groups = 0;
        var compressed = false;
        var digit = false;
        if (text[pos] == ':')
        {
            compressed = true;
            pos += 2;
        }
        while (true)
        {
            var groupStart = pos;
            while (pos < text.Length && char.IsAsciiHexDigit(text[pos]))
            {
                if (pos - groupStart == 4) break;
                digit |= char.IsAsciiDigit(text[pos]);
                pos++;
            }
            if (pos == groupStart) break;
            if (pos < text.Length && char.IsAsciiHexDigit(text[pos]))
            {
                resume = pos;
                return false;
            }
            if (pos + 1 < text.Length && text[pos] == '.' && char.IsAsciiDigit(text[pos + 1]))
            {
                // An embedded IPv4 tail (::ffff:192.0.2.1) takes the place of two groups and ends the address.
                if (groups > 6 || !PiiNumberMatcher.TryReadIpv4(text, groupStart, out var tailEnd))
                {
                    resume = pos;
                    return false;
                }
                groups += 2;
                digit = true;
                pos = tailEnd;
                break;
            }
            if (++groups > 8)
            {
                resume = pos;
                return false;
            }
            if (pos + 1 < text.Length && text[pos] == ':')
            {
                if (text[pos + 1] == ':')
                {
                    if (compressed) break;
                    compressed = true;
                    pos += 2;
                    continue;
                }
                if (char.IsAsciiHexDigit(text[pos + 1]))
                {
                    pos++;
                    continue;
                }
            }
            break;
        }
        resume = Math.Max(pos, colon + 1);
        var valid = groups >= 1 && digit && (compressed ? groups <= 7 : groups == 8);
        if (!valid) return false;
        if (pos < text.Length && PiiChars.IsWord(text[pos])) return false;
        // A second "::" is no address; a single ':' after one is punctuation ("server fe80::1: down").
        if (pos + 1 < text.Length && text[pos] == ':' && text[pos + 1] == ':') return false;
        if (pos + 1 < text.Length && text[pos] == '.' && char.IsAsciiDigit(text[pos + 1])) return false;
        span = new PiiSpan(start, pos - start, PiiKind.Ipv6);
        return true;
    }
}
