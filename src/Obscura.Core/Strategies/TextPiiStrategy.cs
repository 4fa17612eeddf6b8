using Obscura.Core.Diagnostics;
using Obscura.Core.Discovery;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>text_pii</c>: scrubs free text. Finds emails, phone numbers, national identifiers (India's Aadhaar and PAN, US
/// SSNs), payment card numbers, IBANs and IPv4/IPv6 addresses with one pass of a <see cref="PiiScanner"/> (candidates are
/// kept only when their checksum or issuance rules hold) and replaces each with a consistent fake of the same kind and
/// format, a same-length mask or a tag, leaving the rest of the text exactly as it was. Fakes come from the
/// <c>faker</c> strategy's generators and keys, so an item gets the same fake in every text, table and run that shares
/// the secret (and the same fake <c>faker</c> gives it in a column on its collision-free form; emails: its default form).
/// </summary>
public sealed class TextPiiStrategy : StrategyDefinition
{
    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClass.Text, TypeClass.Json);

    private static readonly StrategyParameter[] Params =
    [
        new("kinds", ParameterKind.String,
            "Comma list of what to find: email, phone, national_id (Aadhaar), pan, ssn, card, iban, ip (or ipv4 / ipv6 alone).")
        { Default = TextPiiOptions.DefaultKinds },
        new("locale", ParameterKind.String,
            "Bogus locale of the fake emails and of the faker keys, e.g. en, en_IND, de; part of the key, so other locales give other fakes.")
        { Default = TextPiiOptions.DefaultLocale },
        new("mode", ParameterKind.Choice,
            "What replaces each item: fake (consistent fake of the same kind and format), mask ('*' for letters and digits, separators kept) or tag ([EMAIL], [PHONE], ...).")
        {
            Default = TextPiiOptions.DefaultMode,
            Choices = ["fake", "mask", "tag"],
        },
    ];

    /// <inheritdoc />
    public override string Name => "text_pii";
    /// <inheritdoc />
    public override string Description =>
        "Finds emails, phone numbers, Aadhaar/PAN/SSN numbers, card numbers, IBANs and IP addresses in free text and replaces each with a consistent fake of the same kind and format (or a mask or tag), keeping the rest of the text.";
    /// <inheritdoc />
    public override string Example => "{ strategy: text_pii, kinds: \"email,phone,card\" }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool NeedsSecret => true;

    /// <inheritdoc />
    public override bool NeedsSecretFor(StrategyArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return TextPiiOptions.ParseMode(arguments.GetString("mode") ?? TextPiiOptions.DefaultMode) is not (TextPiiMode.Mask or TextPiiMode.Tag);
    }

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var options = TextPiiOptions.Parse(binding.Arguments);
        var column = binding.Column;
        if (options.UnknownKind is { } unknown)
        {
            var problem = unknown.Length == 0 ? "names no kind" : $"has the unknown kind '{unknown}'";
            diagnostics.Error(path, DiagnosticCodes.InvalidParameter,
                $"'kinds' {problem}; use a comma list of: {string.Join(", ", PiiKindNames.Names)}");
        }
        if (options.Mode is null)
            diagnostics.Error(path, DiagnosticCodes.InvalidParameter, $"'mode' must be one of: fake, mask, tag (not '{options.ModeText}')");
        if (options.Locale is null)
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"unknown locale '{options.LocaleName}'; Bogus locales include en, en_US, en_GB, en_IND, de, fr, es, it, nl, pt_BR");
        if (column.EnumValues is { Count: > 0 })
            diagnostics.Error(path, DiagnosticCodes.TypeNotAccepted,
                $"{binding.Table}.{column.Name} is an enum; scrubbed text would not be one of its values; use 'hash' or 'fixed'");
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var where = $"{binding.Table}.{binding.Column.Name}";
        var options = TextPiiOptions.Parse(binding.Arguments);
        if (options.Kinds == PiiKinds.None) throw Invalid(where, $"'kinds' is not a list of kinds: '{options.KindsText}'");
        var mode = options.Mode ?? throw Invalid(where, $"unknown mode '{options.ModeText}'");
        TextPiiFaker? faker = null;
        if (mode == TextPiiMode.Fake)
        {
            var secret = binding.Secret ?? throw new InvalidOperationException(
                $"strategy 'text_pii' on {where} needs the run secret: set OBSCURA_SECRET or pass --secret-file (or use mode: mask or tag)");
            var locale = options.Locale ?? throw Invalid(where, $"unknown locale '{options.LocaleName}'");
            faker = new TextPiiFaker(secret, locale, options.Kinds);
        }
        var column = binding.Column;
        return new TextPiiTransformer(new PiiScanner(options.Kinds), mode, faker, column.MaxLength, column.TypeClass == TypeClass.Json);
    }

    private static InvalidOperationException Invalid(string where, string problem) =>
        new($"strategy 'text_pii' on {where}: {problem} (the config was not validated)");
}
