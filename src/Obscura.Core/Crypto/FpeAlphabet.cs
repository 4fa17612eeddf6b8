using System.Collections.Frozen;

namespace Obscura.Core.Crypto;

/// <summary>
/// The characters of a format-preserving cipher's numerals, in order: character i is numeral i, so the radix is the
/// number of characters. Named sets: <c>digits</c> (0-9), <c>lower</c> (a-z), <c>upper</c> (A-Z), <c>alnum</c>
/// (0-9a-zA-Z), <c>alnum_lower</c> (0-9a-z), <c>hex</c> (0-9a-f); anything else is taken as the characters
/// themselves. Immutable and thread-safe.
/// </summary>
public sealed class FpeAlphabet
{
    /// <summary>The named sets and their characters.</summary>
    public static readonly IReadOnlyDictionary<string, string> NamedSets = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["digits"] = "0123456789",
        ["lower"] = "abcdefghijklmnopqrstuvwxyz",
        ["upper"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        ["alnum"] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        ["alnum_lower"] = "0123456789abcdefghijklmnopqrstuvwxyz",
        ["hex"] = "0123456789abcdef",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly string _characters;
    private readonly short[] _ascii = new short[128];
    private readonly FrozenDictionary<char, int> _other;

    private FpeAlphabet(string characters)
    {
        _characters = characters;
        Array.Fill(_ascii, (short)-1);
        var other = new Dictionary<char, int>();
        for (var i = 0; i < characters.Length; i++)
        {
            var c = characters[i];
            if (c < 128) _ascii[c] = (short)i;
            else other[c] = i;
        }
        _other = other.ToFrozenDictionary();
    }

    /// <summary>Decimal digits 0-9 (radix 10).</summary>
    public static FpeAlphabet Digits { get; } = new("0123456789");

    /// <summary>The characters, numeral 0 first.</summary>
    public string Characters => _characters;

    /// <summary>The number of characters: the cipher's radix.</summary>
    public int Radix => _characters.Length;

    /// <summary>The character of numeral <paramref name="numeral"/>.</summary>
    public char this[int numeral] => _characters[numeral];

    /// <summary>Parses a named set or an explicit character list.</summary>
    /// <exception cref="FormatException">Fewer than 2 characters, more than 65536, a repeated character, or a surrogate (characters outside the Basic Multilingual Plane are not supported).</exception>
    public static FpeAlphabet Parse(string specification)
    {
        if (!TryParse(specification, out var alphabet, out var problem)) throw new FormatException(problem);
        return alphabet;
    }

    /// <summary>Parses a named set or an explicit character list, or explains why it is not a valid alphabet.</summary>
    public static bool TryParse(string? specification, out FpeAlphabet alphabet, out string? problem)
    {
        alphabet = Digits;
        problem = null;
        if (string.IsNullOrEmpty(specification))
        {
            problem = "the alphabet is empty";
            return false;
        }
        if (specification == "digits") return true;
        var characters = NamedSets.TryGetValue(specification, out var named) ? named : specification;
        if (characters.Length < FpeCipher.MinRadix)
        {
            problem = $"the alphabet needs at least 2 characters ('{specification}' is not one of the named sets: {string.Join(", ", NamedSets.Keys)})";
            return false;
        }
        if (characters.Length > FpeCipher.MaxRadix)
        {
            problem = $"the alphabet has {characters.Length} characters; at most {FpeCipher.MaxRadix} are supported";
            return false;
        }
        var seen = new HashSet<char>();
        foreach (var c in characters)
        {
            if (char.IsSurrogate(c))
            {
                problem = "the alphabet contains a character outside the Basic Multilingual Plane (a surrogate pair); only single UTF-16 characters are supported";
                return false;
            }
            if (!seen.Add(c))
            {
                problem = $"the alphabet lists '{c}' more than once";
                return false;
            }
        }
        alphabet = new FpeAlphabet(characters);
        return true;
    }

    /// <summary>The numeral of <paramref name="c"/>, or -1 when it is not in the alphabet.</summary>
    public int IndexOf(char c) => c < 128 ? _ascii[c] : _other.GetValueOrDefault(c, -1);

    /// <summary>True when <paramref name="c"/> is in the alphabet.</summary>
    public bool Contains(char c) => IndexOf(c) >= 0;

    /// <summary>The text of a numeral string.</summary>
    /// <exception cref="IndexOutOfRangeException">A numeral is not below the radix.</exception>
    public string ToText(ReadOnlySpan<ushort> numerals)
    {
        var chars = numerals.Length <= 256 ? stackalloc char[numerals.Length] : new char[numerals.Length];
        for (var i = 0; i < numerals.Length; i++) chars[i] = _characters[numerals[i]];
        return new string(chars);
    }

    /// <inheritdoc />
    public override string ToString() => _characters;
}
