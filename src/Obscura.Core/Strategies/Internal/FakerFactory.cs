using Obscura.Core.Crypto;

namespace Obscura.Core.Strategies.Internal;

/// <summary>Builds the transformer of a validated <c>faker</c> binding.</summary>
internal static class FakerFactory
{
    /// <summary>The transformer for <paramref name="binding"/> with already-parsed <paramref name="options"/>.</summary>
    /// <exception cref="InvalidOperationException">The arguments were not validated (unknown kind or locale, bad dates).</exception>
    public static IColumnTransformer Create(StrategyBinding binding, FakerOptions options, RunSecret secret)
    {
        var kind = options.Kind ?? throw Invalid(binding, $"unknown kind '{options.KindName}'");
        var localeName = options.Locale ?? throw Invalid(binding, $"unknown locale '{options.LocaleName}'");
        var keys = FakerKeys.Derive(secret, kind, localeName);
        var target = FakerTarget.For(binding.Column);
        if (kind == FakerKind.DateOfBirth)
        {
            var asOf = options.AsOf ?? throw Invalid(binding, $"'as_of' is not a date: '{options.AsOfText}'");
            return new FakerDateTransformer(keys.Seed, target, asOf, (int)options.MinAge, (int)options.MaxAge);
        }
        var locale = FakerLocale.Get(localeName);
        var unique = binding.RequiresUniqueness || options.ForceUnique;
        FakerGenerator generator = kind switch
        {
            FakerKind.FirstName => new FakerPoolGenerator(locale.FirstNames, target),
            FakerKind.LastName => new FakerPoolGenerator(locale.LastNames, target),
            FakerKind.FullName => new FakerPoolGenerator(locale.FullNames, target),
            FakerKind.StreetAddress => new FakerPoolGenerator(locale.StreetAddresses, target),
            FakerKind.City => new FakerPoolGenerator(locale.Cities, target),
            FakerKind.State => new FakerPoolGenerator(NamesOrCodes(locale.States, locale.StateCodes, target), target),
            FakerKind.PostalCode => new FakerPoolGenerator(locale.PostalCodes, target),
            FakerKind.Country => new FakerPoolGenerator(
                NamesOrCodes(locale.Countries, target.MaxLength == 3 ? locale.CountryCodesAlpha3 : locale.CountryCodes, target), target),
            FakerKind.Company => new FakerPoolGenerator(locale.Companies, target),
            FakerKind.JobTitle => new FakerPoolGenerator(locale.JobTitles, target),
            FakerKind.Email or FakerKind.Username or FakerKind.Url =>
                new FakerInternetGenerator(kind, locale, target, unique, options.FreeEmailDomains, keys),
            FakerKind.Phone => new FakerPhoneGenerator(locale, target, unique, keys.Permutation),
            FakerKind.Ipv4 => new FakerNetworkGenerator(target, ipv6: false, unique, keys),
            FakerKind.Ipv6 => new FakerNetworkGenerator(target, ipv6: true, unique, keys),
            FakerKind.Iban => new FakerIbanGenerator(locale, target),
            FakerKind.CreditCard => new FakerCardGenerator(target, unique, keys.Permutation),
            FakerKind.Ssn => new FakerSsnGenerator(target, unique, keys.Permutation),
            FakerKind.NationalId => new FakerAadhaarGenerator(target, unique, keys.Permutation),
            FakerKind.Pan => new FakerPanGenerator(target, unique, keys.Permutation),
            _ => new FakerLoremGenerator(locale, target),
        };
        return new FakerTransformer(keys.Seed, generator, target);
    }

    // Codes (CA, DEU) instead of names when fewer than a tenth of the names fit the column (a char(2) state column).
    private static FakerPool NamesOrCodes(FakerPool names, FakerPool? codes, FakerTarget target)
    {
        if (target.MaxLength is not { } max || codes?.LiteralsFitting(max) is null) return names;
        var fitting = names.LiteralsFitting(max)?.Length ?? 0;
        return fitting * 10 < names.Items.Length ? codes : names;
    }

    private static InvalidOperationException Invalid(StrategyBinding binding, string problem) =>
        new($"strategy 'faker' on {binding.Table}.{binding.Column.Name}: {problem} (the config was not validated)");
}
