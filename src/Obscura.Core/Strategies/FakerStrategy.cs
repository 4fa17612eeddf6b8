using Obscura.Core.Config.Internal;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>faker</c>: replaces each value with realistic fake data of a chosen kind (names, emails, addresses, phone
/// numbers, identifiers with valid check digits, birth dates, text) from Bogus' locale data sets. The value depends only
/// on the run secret, the kind, the locale and the input (never the table or column), so the same real name becomes
/// the same fake name in every table and database. On unique columns emails, user names, URLs and IPv6 addresses carry a
/// keyed 64-bit tag, and SSNs, Aadhaar numbers, card numbers, phone numbers, IPv4 addresses and PANs are derived by a
/// keyed permutation of the input, so distinct inputs keep distinct outputs.
/// </summary>
public sealed class FakerStrategy : StrategyDefinition
{
    /// <summary>Locales named first when an unknown locale is reported.</summary>
    private static readonly string[] CommonLocales = ["en", "en_US", "en_GB", "en_IND", "de", "fr", "es", "it", "nl", "pt_BR", "ja", "zh_CN"];

    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(
        TypeClass.Text, TypeClass.Integer, TypeClass.Decimal, TypeClass.Date, TypeClass.DateTime, TypeClass.DateTimeOffset);

    private static readonly StrategyParameter[] Params =
    [
        new("kind", ParameterKind.Choice,
            "What to produce: first_name, last_name, full_name, email, phone, street_address, city, state, postal_code, country, company, job_title, username, url, ipv4, ipv6, iban, credit_card, ssn, national_id (Aadhaar), pan, date_of_birth or lorem.")
        {
            Required = true,
            Choices = [.. FakerKinds.Names],
        },
        new("locale", ParameterKind.String,
            "Bogus locale of names, addresses and formats, e.g. en, en_US, en_GB, en_IND, de, fr, es; part of the key, so other locales give other values.")
        { Default = FakerOptions.DefaultLocale },
        new("unique", ParameterKind.Boolean,
            "Use the collision-free form even when the column is not declared unique (it is always used on unique columns), so copies of the value in other tables match.")
        { Default = false },
        new("email_domains", ParameterKind.Choice,
            "Domains of email: example (the reserved example.com/.net/.org, never delivered) or free (the locale's free-mail providers such as gmail.com, which are real mailboxes).")
        {
            Default = "example",
            Choices = ["example", "free"],
        },
        new("min_age", ParameterKind.Integer, "date_of_birth: youngest age on as_of.") { Default = (long)FakerOptions.DefaultMinAge },
        new("max_age", ParameterKind.Integer, "date_of_birth: oldest age on as_of.") { Default = (long)FakerOptions.DefaultMaxAge },
        new("as_of", ParameterKind.String, "date_of_birth: the date ages are counted at (yyyy-MM-dd); fixed so runs are reproducible.")
        { Default = FakerOptions.DefaultAsOf },
    ];

    /// <inheritdoc />
    public override string Name => "faker";
    /// <inheritdoc />
    public override string Description =>
        "Replaces each value with realistic fake data of a kind (names, emails, addresses, valid card and ID numbers, birth dates); equal inputs give equal fakes everywhere.";
    /// <inheritdoc />
    public override string Example => "{ strategy: faker, kind: email }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool NeedsSecret => true;

    /// <inheritdoc />
    /// <remarks>Exact for kinds that permute the input's own digits (ssn, card, national_id, ...) when the column holds a whole value.</remarks>
    public override bool IsInjectiveFor(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var options = FakerOptions.Parse(binding.Arguments);
        if (options.Kind is not { } kind || FakerKinds.Uniqueness(kind) != FakerUniqueness.Permuted) return false;
        return !(kind == FakerKind.Ipv4 && FakerTarget.For(binding.Column).MaxLength is < 15);
    }

    /// <inheritdoc />
    /// <remarks>Another draw from the kind's generator, seeded with the attempt (dates of birth: the neighbouring day).</remarks>
    public override bool RetriesOnCollision(StrategyBinding binding) => true;

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var options = FakerOptions.Parse(binding.Arguments);
        var column = binding.Column;
        var where = $"{binding.Table}.{column.Name}";
        if (options.Kind is not { } kind)
        {
            diagnostics.Error(path, DiagnosticCodes.InvalidParameter,
                $"'kind' must be one of: {string.Join(", ", FakerKinds.Names)}");
            return;
        }
        var kindName = FakerKinds.Name(kind);
        var ok = true;
        if (options.Locale is null)
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, UnknownLocaleMessage(options.LocaleName));
            ok = false;
        }
        if (!ValidateType(kind, kindName, column, where, path, diagnostics)) ok = false;
        if (kind == FakerKind.DateOfBirth && !ValidateDates(options, path, diagnostics)) ok = false;
        if (!ok) return;

        var locale = kind == FakerKind.DateOfBirth ? null : FakerLocale.Get(options.Locale!);
        var target = FakerTarget.For(column);
        if (target.IsNumeric)
        {
            var needed = kind switch
            {
                FakerKind.Ssn => 9,
                FakerKind.NationalId => 12,
                FakerKind.CreditCard => FakerCardGenerator.ShortestLength,
                _ => FakerPhoneGenerator.FewestDigits(locale!),
            };
            if (target.DigitCapacity < needed)
            {
                diagnostics.Error(path, DiagnosticCodes.TypeNotAccepted,
                    $"faker kind '{kindName}' needs {needed} digits, but {where} ({column.DeclaredType}) holds at most {target.DigitCapacity}; use a wider column type or a text column");
                return;
            }
        }
        var unique = binding.RequiresUniqueness || options.ForceUnique;
        if (target.MaxLength is { } max && FullLength(kind, locale, options, unique: false) is { } full && max < full)
        {
            diagnostics.Warning(path, DiagnosticCodes.FakerTooShort,
                $"{where} holds {max} characters, but a complete {kindName} needs {full}; values are cut and may not be valid {kindName} values");
        }
        // On a declared unique column the engine resolves collisions; 'unique: true' alone relies on the value's form.
        if (options.ForceUnique && !binding.RequiresUniqueness) ValidateUniqueness(kind, kindName, locale, options, target, where, path, declared: false, diagnostics);
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var secret = binding.Secret ?? throw new InvalidOperationException(
            $"strategy 'faker' on {binding.Table}.{binding.Column.Name} needs the run secret: set OBSCURA_SECRET or pass --secret-file");
        return FakerFactory.Create(binding, FakerOptions.Parse(binding.Arguments), secret);
    }

    private static bool ValidateType(FakerKind kind, string kindName, Column column, string where, string path, DiagnosticBag diagnostics)
    {
        var accepted = column.TypeClass switch
        {
            TypeClass.Text => true,
            TypeClass.Integer or TypeClass.Decimal => FakerKinds.IsNumeric(kind),
            TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset => kind == FakerKind.DateOfBirth,
            _ => false,
        };
        if (!accepted)
        {
            var writes = kind == FakerKind.DateOfBirth ? "text, date, datetime and datetimeoffset"
                : FakerKinds.IsNumeric(kind) ? "text, integer and decimal" : "text";
            diagnostics.Error(path, DiagnosticCodes.TypeNotAccepted,
                $"faker kind '{kindName}' cannot produce values for {where} ({TypeClassNames.Of(column.TypeClass)}); it writes {writes} columns");
            return false;
        }
        if (column.TypeClass == TypeClass.Text && column.EnumValues is { Count: > 0 })
        {
            diagnostics.Error(path, DiagnosticCodes.TypeNotAccepted,
                $"{where} is an enum; a fake {kindName} would not be one of its values; use 'hash' (picks a value) or 'fixed'");
            return false;
        }
        return true;
    }

    private static bool ValidateDates(FakerOptions options, string path, DiagnosticBag diagnostics)
    {
        var ok = true;
        if (options.MinAge is < 0 or > FakerOptions.OldestAge)
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'min_age' must be between 0 and {FakerOptions.OldestAge}");
            ok = false;
        }
        if (options.MaxAge < options.MinAge || options.MaxAge > FakerOptions.OldestAge)
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'max_age' must be between 'min_age' ({options.MinAge}) and {FakerOptions.OldestAge}");
            ok = false;
        }
        if (options.AsOf is not { } asOf)
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'as_of' must be a date written yyyy-MM-dd, e.g. {FakerOptions.DefaultAsOf}");
            ok = false;
        }
        else if (asOf.Year - FakerOptions.OldestAge - 1 < 1)
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'as_of' must be in the year {FakerOptions.OldestAge + 2} or later");
            ok = false;
        }
        return ok;
    }

    private static void ValidateUniqueness(
        FakerKind kind, string kindName, FakerLocale? locale, FakerOptions options, FakerTarget target, string where, string path, bool declared, DiagnosticBag diagnostics)
    {
        var subject = declared ? $"{where} is unique" : $"'unique: true' is set on {where}";
        switch (FakerKinds.Uniqueness(kind))
        {
            case FakerUniqueness.None:
                diagnostics.Warning(path, DiagnosticCodes.FakerNotUnique,
                    $"{subject}, but faker kind '{kindName}' has no collision-free form: distinct inputs can get the same fake {kindName} and fail the unique index; use 'hash' for guaranteed distinct values");
                break;
            case FakerUniqueness.Tagged:
                var needed = FullLength(kind, locale, options, unique: true)!.Value;
                if (target.MaxLength is { } max && max < needed)
                {
                    diagnostics.Warning(path, DiagnosticCodes.FakerNotUnique,
                        $"{subject}, but its {max} characters cannot hold the {FakerText.TagLength}-character uniqueness tag of a {kindName} (needs {needed}); cut values may collide");
                }
                break;
            case FakerUniqueness.Permuted:
                if (target.MaxLength is { } room && kind == FakerKind.Ipv4 && room < 15)
                {
                    diagnostics.Warning(path, DiagnosticCodes.FakerNotUnique,
                        $"{subject}, but its {room} characters cannot hold every IPv4 address; cut values may collide");
                }
                break;
        }
    }

    // Characters a complete value needs (null: any length works, values are chosen to fit).
    private static int? FullLength(FakerKind kind, FakerLocale? locale, FakerOptions options, bool unique) => kind switch
    {
        FakerKind.Ssn => 9,
        FakerKind.NationalId => 12,
        FakerKind.CreditCard => FakerCardGenerator.ShortestLength,
        FakerKind.Pan => 10,
        FakerKind.Iban => FakerIbanGenerator.LengthOf(locale!.Name),
        FakerKind.Ipv4 => 7,
        FakerKind.Ipv6 => 39,
        FakerKind.DateOfBirth => 10,
        FakerKind.Phone => FakerPhoneGenerator.FewestDigits(locale!),
        FakerKind.Email or FakerKind.Username or FakerKind.Url => FakerInternetGenerator.MinimumLength(kind, unique, locale!, options.FreeEmailDomains),
        _ => null,
    };

    private static string UnknownLocaleMessage(string requested)
    {
        var hint = NameSuggester.Suggest(requested, FakerLocale.Available) is [var best, ..] ? $"did you mean '{best}'? " : string.Empty;
        return $"unknown locale '{requested}'; {hint}Bogus locales include {string.Join(", ", CommonLocales)} ({FakerLocale.Available.Count} in all: {string.Join(", ", FakerLocale.Available)})";
    }
}
