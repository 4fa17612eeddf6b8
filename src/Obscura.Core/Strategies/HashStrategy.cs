using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>hash</c>: replaces each value with a keyed pseudonym of the same type that always fits the column. Keys are
/// derived from the run secret and the arguments only (never the table or column), so the same input gives the same
/// output in every table and database. Exactly injective for integers, UUIDs and decimals of at most 18 digits
/// (keyed permutations), with a 128-bit keyed hash behind text and bytes.
/// </summary>
public sealed class HashStrategy : StrategyDefinition
{
    /// <summary>Default output length of text and binary values.</summary>
    public const int DefaultLength = 16;

    private const int MaxBinaryLength = 16;

    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(
        TypeClass.Text, TypeClass.Integer, TypeClass.Decimal, TypeClass.Float, TypeClass.Boolean, TypeClass.Date,
        TypeClass.DateTime, TypeClass.DateTimeOffset, TypeClass.Time, TypeClass.Uuid, TypeClass.Json, TypeClass.Binary);

    private static readonly StrategyParameter[] Params =
    [
        new("length", ParameterKind.Integer,
            "Output length: characters for text and JSON (at most 32 hex, 24 base32, 20 base62), bytes for binary (at most 16); always cut to the column's maximum length.")
        { Default = (long)DefaultLength },
        new("alphabet", ParameterKind.Choice,
            "Characters of text output: base32 (a-z2-7, safe under case-insensitive collations), hex (0-9a-f) or base62 (0-9A-Za-z, case-sensitive).")
        {
            Default = "base32",
            Choices = ["base32", "hex", "base62"],
        },
    ];

    /// <inheritdoc />
    public override string Name => "hash";
    /// <inheritdoc />
    public override string Description => "Replaces each value with a keyed pseudonym of the same type that fits the column; equal inputs give equal outputs everywhere.";
    /// <inheritdoc />
    public override string Example => "{ strategy: hash }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool NeedsSecret => true;
    /// <inheritdoc />
    public override bool IsInjective => true;

    /// <inheritdoc />
    /// <remarks>
    /// Integers, UUIDs and decimals of at most 18 digits are permuted. Text and binary outputs of 64 bits or more count
    /// as collision-free (a 64-bit hash collides once in about 10^12 pairs; base62 is counted as case-folded, since
    /// MariaDB compares case-insensitively); shorter ones are guarded by the engine.
    /// </remarks>
    public override bool IsInjectiveFor(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var column = binding.Column;
        var length = (int)Math.Clamp(binding.Arguments.GetInt64("length", DefaultLength), 1, 64);
        switch (column.TypeClass)
        {
            case TypeClass.Integer or TypeClass.Uuid:
                return true;
            case TypeClass.Decimal:
                return column.Precision is <= 18;
            case TypeClass.Binary:
                return BinaryLength(column, Math.Min(length, MaxBinaryLength)) >= 8;
            case TypeClass.Text or TypeClass.Json when column.EnumValues is not { Count: > 0 }:
                var alphabet = HashText.Parse(binding.Arguments.GetString("alphabet"));
                var chars = column.TypeClass == TypeClass.Json ? JsonLength(column, Math.Min(length, HashText.MaxLength(alphabet))) : TextLength(column, Math.Min(length, HashText.MaxLength(alphabet)));
                var bits = alphabet == HashAlphabet.Base62 ? (int)(chars * 5.16) : HashText.Bits(alphabet, chars);
                return bits >= 64;
            default:
                return false;
        }
    }

    /// <inheritdoc />
    /// <remarks>Text re-hashes with the attempt as salt; dates, times and numbers move to a neighbouring value; enums and booleans cannot.</remarks>
    public override bool RetriesOnCollision(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var column = binding.Column;
        return column.TypeClass is TypeClass.Text or TypeClass.Json ? column.EnumValues is not { Count: > 0 } : CollisionNudge.Supports(column.TypeClass);
    }

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var column = binding.Column;
        var alphabet = HashText.Parse(binding.Arguments.GetString("alphabet"));
        var length = binding.Arguments.GetInt64("length", DefaultLength);
        var where = $"{binding.Table}.{column.Name}";

