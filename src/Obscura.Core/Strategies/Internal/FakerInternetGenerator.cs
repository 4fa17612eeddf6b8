using System.Text;
using Obscura.Core.Crypto;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>email</c>, <c>username</c> and <c>url</c>, built from the locale's first and last names folded to ASCII.
/// Emails go to the reserved example.com/.net/.org domains unless the locale's free-mail domains are asked for.
/// Unique form: a keyed 64-bit tag of the input, 13 base36 characters, is part of every value
/// (<c>maria.lopez.0k3x9a7b2m1qz@example.com</c>), and the name part shrinks first when the column is short.
/// </summary>
internal sealed class FakerInternetGenerator : FakerGenerator
{
    private static readonly string[] ExampleDomains = ["example.com", "example.net", "example.org"];

    private readonly FakerKind _kind;
    private readonly bool _unique;
    private readonly SipHash _tag;
    private readonly string[] _first;
    private readonly string[] _last;
    private readonly string[] _domains;
    private readonly string _shortestDomain;
    private readonly string[] _suffixes;
    private readonly string _shortestSuffix;
    private readonly StringBuilder _builder = new(64);

    public FakerInternetGenerator(FakerKind kind, FakerLocale locale, FakerTarget target, bool unique, bool freeDomains, FakerKeys keys)
        : base(target)
    {
        _kind = kind;
        _unique = unique;
        _tag = keys.Tag;
        _first = locale.EmailFirstNames;
        _last = locale.EmailLastNames;
        _domains = freeDomains ? AsciiDomains(locale.FreeEmailDomains) : ExampleDomains;
        _shortestDomain = Shortest(_domains);
        _suffixes = locale.EmailDomainSuffixes;
        _shortestSuffix = Shortest(_suffixes);
    }

    /// <summary>The shortest column that holds the unique form of a kind (tag plus the least decoration), or of any value.</summary>
    public static int MinimumLength(FakerKind kind, bool unique, FakerLocale locale, bool freeDomains)
    {
        var tag = unique ? FakerText.TagLength : 1;
        return kind switch
        {
            FakerKind.Email => tag + 1 + Shortest(freeDomains ? AsciiDomains(locale.FreeEmailDomains) : ExampleDomains).Length,
            FakerKind.Url => "https://".Length + 2 + Shortest(locale.EmailDomainSuffixes).Length + (unique ? 1 + tag : 0),
            _ => tag,
        };
    }

    /// <inheritdoc />
    public override string Generate(ref FakerRandom random, FakerInput input)
    {
        var first = _first[random.Next(_first.Length)];
        var last = _last[random.Next(_last.Length)];
        var style = random.Next(7);
        var number = random.Next(100);
        Span<char> tag = stackalloc char[FakerText.TagLength];
        if (_unique) FakerText.WriteTag(_tag.Compute(input.Utf8), tag);
        return _kind switch
        {
            FakerKind.Email => Email(ref random, first, last, style, number, tag),
            FakerKind.Username => Username(first, last, style, number, tag),
            _ => Url(ref random, first, last, style, tag),
        };
    }

    private string Email(ref FakerRandom random, string first, string last, int style, int number, ReadOnlySpan<char> tag)
    {
        var domain = _domains[random.Next(_domains.Length)];
        var room = Target.MaxLength ?? int.MaxValue;
        if (room - 1 - domain.Length < (_unique ? FakerText.TagLength : 2)) domain = _shortestDomain;
        var b = _builder.Clear();
        var localRoom = room - 1 - domain.Length;
        if (_unique)
        {
            NamePart(b, first, last, style % 4, number, localRoom - 1 - FakerText.TagLength, '.');
            if (b.Length > 0) b.Append('.');
            b.Append(tag);
        }
        else NamePart(b, first, last, style, number, localRoom, '.');
        return b.Append('@').Append(domain).ToString();
    }

    private string Username(string first, string last, int style, int number, ReadOnlySpan<char> tag)
    {
        var room = Target.MaxLength ?? int.MaxValue;
        var b = _builder.Clear();
        if (_unique)
        {
            NamePart(b, first, last, style % 4, number, room - 1 - FakerText.TagLength, '_');
            if (b.Length > 0) b.Append('_');
            return b.Append(tag).ToString();
        }
        NamePart(b, first, last, style, number, room, '_');
        return b.ToString();
    }

    private string Url(ref FakerRandom random, string first, string last, int style, ReadOnlySpan<char> tag)
    {
        var suffix = _suffixes[random.Next(_suffixes.Length)];
        var room = Target.MaxLength ?? int.MaxValue;
        const string Scheme = "https://";
        var pathLength = _unique ? 1 + FakerText.TagLength : 0;
        if (room - Scheme.Length - 1 - suffix.Length - pathLength < 2) suffix = _shortestSuffix;
        var hostRoom = room - Scheme.Length - 1 - suffix.Length - pathLength;
        var b = _builder.Clear().Append(Scheme);
        var www = style % 2 == 0 && hostRoom >= 4 + first.Length + last.Length;
        if (www)
        {
            b.Append("www.");
            hostRoom -= 4;
        }
        var hostStart = b.Length;
        HostName(b, first, last, style, hostRoom);
        if (b.Length == hostStart) b.Append(last[0]);
        b.Append('.').Append(suffix);
        if (_unique) b.Append('/').Append(tag);
        return b.ToString();
    }

    // A name-based local part of at most room characters (nothing when room < 1), separators never at the ends.
    private static void NamePart(StringBuilder b, string first, string last, int style, int number, int room, char separator)
    {
        if (room < 1) return;
        var start = b.Length;
        switch (style)
        {
            case 0: b.Append(first).Append(separator).Append(last); break;
            case 1: b.Append(first).Append(last); break;
            case 2: b.Append(first[0]).Append(last); break;
            case 3: b.Append(last).Append(separator).Append(first); break;
            case 4: b.Append(first).Append(separator).Append(last).Append(number); break;
            case 5: b.Append(first).Append(number); break;
            default: b.Append(first[0]).Append(last).Append(number); break;
        }
        if (b.Length - start <= room) return;
        // Too long: initial and last name, then the last name cut.
        b.Length = start;
        b.Append(first[0]).Append(last, 0, Math.Min(last.Length, room - 1));
        if (b.Length - start > room) b.Length = start + room;
    }

    private static void HostName(StringBuilder b, string first, string last, int style, int room)
    {
        if (room < 1) return;
        var start = b.Length;
        switch (style % 3)
        {
            case 0: b.Append(last); break;
            case 1: b.Append(first).Append(last); break;
            default: b.Append(first).Append('-').Append(last); break;
        }
        if (b.Length - start <= room) return;
        b.Length = start;
        b.Append(last, 0, Math.Min(last.Length, room));
    }

    private static string[] AsciiDomains(FakerPool pool)
    {
        var domains = new List<string>();
        foreach (var item in pool.Items)
        {
            if (item.Literal is not { } d || d.Length < 3) continue;
            var ok = true;
            foreach (var c in d) ok &= c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-';
            if (ok) domains.Add(d);
        }
        return domains.Count > 0 ? [.. domains] : ExampleDomains;
    }

    private static string Shortest(string[] values)
    {
        var shortest = values[0];
        foreach (var v in values) if (v.Length < shortest.Length) shortest = v;
        return shortest;
    }
}
