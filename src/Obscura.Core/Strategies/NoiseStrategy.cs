using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;

namespace Obscura.Core.Strategies;

/// <summary>
/// <c>noise</c>: adds Laplace or Gaussian noise to numbers, drawn deterministically from a keyed PRF of the value (and
/// optionally of an entity column), then rounds and clamps so the result fits the column. The scale is given directly
/// or calibrated from epsilon (and delta) and sensitivity.
/// </summary>
/// <remarks>
/// Calibration: Laplace b = sensitivity / epsilon; Gaussian sigma = sqrt(2 ln(1.25 / delta)) * sensitivity / epsilon
/// (the classic Gaussian mechanism, valid for epsilon &lt; 1). Equal inputs always get equal noise, so repeating a
/// value does not let anyone average the noise away; but this is per-value perturbation, not a differential-privacy
/// guarantee for a whole table.
/// </remarks>
public sealed class NoiseStrategy : StrategyDefinition
{
    private static readonly IReadOnlySet<TypeClass> Types = TypeClassNames.Set(TypeClass.Integer, TypeClass.Decimal, TypeClass.Float);

    private static readonly StrategyParameter[] Params =
    [
        new("distribution", ParameterKind.Choice, "Noise distribution: laplace or gaussian.") { Default = "laplace", Choices = ["laplace", "gaussian"] },
        new("scale", ParameterKind.Number, "Laplace scale b, or Gaussian standard deviation sigma, in the column's units. Give this or 'epsilon'."),
        new("epsilon", ParameterKind.Number, "Privacy parameter: Laplace b = sensitivity / epsilon; Gaussian sigma = sqrt(2 ln(1.25 / delta)) * sensitivity / epsilon (needs 0 < epsilon < 1 and 'delta')."),
        new("sensitivity", ParameterKind.Number, "How much one individual can change the value (used with 'epsilon').") { Default = 1.0 },
        new("delta", ParameterKind.Number, "Gaussian with 'epsilon' only: the failure probability, between 0 and 1 (e.g. 1e-5)."),
        new("min", ParameterKind.Number, "Smallest result (results below become this)."),
        new("max", ParameterKind.Number, "Largest result (results above become this)."),
        new("round", ParameterKind.Integer,
            "Decimal places of the result (negative: round to tens, hundreds...). Default: the column's scale for decimals, whole numbers for integers, unrounded for floats."),
        new("entity", ParameterKind.String, "A column of the same row whose original value also keys the noise (equal values of different entities get different noise)."),
    ];

    /// <inheritdoc />
    public override string Name => "noise";
    /// <inheritdoc />
    public override string Description => "Adds deterministic keyed Laplace or Gaussian noise to numbers, then rounds and clamps to the column's range.";
    /// <inheritdoc />
    public override string Example => "{ strategy: noise, distribution: laplace, scale: 5, min: 0, max: 120 }";
    /// <inheritdoc />
    public override IReadOnlyList<StrategyParameter> Parameters => Params;
    /// <inheritdoc />
    public override IReadOnlySet<TypeClass> AcceptedTypes => Types;
    /// <inheritdoc />
    public override bool NeedsSecret => true;

    /// <inheritdoc />
    /// <remarks>A colliding result moves to the neighbouring value of the column's scale.</remarks>
    public override bool RetriesOnCollision(StrategyBinding binding) => binding is not null && CollisionNudge.Supports(binding.Column.TypeClass);

