using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>fpe</c>: format-preserving encryption with NIST SP 800-38G FF1 or FF3-1 over AES. Text keeps its length and
/// every character outside the alphabet in place (dashes, spaces, '+'); integers keep their sign and digit count and
/// stay inside the column's type. A keyed bijection, so keys stay keys, and reversible with the key
/// (<see cref="CreateInverse"/>). The key is given (<c>key</c>, hex) or derived from the run secret and the
/// arguments only (never the table or column), so equal inputs give equal outputs in every table and database.
/// Domains smaller than 1,000,000 values are refused unless <c>allow_small_domain</c> is set.
/// </summary>
public sealed class FpeStrategy : StrategyDefinition
{
    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClass.Text, TypeClass.Integer);

    private static readonly StrategyParameter[] Params =
    [
        new("algorithm", ParameterKind.Choice, "NIST SP 800-38G mode: ff1 (any length up to 4096 alphabet characters, any tweak) or ff3-1 (56-bit tweak, at most 2·⌊log_radix(2^96)⌋ characters, 56 digits).")
        {
            Default = FpeSettings.Ff1,
            Choices = [FpeSettings.Ff1, FpeSettings.Ff31],
        },
        new("alphabet", ParameterKind.String,
            "Characters that are encrypted, in numeral order: digits, lower, upper, alnum (0-9a-zA-Z), alnum_lower (0-9a-z), hex (0-9a-f), or the characters themselves (e.g. 0123456789ABCDEF). Other characters stay in place. Integer columns always use digits.")
        { Default = "digits" },
        new("key", ParameterKind.String, "AES key in hex (16, 24 or 32 bytes). Omit it to derive the key from the run secret; give it to interoperate with other FF1/FF3-1 implementations or to decrypt elsewhere."),
        new("tweak", ParameterKind.String, "Tweak in hex. ff1: 0 to 256 bytes, empty by default. ff3-1: exactly 7 bytes, derived from the run secret by default (required with an explicit key)."),
        new("key_bits", ParameterKind.Integer, "Size of the derived AES key: 128, 192 or 256 (ignored when key is given).") { Default = (long)FpeSettings.DefaultKeyBits },
        new("allow_small_domain", ParameterKind.Boolean,
            "Accept values with fewer than 1,000,000 possible values (e.g. fewer than 6 digits), which NIST refuses because so small a permutation can be undone by brute force or frequency analysis.")
        { Default = false },
    ];

    /// <inheritdoc />
    public override string Name => "fpe";
    /// <inheritdoc />
    public override string Description => "Format-preserving encryption (NIST FF1 or FF3-1 over AES): same length, same separators, same alphabet; reversible with the key.";
    /// <inheritdoc />
    public override string Example => "{ strategy: fpe, alphabet: digits }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <summary>
    /// True: every use without an explicit <c>key</c> derives its key from the run secret. A use with a <c>key</c> does
    /// not need it (see <see cref="UsesRunSecret"/>), but this flag cannot vary per use.
    /// </summary>
    public override bool NeedsSecret => true;
    /// <inheritdoc />
    public override bool IsInjective => true;

    /// <inheritdoc />
    public override bool NeedsSecretFor(StrategyArguments arguments) => UsesRunSecret(arguments);

    /// <summary>True when these arguments derive the key (or the FF3-1 tweak) from the run secret, i.e. no explicit <c>key</c>.</summary>
    public static bool UsesRunSecret(StrategyArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return !arguments.Has("key");
    }

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var column = binding.Column;
        var problems = new List<string>();
        var settings = FpeSettings.Read(binding.Arguments, column.TypeClass, problems);
        foreach (var problem in problems) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, problem);
        var where = $"{binding.Table}.{column.Name}";
        if (column.TypeClass == TypeClass.Text && column.EnumValues is { Count: > 0 })
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange,
                $"{where} is an enum; encrypted text would not be one of its values; use 'hash' (picks a value)");
            return;
        }
        if (settings is null || settings.AllowSmallDomain) return;

        var radix = settings.Alphabet.Radix;
        // Refuse at bind time only where the column's type makes every value too small; otherwise values are checked one by one.
        var most = column.TypeClass == TypeClass.Integer ? MaxDigits(column) : column.MaxLength;
        if (most is { } length && !FpeCipher.IsDomainLargeEnough(radix, length))
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange,
                $"{where} holds at most {length} character{(length == 1 ? "" : "s")} of the {radix}-character alphabet, a domain of at most " +
                $"{FpeSettings.DomainSize(radix, length)} values, below the {FpeCipher.MinimumDomainSize:N0} NIST SP 800-38G requires; " +
                "format-preserving encryption of so few values can be undone by brute force or frequency analysis. " +
                "Use 'hash', a larger alphabet, or set allow_small_domain: true to accept the risk");
        }
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding) => Bind(binding, decrypt: false);

    /// <summary>
    /// The inverse of <see cref="Create"/> for the same binding (same arguments and run secret): maps every output of
    /// <c>fpe</c> back to its original. For tests and detokenizing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The arguments are invalid or the run secret is missing.</exception>
    public static IColumnTransformer CreateInverse(StrategyBinding binding) => Bind(binding, decrypt: true);

    private static FpeTransformer Bind(StrategyBinding binding, bool decrypt)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var where = $"{binding.Table}.{binding.Column.Name}";
        var problems = new List<string>();
        var settings = FpeSettings.Read(binding.Arguments, binding.Column.TypeClass, problems)
            ?? throw new InvalidOperationException($"strategy 'fpe' on {where}: {string.Join("; ", problems)}");

        byte[] key;
        byte[]? tweak = settings.Tweak;
        if (settings.Key is { } explicitKey)
        {
            key = (byte[])explicitKey.Clone();
        }
        else
        {
            var secret = binding.Secret ?? throw new InvalidOperationException(
                $"strategy 'fpe' on {where} needs the run secret to derive its key: set OBSCURA_SECRET or pass --secret-file (or give an explicit 'key')");
            var label = settings.Label();
            key = secret.DeriveKey(label, settings.KeyBits / 8);
            if (settings.Algorithm == FpeSettings.Ff31 && tweak is null) tweak = secret.DeriveKey("tweak/" + label, Ff31.TweakLength);
        }
        try
        {
            var radix = settings.Alphabet.Radix;
            FpeCipher cipher = settings.Algorithm == FpeSettings.Ff31
                ? new Ff31(key, radix, tweak, settings.AllowSmallDomain)
                : new Ff1(key, radix, tweak ?? [], settings.AllowSmallDomain);
            return new FpeTransformer(cipher, settings.Alphabet, binding, decrypt);
        }
        finally
        {
            Array.Clear(key);
        }
    }

    // Digits of the largest magnitude the integer type holds (e.g. 3 for an 8-bit integer).
    private static int MaxDigits(Column column)
    {
        var (min, max) = ColumnFit.IntegerRange(column);
        var magnitude = Math.Max((ulong)max, min < 0 ? (ulong)(-(min + 1)) + 1 : 0);
        return magnitude.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
    }
}
