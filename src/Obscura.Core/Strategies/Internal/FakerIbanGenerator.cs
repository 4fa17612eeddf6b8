using Obscura.Core.Validation;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>iban</c>: IBANs of the locale's country with correct mod-97 check digits and the registered length
/// (see <see cref="Iban"/>); the BBAN is random digits and letters in the country's shape, so national checks inside
/// the BBAN (where a country has one) are not computed. Locales of countries without IBANs use GB.
/// </summary>
internal sealed class FakerIbanGenerator : FakerGenerator
{
    // BBAN shapes: 'a' a letter, 'n' a digit.
    private static readonly Dictionary<string, string> Shapes = new(StringComparer.Ordinal)
    {
        ["GB"] = "aaaa" + N(14), ["IE"] = "aaaa" + N(14), ["DE"] = N(18), ["AT"] = N(16), ["CH"] = N(17),
        ["FR"] = N(23), ["ES"] = N(20), ["IT"] = "a" + N(22), ["NL"] = "aaaa" + N(10), ["BE"] = N(12),
        ["PL"] = N(24), ["PT"] = N(21), ["BR"] = N(23) + "an", ["SE"] = N(20), ["NO"] = N(11), ["FI"] = N(14),
        ["DK"] = N(14), ["CZ"] = N(20), ["SK"] = N(20), ["HR"] = N(17), ["TR"] = N(22), ["RO"] = "aaaa" + N(16),
        ["LV"] = "aaaa" + N(13), ["GE"] = "aa" + N(16), ["AZ"] = "aaaa" + N(20), ["UA"] = N(25), ["GR"] = N(23),
    };

    private static readonly Dictionary<string, string> LanguageCountry = new(StringComparer.Ordinal)
    {
        ["de"] = "DE", ["fr"] = "FR", ["es"] = "ES", ["it"] = "IT", ["nl"] = "NL", ["pl"] = "PL", ["pt"] = "PT",
        ["sv"] = "SE", ["nb"] = "NO", ["fi"] = "FI", ["cz"] = "CZ", ["sk"] = "SK", ["hr"] = "HR", ["tr"] = "TR",
        ["ro"] = "RO", ["lv"] = "LV", ["ge"] = "GE", ["az"] = "AZ", ["uk"] = "UA", ["el"] = "GR",
    };

    private readonly string _country;
    private readonly string _shape;

    public FakerIbanGenerator(FakerLocale locale, FakerTarget target)
        : base(target)
    {
        _country = CountryOf(locale.Name);
        _shape = Shapes[_country];
    }

    /// <summary>The country whose IBANs a locale produces.</summary>
    public static string CountryOf(string locale)
    {
        var parts = locale.Split('_');
        if (parts.Length > 1 && parts[1].Length == 2 && Shapes.ContainsKey(parts[1].ToUpperInvariant())) return parts[1].ToUpperInvariant();
        return LanguageCountry.TryGetValue(parts[0], out var country) ? country : "GB";
    }

    /// <summary>The IBAN length of the locale's country.</summary>
    public static int LengthOf(string locale) => 4 + Shapes[CountryOf(locale)].Length;

    /// <inheritdoc />
    public override string Generate(ref FakerRandom random, FakerInput input)
    {
        Span<char> bban = stackalloc char[_shape.Length];
        for (var i = 0; i < bban.Length; i++) bban[i] = _shape[i] == 'a' ? random.Letter() : random.Digit();
        return Iban.Create(_country, new string(bban));
    }

    private static string N(int count) => new('n', count);
}
