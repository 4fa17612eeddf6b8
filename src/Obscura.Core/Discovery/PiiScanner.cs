using System.Buffers;

namespace Obscura.Core.Discovery;

/// <summary>
/// Finds personal data in free text in one pass: emails, phone numbers, Aadhaar numbers, PANs, US SSNs, payment card
/// numbers, IBANs and IPv4/IPv6 addresses, each as a typed <see cref="PiiSpan"/>. The scanner jumps between trigger
/// characters ('@', digits, ':') with a vectorized search, reads the candidate around each trigger and keeps it only when
/// it has the kind's exact shape and passes its check (Luhn, Verhoeff, mod 97, the SSA rules), so dates, times, prices,
/// version numbers and order numbers stay unreported. Allocation-free; immutable and thread-safe.
/// </summary>
/// <remarks>
/// Matches are ASCII and never overlap. What counts as each kind, and what deliberately does not (plain 9-digit SSNs,
/// ungrouped national phone numbers), is listed in docs/strategies-text-pii.md.
/// </remarks>
public sealed class PiiScanner
{
    private const PiiKinds DigitKinds = PiiKinds.Phone | PiiKinds.NationalId | PiiKinds.Pan | PiiKinds.Ssn | PiiKinds.Card | PiiKinds.Iban | PiiKinds.Ipv4;

    private readonly SearchValues<char> _triggers;

    /// <summary>Creates a scanner for the given kinds.</summary>
    /// <exception cref="ArgumentException"><paramref name="kinds"/> holds no kind or unknown bits.</exception>
    public PiiScanner(PiiKinds kinds = PiiKinds.All)
    {
        if (kinds == PiiKinds.None || (kinds & ~PiiKinds.All) != 0) throw new ArgumentException("choose at least one known PII kind", nameof(kinds));
        Kinds = kinds;
        var triggers = new List<char>();
        if ((kinds & DigitKinds) != 0) triggers.AddRange("0123456789");
        if ((kinds & PiiKinds.Email) != 0) triggers.Add('@');
        if ((kinds & PiiKinds.Ipv6) != 0) triggers.Add(':');
        _triggers = SearchValues.Create([.. triggers]);
    }

    /// <summary>A scanner for every kind.</summary>
    public static PiiScanner Default { get; } = new();

    /// <summary>The kinds this scanner reports.</summary>
    public PiiKinds Kinds { get; }

    /// <summary>
    /// Finds the first span that starts at or after <paramref name="start"/>. To find them all, call again with the
    /// previous span's <see cref="PiiSpan.End"/> (or use <see cref="EnumerateSpans"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> is outside the text.</exception>
    public bool TryFind(ReadOnlySpan<char> text, int start, out PiiSpan span)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, text.Length);
        var pos = start;
        while (pos < text.Length)
        {
            var offset = text[pos..].IndexOfAny(_triggers);
            if (offset < 0) break;
            var i = pos + offset;
            int resume;
            switch (text[i])
            {
                case '@':
                    if (PiiEmailMatcher.TryMatch(text, i, start, out span)) return true;
                    resume = i + 1;
                    break;
                case ':':
                    if (PiiIpv6Matcher.TryMatch(text, i, start, out span, out resume)) return true;
                    break;
                default:
                    if (MatchAtDigit(text, i, start, out span, out resume)) return true;
                    break;
            }
            pos = Math.Max(resume, i + 1);
        }
        span = default;
        return false;
    }

    /// <summary>True when the text holds at least one span of the scanner's kinds.</summary>
    public bool ContainsAny(ReadOnlySpan<char> text) => TryFind(text, 0, out _);

    /// <summary>Enumerates every span in order, without allocating: <c>foreach (var span in scanner.EnumerateSpans(text))</c>.</summary>
    public PiiSpanEnumerator EnumerateSpans(ReadOnlySpan<char> text) => new(this, text);

    private bool MatchAtDigit(ReadOnlySpan<char> text, int i, int floor, out PiiSpan span, out int resume)
    {
        if (i > 0)
        {
            var before = text[i - 1];
            if (char.IsAsciiLetter(before) && PiiChars.IsWordAt(text, i - 1))
            {
                // Letters then digits: an IBAN (GB82...) or a PAN (ABCPE1234F); anything else is a word such as COVID19 or v2.
                if ((Kinds & (PiiKinds.Iban | PiiKinds.Pan)) != 0 && PiiCodeMatcher.TryMatch(text, i, floor, Kinds, out span))
                {
                    resume = span.End;
                    return true;
                }
                span = default;
                resume = SkipWord(text, i);
                return false;
            }
            if (before == '_' || (before >= 128 && char.IsLetterOrDigit(before)))
            {
                span = default;
                resume = SkipWord(text, i);
                return false;
            }
        }
        if ((Kinds & (PiiKinds.Phone | PiiKinds.NationalId | PiiKinds.Ssn | PiiKinds.Card | PiiKinds.Ipv4)) == 0)
        {
            span = default;
            resume = SkipWord(text, i);
            return false;
        }
        return PiiNumberMatcher.TryMatch(text, i, floor, Kinds, out span, out resume);
    }

    private static int SkipWord(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
        return i;
    }
}