        var isText = column.TypeClass is TypeClass.Text or TypeClass.Json && column.EnumValues is not { Count: > 0 };
        if (isText && (length < 1 || length > HashText.MaxLength(alphabet)))
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange,
                $"'length' must be between 1 and {HashText.MaxLength(alphabet)} for the {binding.Arguments.GetString("alphabet") ?? "base32"} alphabet");
            return;
        }
        if (column.TypeClass == TypeClass.Binary && (length < 1 || length > MaxBinaryLength))
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'length' must be between 1 and {MaxBinaryLength} bytes for a binary column");
            return;
        }
        if (column.TypeClass == TypeClass.Json && column.MaxLength is < 3)
        {
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"{where} is too short to hold a JSON string");
            return;
        }
        // Other unique columns are fingerprinted by the engine and re-hashed on a collision; keys must not change
        // after the fact (their references follow the pure function), so only there a short hash is worth a warning.
        if (!binding.IsKey) return;

        if (isText)
        {
            var bits = HashText.Bits(alphabet, TextLength(column, (int)length));
            if (bits < 64)
            {
                diagnostics.Warning(path, DiagnosticCodes.ShortHashOnUnique,
                    $"{where} is unique but its hash carries only {bits} bits at {TextLength(column, (int)length)} characters; collisions may fail the unique index (use a longer column, a larger 'length' or alphabet: base62)");
            }
            return;
        }
        if (column.TypeClass == TypeClass.Binary)
        {
            var bytes = BinaryLength(column, (int)length);
            if (bytes < 8)
            {
                diagnostics.Warning(path, DiagnosticCodes.ShortHashOnUnique,
                    $"{where} is unique but its hash carries only {bytes * 8} bits; collisions may fail the unique index");
            }
            return;
        }
        var exact = column.TypeClass switch
        {
            TypeClass.Integer or TypeClass.Uuid => true,
            TypeClass.Decimal => column.Precision is <= 18,
            _ => false,
        };
        if (!exact)
        {
            var reason = column.TypeClass switch
            {
                TypeClass.Decimal => "values of more than 18 digits are hashed, not permuted",
                TypeClass.Text => "enum values are picked from a short list",
                _ => $"{TypeClassNames.Of(column.TypeClass)} values are hashed into a limited range",
            };
            diagnostics.Warning(path, DiagnosticCodes.HashNotInjective,
                $"{where} is unique but hashing cannot guarantee distinct outputs here ({reason}); duplicates may fail the unique index");
        }
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var secret = binding.Secret ?? throw new InvalidOperationException(
            $"strategy 'hash' on {binding.Table}.{binding.Column.Name} needs the run secret: set OBSCURA_SECRET or pass --secret-file");
        var keys = HashKeys.Derive(secret, binding.Arguments);
        var column = binding.Column;
        var length = (int)Math.Clamp(binding.Arguments.GetInt64("length", DefaultLength), 1, 64);
        var alphabet = HashText.Parse(binding.Arguments.GetString("alphabet"));
        return column.TypeClass switch
        {
            TypeClass.Text when column.EnumValues is { Count: > 0 } values => new EnumHashTransformer(keys, values),
            TypeClass.Text => new TextHashTransformer(keys, alphabet, TextLength(column, Math.Min(length, HashText.MaxLength(alphabet))), json: false),
            TypeClass.Json => new TextHashTransformer(keys, alphabet, JsonLength(column, Math.Min(length, HashText.MaxLength(alphabet))), json: true),
            TypeClass.Integer => new IntegerHashTransformer(keys, column),
            TypeClass.Decimal => new DecimalHashTransformer(keys, column),
            TypeClass.Uuid => new UuidHashTransformer(keys),
            TypeClass.Binary => new BinaryHashTransformer(keys, BinaryLength(column, Math.Min(length, MaxBinaryLength))),
            TypeClass.Float or TypeClass.Boolean or TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset or TypeClass.Time =>
                new ScalarHashTransformer(keys, column),
            _ => throw new InvalidOperationException($"strategy 'hash' cannot produce values for {binding.Table}.{column.Name} ({TypeClassNames.Of(column.TypeClass)})"),
        };
    }

    private static int TextLength(Column column, int length) => Math.Max(1, column.MaxLength is { } max ? Math.Min(length, max) : length);

    private static int JsonLength(Column column, int length) => Math.Max(1, column.MaxLength is { } max ? Math.Min(length, max - 2) : length);

    private static int BinaryLength(Column column, int length) => Math.Max(1, column.MaxLength is { } max ? Math.Min(length, max) : length);
}
