using System.Globalization;

namespace Obscura.Core.Strategies.Internal;

/// <summary>The typed arguments of one <c>faker</c> use; <see cref="Parse"/> never throws, FakerStrategy validates.</summary>
internal sealed record FakerOptions
{
    /// <summary>Default <c>min_age</c>.</summary>
    public const int DefaultMinAge = 18;
    /// <summary>Default <c>max_age</c>.</summary>
    public const int DefaultMaxAge = 90;
    /// <summary>Default <c>as_of</c>.</summary>
    public const string DefaultAsOf = "2025-01-01";
    /// <summary>Default <c>locale</c>.</summary>
    public const string DefaultLocale = "en";
    /// <summary>The oldest age <c>max_age</c> accepts.</summary>
    public const int OldestAge = 150;

    /// <summary>The kind, or null when <see cref="KindName"/> is not one.</summary>
    public FakerKind? Kind { get; init; }
    /// <summary>The kind as written.</summary>
    public string? KindName { get; init; }
    /// <summary>The Bogus locale name (normalized), or null when <see cref="LocaleName"/> is unknown.</summary>
    public string? Locale { get; init; }
    /// <summary>The locale as written.</summary>
    public string LocaleName { get; init; } = DefaultLocale;
    /// <summary>True when the collision-free form is forced by the <c>unique</c> parameter.</summary>
    public bool ForceUnique { get; init; }
    /// <summary>True for the locale's free-mail domains, false for the reserved example.com/.net/.org.</summary>
    public bool FreeEmailDomains { get; init; }
    /// <summary>Youngest age of <c>date_of_birth</c>.</summary>
    public long MinAge { get; init; } = DefaultMinAge;
    /// <summary>Oldest age of <c>date_of_birth</c>.</summary>
    public long MaxAge { get; init; } = DefaultMaxAge;
    /// <summary>The date ages are counted at, or null when <see cref="AsOfText"/> is not a date.</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary><c>as_of</c> as written.</summary>
    public string AsOfText { get; init; } = DefaultAsOf;

    /// <summary>Reads the arguments (defaults are already filled in by the config binder).</summary>
    public static FakerOptions Parse(StrategyArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var kindName = arguments.GetString("kind");
        var localeName = arguments.GetString("locale") ?? DefaultLocale;
        var asOfText = arguments.GetString("as_of") ?? DefaultAsOf;
        return new FakerOptions
        {
            Kind = FakerKinds.TryParse(kindName, out var kind) ? kind : null,
            KindName = kindName,
            Locale = FakerLocale.Normalize(localeName),
            LocaleName = localeName,
            ForceUnique = arguments.GetBoolean("unique"),
            FreeEmailDomains = arguments.GetString("email_domains") == "free",
            MinAge = arguments.GetInt64("min_age", DefaultMinAge),
            MaxAge = arguments.GetInt64("max_age", DefaultMaxAge),
            AsOf = DateOnly.TryParseExact(asOfText.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf) ? asOf : null,
            AsOfText = asOfText,
        };
    }
}
