using System.Numerics;
using Obscura.Core.Privacy.Internal;

namespace Obscura.Core.Privacy;

/// <summary>
/// The Laplace mechanism: ε-differential privacy for a number whose sensitivity (the most one privacy unit can move it) is
/// known. Noise of scale b = sensitivity / ε is added — sampled as the exact discrete Laplace distribution on a
/// power-of-two grid (Canonne, Kamath and Steinke 2020), never as a floating-point Laplace variate: the textbook
/// "u → b·ln(…)" sampler leaks the input through the floating-point values it can and cannot produce (Mironov 2012).
/// </summary>
/// <remarks>
/// The value is rounded to the grid (step 2^k with 2^20 steps below min(sensitivity, b)), an exact integer number of
/// steps of discrete Laplace noise with scale ⌈sensitivity / 2^k⌉ / ε' is added (ε' is ε rounded down to 31 significant
/// bits), and the sum is read back as a number. The rounding can only widen the sensitivity to whole steps, which the
/// noise already covers; the final conversion is post-processing. So the release is exactly ε'-DP with ε' ≤ ε.
/// </remarks>
public sealed class LaplaceMechanism
{
    private readonly BigInteger _scaleNumerator;   // scale in steps = _scaleNumerator / _scaleDenominator
    private readonly BigInteger _scaleDenominator;

    /// <summary>Creates the mechanism for one release at <paramref name="epsilon"/> of a value with the given sensitivity.</summary>
    public LaplaceMechanism(double epsilon, double sensitivity)
    {
        Check.Epsilon(epsilon);
        Check.Sensitivity(sensitivity);
        Epsilon = epsilon;
        Sensitivity = sensitivity;
        GridExponent = Grid.Exponent(sensitivity, sensitivity / epsilon);
        SensitivitySteps = Grid.StepsUp(sensitivity, GridExponent);
        var (epsilonNumerator, shift) = Grid.EpsilonRational(epsilon);
        // scale = Δ_steps / (ε_num / 2^shift) = Δ_steps · 2^shift / ε_num
        var numerator = shift >= 0 ? SensitivitySteps << shift : SensitivitySteps;
        if (shift < 0) epsilonNumerator <<= -shift;
        var gcd = BigInteger.GreatestCommonDivisor(numerator, epsilonNumerator);
        _scaleNumerator = numerator / gcd;
        _scaleDenominator = epsilonNumerator / gcd;
        ScaleSteps = (double)_scaleNumerator / (double)_scaleDenominator;
        Scale = Math.ScaleB(ScaleSteps, GridExponent);
        Ci95HalfWidth = Math.ScaleB(HalfWidthSteps(0.05) + 0.5, GridExponent);
    }

    /// <summary>The ε asked for (the ε spent is this rounded down to 31 significant bits: at most 2^-30 less).</summary>
    public double Epsilon { get; }

    /// <summary>The sensitivity the noise is calibrated for.</summary>
    public double Sensitivity { get; }

    /// <summary>The Laplace scale b actually applied, in the value's units (≥ sensitivity / ε).</summary>
    public double Scale { get; }

    /// <summary>The grid step: answers are multiples of it.</summary>
    public double Granularity => Math.ScaleB(1.0, GridExponent);

    /// <summary>Half the width of the 95% confidence interval around a released value (≈ b·ln 20, plus half a grid step for the rounding).</summary>
    public double Ci95HalfWidth { get; }

    internal int GridExponent { get; }

    internal BigInteger SensitivitySteps { get; }

    /// <summary>The scale in grid steps.</summary>
    internal double ScaleSteps { get; }

    /// <summary>Releases <paramref name="value"/> with noise drawn from <paramref name="rng"/>.</summary>
    public NoisyValue Release(double value, IPrivacyRandom rng)
    {
        Check.Finite(value, nameof(value));
        ArgumentNullException.ThrowIfNull(rng);
        var steps = Grid.Round(value, GridExponent) + SampleSteps(rng);
        return NoisyValue.At(Grid.ToValue(steps, GridExponent), Scale, Ci95HalfWidth, Granularity);
    }

    /// <summary>One draw of the noise in grid steps.</summary>
    internal BigInteger SampleSteps(IPrivacyRandom rng) => ExactSampler.DiscreteLaplace(rng, _scaleDenominator, _scaleNumerator);

    /// <summary>
    /// The smallest m with P(|X| &gt; m) ≤ <paramref name="tail"/> for the discrete Laplace X used here:
    /// P(|X| ≥ j) = 2q^j / (1 + q) with q = e^(−1/scale), so m = ⌈ln(tail·(1 + q)/2) / ln q⌉ − 1 (one more for safety
    /// against rounding in the logarithms).
    /// </summary>
    internal double HalfWidthSteps(double tail)
    {
        var logQ = -1 / ScaleSteps;
        var q = Math.Exp(logQ);
        return Math.Max(0, Math.Ceiling(Math.Log(tail * (1 + q) / 2) / logQ));
    }

    /// <summary>P(X ≥ j) = q^j / (1 + q) for j ≥ 1: the smallest j with this at most <paramref name="tail"/>, plus one for safety.</summary>
    internal double UpperTailSteps(double tail)
    {
        var logQ = -1 / ScaleSteps;
        var q = Math.Exp(logQ);
        return Math.Max(1, Math.Ceiling(Math.Log(tail * (1 + q)) / logQ) + 1);
    }
}
