using System.Text;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// A locale data entry compiled once: plain text, or a Bogus-style template such as
/// <c>#{building_number} #{Name.last_name} #{street_suffix}</c> or <c>(!##) !##-####</c> split into segments, with
/// references resolved to pools.
/// </summary>
internal sealed class FakerTemplate
{
    private readonly FakerSegment[] _segments;

    private FakerTemplate(FakerSegment[] segments, string? literal)
    {
        _segments = segments;
        Literal = literal;
        var length = 0;
        var digits = 0;
        foreach (var s in segments)
        {
            if (s.Kind == FakerSegmentKind.Reference)
            {
                length = -1;
                break;
            }
            length += s.Kind == FakerSegmentKind.Literal ? s.Text!.Length : 1;
            if (s.Kind is FakerSegmentKind.Digit or FakerSegmentKind.NonZeroDigit) digits++;
            else if (s.Kind == FakerSegmentKind.Literal) foreach (var c in s.Text!) if (c is >= '0' and <= '9') digits++;
        }
        FixedLength = length;
        DigitCount = length < 0 ? -1 : digits;
    }

    /// <summary>The text when the entry has no placeholders; null otherwise.</summary>
    public string? Literal { get; }

    /// <summary>Rendered length when it does not depend on references (placeholders are one character); -1 otherwise.</summary>
    public int FixedLength { get; }

    /// <summary>Digits in the rendered value when <see cref="FixedLength"/> is known; -1 otherwise.</summary>
    public int DigitCount { get; }

    /// <summary>True when the rendered value holds a character other than digits, spaces and <c>+-.()/</c> (letters, "x" of extensions).</summary>
    public bool HasText
    {
        get
        {
            foreach (var s in _segments)
            {
                if (s.Kind is FakerSegmentKind.Letter or FakerSegmentKind.Reference) return true;
                if (s.Kind == FakerSegmentKind.Literal)
                    foreach (var c in s.Text!) if (c is not (>= '0' and <= '9' or ' ' or '+' or '-' or '.' or '(' or ')' or '/')) return true;
            }
            return false;
        }
    }

    /// <summary>An entry without placeholders.</summary>
    public static FakerTemplate FromLiteral(string text) => new([new FakerSegment(FakerSegmentKind.Literal, text, null)], text);

    /// <summary>
    /// Compiles a data entry. References without a category (<c>#{suffix}</c>) are looked up in
    /// <paramref name="category"/>. Returns null when a reference cannot be resolved or the entry is malformed (a
    /// stray brace), so the pool simply leaves it out.
    /// </summary>
    public static FakerTemplate? Parse(string text, string category, FakerSymbols symbols, Func<string, FakerPool?> resolve)
    {
        var segments = new List<FakerSegment>();
        var literal = new StringBuilder();
        var placeholders = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '#' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0) return null;
                var name = text[(i + 2)..close];
                var path = name.Contains('.', StringComparison.Ordinal)
                    ? name[..name.IndexOf('.', StringComparison.Ordinal)].ToLowerInvariant() + name[name.IndexOf('.', StringComparison.Ordinal)..]
                    : category + "." + name;
                var pool = resolve(path);
                if (pool is null) return null;
                Flush(segments, literal);
                segments.Add(new FakerSegment(FakerSegmentKind.Reference, null, pool));
                placeholders = true;
                i = close;
                continue;
            }
            var kind = c switch
            {
                '#' when (symbols & FakerSymbols.Digit) != 0 => FakerSegmentKind.Digit,
                '!' when (symbols & FakerSymbols.NonZeroDigit) != 0 => FakerSegmentKind.NonZeroDigit,
                '?' when (symbols & FakerSymbols.Letter) != 0 => FakerSegmentKind.Letter,
                _ => FakerSegmentKind.Literal,
            };
            if (kind == FakerSegmentKind.Literal)
            {
                if (c is '{' or '}') return null;
                literal.Append(c);
                continue;
            }
            Flush(segments, literal);
            segments.Add(new FakerSegment(kind, null, null));
            placeholders = true;
        }
        Flush(segments, literal);
        if (segments.Count == 0) return null;
        return new FakerTemplate([.. segments], placeholders ? null : text);
    }

    /// <summary>Renders the entry onto <paramref name="builder"/>.</summary>
    public void Append(ref FakerRandom random, StringBuilder builder)
    {
        if (Literal is not null)
        {
            builder.Append(Literal);
            return;
        }
        foreach (var s in _segments)
        {
            switch (s.Kind)
            {
                case FakerSegmentKind.Literal: builder.Append(s.Text); break;
                case FakerSegmentKind.Digit: builder.Append(random.Digit()); break;
                case FakerSegmentKind.NonZeroDigit: builder.Append((char)('2' + random.Next(8))); break;
                case FakerSegmentKind.Letter: builder.Append(random.Letter()); break;
                default: s.Pool!.Append(ref random, builder); break;
            }
        }
    }

    private static void Flush(List<FakerSegment> segments, StringBuilder literal)
    {
        if (literal.Length == 0) return;
        segments.Add(new FakerSegment(FakerSegmentKind.Literal, literal.ToString(), null));
        literal.Clear();
    }
}