    /// <inheritdoc />
    public override void Validate(StrategyBinding binding, string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var args = binding.Arguments;
        var gaussian = args.GetString("distribution") == "gaussian";
        var hasScale = args.Has("scale");
        var hasEpsilon = args.Has("epsilon");
        if (hasScale == hasEpsilon)
        {
            diagnostics.Error(path, hasScale ? DiagnosticCodes.InvalidParameter : DiagnosticCodes.MissingParameter,
                hasScale ? "give either 'scale' or 'epsilon', not both" : "strategy 'noise' needs 'scale' (the noise size in the column's units) or 'epsilon' (with 'sensitivity')");
        }
        if (hasScale && !(args.GetDouble("scale") > 0)) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'scale' must be greater than 0");
        if (hasEpsilon)
        {
            var epsilon = args.GetDouble("epsilon");
            if (!(epsilon > 0)) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'epsilon' must be greater than 0");
            else if (gaussian && epsilon >= 1)
                diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "the Gaussian calibration from 'epsilon' holds only for epsilon < 1; lower it, or give the standard deviation as 'scale'");
            if (!(args.GetDouble("sensitivity", 1) > 0)) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'sensitivity' must be greater than 0");
            if (gaussian && !args.Has("delta"))
                diagnostics.Error(path, DiagnosticCodes.MissingParameter, "Gaussian noise calibrated from 'epsilon' needs 'delta' (e.g. 1e-5)");
        }
        if (args.Has("delta"))
        {
            var delta = args.GetDouble("delta");
            if (!gaussian || !hasEpsilon) diagnostics.Error(path, DiagnosticCodes.InvalidParameter, "'delta' is used only by the gaussian distribution calibrated from 'epsilon'");
            else if (!(delta > 0 && delta < 1)) diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'delta' must be between 0 and 1 (exclusive)");
        }
        if (args.Has("min") && args.Has("max") && args.GetDouble("min") > args.GetDouble("max"))
            diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, "'min' must not be greater than 'max'");
        if (args.Has("round"))
        {
            var round = args.GetInt64("round");
            var column = binding.Column;
            var (low, high) = column.TypeClass switch
            {
                TypeClass.Integer => (-18L, 0L),
                TypeClass.Decimal => (-28L, 28L),
                _ => (-300L, 15L),
            };
            if (round < low || round > high)
                diagnostics.Error(path, DiagnosticCodes.ParameterOutOfRange, $"'round' must be between {low} and {high} for a {TypeClassNames.Of(column.TypeClass)} column");
        }
        if (args.GetString("entity") is { } entity && RowColumnLookup.Find(binding.RowColumns, entity) is null)
            diagnostics.Error(path, DiagnosticCodes.UnknownColumn, $"'entity': {RowColumnLookup.Missing(binding, entity)}");
    }

    /// <inheritdoc />
    public override IColumnTransformer Create(StrategyBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var secret = binding.Secret ?? throw new InvalidOperationException(
            $"strategy 'noise' on {binding.Table}.{binding.Column.Name} needs the run secret: set OBSCURA_SECRET or pass --secret-file");
        var args = binding.Arguments;
        var distribution = args.GetString("distribution") == "gaussian" ? NoiseDistribution.Gaussian : NoiseDistribution.Laplace;
        var scale = EffectiveScale(args, distribution);
        if (!(scale > 0) || !double.IsFinite(scale))
            throw new InvalidOperationException($"strategy 'noise' on {binding.Table}.{binding.Column.Name} has no valid scale (validate the binding first)");
        // Only what shapes the noise keys it; clamping, rounding and the entity column's name do not.
        var (prf, _) = RowKeys.Derive(secret, Name, args, "min", "max", "round", "entity");
        return new NoiseTransformer(prf, distribution, scale, binding.Column,
            args.Has("min") ? args.GetDouble("min") : null,
            args.Has("max") ? args.GetDouble("max") : null,
            args.Has("round") ? (int)Math.Clamp(args.GetInt64("round"), -300, 300) : null,
            args.GetString("entity"));
    }

    /// <summary>The Laplace scale b or Gaussian sigma the arguments select.</summary>
    internal static double EffectiveScale(StrategyArguments args, NoiseDistribution distribution)
    {
        if (args.Has("scale")) return args.GetDouble("scale");
        var epsilon = args.GetDouble("epsilon");
        var sensitivity = args.GetDouble("sensitivity", 1);
        return distribution == NoiseDistribution.Laplace
            ? sensitivity / epsilon
            : NoiseMath.GaussianSigma(epsilon, args.GetDouble("delta"), sensitivity);
    }
}
