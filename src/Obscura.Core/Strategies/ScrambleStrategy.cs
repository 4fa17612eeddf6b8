using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>scramble</c>: shuffles the characters of text with a keyed permutation derived from the value, keeping its
/// length and characters; with <c>keep_class</c>, letters and digits shuffle only among themselves and separators stay.
/// Weak on its own (the characters remain): meant for codes and identifiers whose format must survive.
/// </summary>
public sealed class ScrambleStrategy : StrategyDefinition
{
    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClass.Text);

    private static readonly StrategyParameter[] Params =
    [
        new("keep_class", ParameterKind.Boolean, "Shuffle letters only among letter positions and digits among digit positions; other characters stay in place.") { Default = false },
    ];

    /// <inheritdoc />
    public override string Name => "scramble";
    /// <inheritdoc />
    public override string Description => "Shuffles the characters of text with a keyed permutation of the value, keeping length and characters (optionally each class in place).";
    /// <inheritdoc />
    public override string Example => "{ strategy: scramble, keep_class: true }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool NeedsSecret => true;

    /// <inheritdoc />
    public override bool RetriesOnCollision(StrategyBinding binding) => true;

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (binding.Column.EnumValues is { Count: > 0 })
            diagnostics.Error(path, DiagnosticCodes.TypeNotAccepted,
                $"{binding.Table}.{binding.Column.Name} is an enum; scrambled text would not be one of its values; use 'hash' or 'fixed'");
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var secret = binding.Secret ?? throw new InvalidOperationException(
            $"strategy 'scramble' on {binding.Table}.{binding.Column.Name} needs the run secret: set OBSCURA_SECRET or pass --secret-file");
        var (prf, _) = RowKeys.Derive(secret, Name, binding.Arguments);
        return new ScrambleTransformer(prf, binding.Arguments.GetBoolean("keep_class"));
    }
}
