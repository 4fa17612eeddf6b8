using System.Collections.Frozen;
using System.Globalization;

namespace Obscura.Core.Validation;

/// <summary>
/// International Bank Account Numbers (ISO 13616): a two-letter country code, two check digits and a country-specific
/// BBAN of digits and upper-case letters, valid when the rearranged number is 1 modulo 97 (ISO 7064 MOD 97-10).
/// Lengths are enforced for the countries in <see cref="Lengths"/>; other countries need 15 to 34 characters.
/// </summary>
public static class Iban
{
    /// <summary>The shortest IBAN any country uses.</summary>
    public const int MinLength = 15;

    /// <summary>The longest IBAN ISO 13616 allows.</summary>
    public const int MaxLength = 34;

    /// <summary>Total IBAN length per country code, for the countries of the SWIFT IBAN registry most often met.</summary>
    public static IReadOnlyDictionary<string, int> Lengths => ByCountry;

    private static readonly FrozenDictionary<string, int> ByCountry = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22,
        ["BH"] = 22, ["BR"] = 29, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18,
        ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22,
        ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22,
        ["IL"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LI"] = 21,
        ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19, ["MR"] = 27,
        ["MT"] = 31, ["MU"] = 30, ["NL"] = 18, ["NO"] = 15, ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25,
        ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["SA"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27,
        ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VG"] = 24, ["XK"] = 20,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="value"/> is a well-formed IBAN with correct check digits. Spaces (the printed form
    /// groups four characters) are ignored; letters must be upper case.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        Span<char> compact = stackalloc char[MaxLength];
        var length = 0;
        foreach (var c in value)
        {
            if (c == ' ') continue;
            if (length == MaxLength) return false;
            compact[length++] = c;
        }
        var iban = compact[..length];
        if (length < MinLength) return false;
        if (!IsLetter(iban[0]) || !IsLetter(iban[1]) || !IsDigit(iban[2]) || !IsDigit(iban[3])) return false;
        foreach (var c in iban[4..]) if (!IsDigit(c) && !IsLetter(c)) return false;
        if (ExpectedLength(iban[..2]) is { } expected && expected != length) return false;
        // Rearranged: BBAN, then country code and check digits.
        var remainder = Mod97(iban[4..], 0);
        remainder = Mod97(iban[..4], remainder);
        return remainder == 1;
    }

    /// <summary>The registered total length for a country code, or null when the country is not in <see cref="Lengths"/>.</summary>
    public static int? ExpectedLength(ReadOnlySpan<char> countryCode)
    {
        if (countryCode.Length != 2) return null;
        return ByCountry.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(countryCode, out var length) ? length : null;
    }

    /// <summary>The two check digits for a country code and a BBAN (digits and upper-case letters).</summary>
    /// <exception cref="ArgumentException">The country code is not two upper-case letters or the BBAN holds other characters.</exception>
    public static string ComputeCheckDigits(string countryCode, string bban)
    {
        ArgumentNullException.ThrowIfNull(countryCode);
        ArgumentNullException.ThrowIfNull(bban);
        if (countryCode.Length != 2 || !IsLetter(countryCode[0]) || !IsLetter(countryCode[1]))
            throw new ArgumentException("a country code is two upper-case letters", nameof(countryCode));
        foreach (var c in bban) if (!IsDigit(c) && !IsLetter(c)) throw new ArgumentException("a BBAN holds only digits and upper-case letters", nameof(bban));
        var remainder = Mod97(bban, 0);
        remainder = Mod97(countryCode, remainder);
        remainder = Mod97("00", remainder);
        return (98 - remainder).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>The IBAN for a country code and a BBAN: country, check digits, BBAN (electronic form, no spaces).</summary>
    /// <exception cref="ArgumentException">The country code or BBAN is malformed.</exception>
    public static string Create(string countryCode, string bban) => countryCode + ComputeCheckDigits(countryCode, bban) + bban;

    // Letters count as two digits (A = 10 ... Z = 35), exactly as if the number were expanded first.
    private static int Mod97(ReadOnlySpan<char> chars, int remainder)
    {
        foreach (var c in chars)
        {
            remainder = IsDigit(c) ? (remainder * 10 + (c - '0')) % 97 : (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        return remainder;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsLetter(char c) => c is >= 'A' and <= 'Z';
}
