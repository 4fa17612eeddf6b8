using Obscura.Core.Discovery;

namespace Obscura.Core.Strategies.Internal;

/// <summary>The typed arguments of one <c>text_pii</c> use; <see cref="Parse"/> never throws, the strategy validates.</summary>
internal sealed record TextPiiOptions
{
    /// <summary>Default <c>kinds</c>: every kind.</summary>
    public const string DefaultKinds = "email,phone,national_id,pan,ssn,card,iban,ip";
    /// <summary>Default <c>locale</c>.</summary>
    public const string DefaultLocale = "en";
    /// <summary>Default <c>mode</c>.</summary>
    public const string DefaultMode = "fake";

    /// <summary>The kinds to find, or <see cref="PiiKinds.None"/> when <see cref="KindsText"/> does not parse.</summary>
    public PiiKinds Kinds { get; init; }
    /// <summary>The first unknown name of <see cref="KindsText"/> (empty when it names no kind), or null.</summary>
    public string? UnknownKind { get; init; }
    /// <summary><c>kinds</c> as written.</summary>
    public string KindsText { get; init; } = DefaultKinds;
    /// <summary>The Bogus locale name (normalized), or null when <see cref="LocaleName"/> is unknown.</summary>
    public string? Locale { get; init; }
    /// <summary><c>locale</c> as written.</summary>
    public string LocaleName { get; init; } = DefaultLocale;
    /// <summary>The mode, or null when <see cref="ModeText"/> is not one.</summary>
    public TextPiiMode? Mode { get; init; }
    /// <summary><c>mode</c> as written.</summary>
    public string ModeText { get; init; } = DefaultMode;

    /// <summary>Reads the arguments (defaults are already filled in by the config binder; missing ones take the defaults here too).</summary>
    public static TextPiiOptions Parse(StrategyArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var kindsText = arguments.GetString("kinds") ?? DefaultKinds;
        var localeName = arguments.GetString("locale") ?? DefaultLocale;
        var modeText = arguments.GetString("mode") ?? DefaultMode;
        if (!PiiKindNames.TryParse(kindsText, out var kinds, out var unknown)) kinds = PiiKinds.None;
        return new TextPiiOptions
        {
            Kinds = kinds,
            UnknownKind = unknown,
            KindsText = kindsText,
            Locale = FakerLocale.Normalize(localeName),
            LocaleName = localeName,
            Mode = ParseMode(modeText),
            ModeText = modeText,
        };
    }

    /// <summary>The mode named (case-insensitive), or null.</summary>
    public static TextPiiMode? ParseMode(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "fake" => TextPiiMode.Fake,
        "mask" => TextPiiMode.Mask,
        "tag" => TextPiiMode.Tag,
        _ => null,
    };
}
