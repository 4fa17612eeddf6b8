using System.Globalization;
using System.Text;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>The checked arguments of one <c>fpe</c> use, and the key and tweak they resolve to.</summary>
internal sealed class FpeSettings
{
    public const string Ff1 = "ff1";
    public const string Ff31 = "ff3-1";
    public const int DefaultKeyBits = 256;

    private FpeSettings(string algorithm, FpeAlphabet alphabet, byte[]? key, byte[]? tweak, int keyBits, bool allowSmallDomain)
    {
        Algorithm = algorithm;
        Alphabet = alphabet;
        Key = key;
        Tweak = tweak;
        KeyBits = keyBits;
        AllowSmallDomain = allowSmallDomain;
    }

    /// <summary><see cref="Ff1"/> or <see cref="Ff31"/>.</summary>
    public string Algorithm { get; }
    /// <summary>The numerals' characters (always decimal digits for integer columns).</summary>
    public FpeAlphabet Alphabet { get; }
    /// <summary>The explicit AES key, or null to derive one from the run secret.</summary>
    public byte[]? Key { get; }
    /// <summary>The explicit tweak, or null for the default (empty for FF1, derived for FF3-1).</summary>
    public byte[]? Tweak { get; }
    /// <summary>Size of a derived key in bits.</summary>
    public int KeyBits { get; }
    /// <summary>Whether domains below one million values are accepted.</summary>
    public bool AllowSmallDomain { get; }

    /// <summary>Reads and checks the arguments; every problem goes to <paramref name="problems"/> (null settings when any).</summary>
    public static FpeSettings? Read(StrategyArguments arguments, TypeClass type, List<string> problems)
    {
        var algorithm = arguments.GetString("algorithm") ?? Ff1;
        if (algorithm is not (Ff1 or Ff31)) problems.Add($"'algorithm' must be {Ff1} or {Ff31}, not '{algorithm}'");

        var specification = arguments.GetString("alphabet") ?? "digits";
        if (!FpeAlphabet.TryParse(specification, out var alphabet, out var alphabetProblem)) problems.Add($"'alphabet': {alphabetProblem}");
        else if (type == TypeClass.Integer && alphabet.Characters != FpeAlphabet.Digits.Characters)
            problems.Add("'alphabet' applies to text columns only: integers are always encrypted as decimal digits (leave it at digits)");

        var key = ReadHex(arguments, "key", problems);
        if (key is not null && key.Length is not (16 or 24 or 32))
            problems.Add($"'key' must be an AES key of 16, 24 or 32 bytes (32, 48 or 64 hex digits), not {key.Length} bytes");

        var tweak = ReadHex(arguments, "tweak", problems);
        if (algorithm == Ff31 && tweak is not null && tweak.Length != Crypto.Ff31.TweakLength)
            problems.Add($"'tweak' must be exactly {Crypto.Ff31.TweakLength} bytes (14 hex digits) for ff3-1, not {tweak.Length} bytes");
        if (algorithm == Ff1 && tweak is not null && tweak.Length > Crypto.Ff1.MaxTweakLength)
            problems.Add($"'tweak' must be at most {Crypto.Ff1.MaxTweakLength} bytes for ff1, not {tweak.Length} bytes");
        if (algorithm == Ff31 && key is not null && tweak is null)
            problems.Add("ff3-1 with an explicit 'key' needs an explicit 'tweak' of 7 bytes (14 hex digits): without the run secret there is nothing to derive it from");

        var keyBits = arguments.GetInt64("key_bits", DefaultKeyBits);
        if (keyBits is not (128 or 192 or 256)) problems.Add($"'key_bits' must be 128, 192 or 256, not {keyBits}");

        var allowSmall = arguments.GetBoolean("allow_small_domain");
        return problems.Count == 0 ? new FpeSettings(algorithm, alphabet, key, tweak, (int)keyBits, allowSmall) : null;
    }

    /// <summary>
    /// The label derived keys hang on: the arguments' fingerprint without the key (absent anyway) and without
    /// allow_small_domain (so allowing short values never changes the outputs of long ones), with the alphabet
    /// spelled as its characters (so <c>digits</c> and <c>0123456789</c> agree) and the tweak as upper-case hex.
    /// Never the table or column: equal inputs give equal outputs in every table and database.
    /// </summary>
    public string Label()
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["algorithm"] = Algorithm,
            ["alphabet"] = Convert.ToHexString(Encoding.UTF8.GetBytes(Alphabet.Characters)),
            ["key_bits"] = (long)KeyBits,
            ["tweak"] = Tweak is null || Tweak.Length == 0 ? null : Convert.ToHexString(Tweak),
        };
        return "fpe/" + new StrategyArguments(values).Fingerprint();
    }

    private static byte[]? ReadHex(StrategyArguments arguments, string name, List<string> problems)
    {
        var text = arguments.GetString(name);
        if (text is null) return null;
        text = text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) text = text[2..];
        if (text.Length % 2 != 0 || !IsHex(text))
        {
            problems.Add($"'{name}' must be hexadecimal bytes (two hex digits per byte, e.g. {(name == "key" ? "2B7E151628AED2A6ABF7158809CF4F3C" : "39383736353433323130")})");
            return null;
        }
        return Convert.FromHexString(text);
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }
        return true;
    }

    /// <summary>"10^6" style size for messages: radix^n, exact.</summary>
    public static string DomainSize(int radix, int length) =>
        System.Numerics.BigInteger.Pow(radix, length).ToString("N0", CultureInfo.InvariantCulture);
}
