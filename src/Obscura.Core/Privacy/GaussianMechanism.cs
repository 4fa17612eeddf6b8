using System.Numerics;
using Obscura.Core.Privacy.Internal;

namespace Obscura.Core.Privacy;

/// <summary>
/// The Gaussian mechanism: (ε, δ)-differential privacy for a number (or, per coordinate, a vector) whose L2
/// sensitivity is known, with the smallest σ the exact privacy condition allows — the analytic calibration of Balle and
/// Wang (2018), not the classic √(2 ln(1.25/δ))·Δ/ε bound (which is loose and only holds for ε &lt; 1). Noise is the
/// exact discrete Gaussian on a power-of-two grid (Canonne, Kamath and Steinke 2020), never a floating-point normal variate.
/// </summary>
/// <remarks>
/// <para>Analytic calibration: adding N(0, σ²) to a value of sensitivity Δ is (ε, δ)-DP exactly when
/// Φ(Δ/2σ − εσ/Δ) − e^ε·Φ(−Δ/2σ − εσ/Δ) ≤ δ. The left side falls as σ grows, so bisection finds the smallest σ.</para>
/// <para>Discrete noise: the value is rounded to the grid (2^20 steps below min(Δ, σ)), so Δ becomes D = ⌈Δ/2^k⌉ steps.
/// The discrete Gaussian's privacy curve (their Theorem 7) is the same expression with discrete tails P(Y &gt; x). For
/// x ≥ 0 those are bounded by continuous ones: P(Y &gt; x) ≤ P(Z &gt; x − 1) and P(Y &gt; x) ≥ P(Z &gt; x + 1) (a decreasing density
/// summed against its integral; the normaliser is σ√(2π)·(1 + 2Σⱼe^(−2π²σ²j²)), which at σ ≥ 2^20 steps equals σ√(2π) to
/// far below double precision). Writing that out, the discrete
/// mechanism is (ε, δ)-DP when Φ((D+2)/2σ − εσ/D) − e^ε·Φ(−(D+2)/2σ − εσ/D) ≤ δ, which is what σ in steps is calibrated
/// against: at 2^20 steps per unit the price is a few parts per million of σ.</para>
/// </remarks>
public sealed class GaussianMechanism
{
    private readonly BigInteger _varianceNumerator;  // σ² in steps = _varianceNumerator / 2^(2·SigmaFractionBits)
    private const int SigmaFractionBits = 16;

    /// <summary>Creates the mechanism for one release at (<paramref name="epsilon"/>, <paramref name="delta"/>) of a value with the given L2 sensitivity.</summary>
    public GaussianMechanism(double epsilon, double delta, double sensitivity)
    {
        Check.Epsilon(epsilon);
        Check.Delta(delta);
        Check.Sensitivity(sensitivity);
        Epsilon = epsilon;
        Delta = delta;
        Sensitivity = sensitivity;
        var continuous = Calibrate(epsilon, delta, sensitivity);
        GridExponent = Grid.Exponent(sensitivity, continuous);
        var steps = Grid.StepsUp(sensitivity, GridExponent);
        var d = (double)steps;
        var sigmaSteps = SmallestSigma(epsilon, delta, d, (d + 2) / 2);
        // σ rounded up to a multiple of 2^-16 steps, so σ² is an exact rational.
        var sigmaNumerator = new BigInteger(Math.Ceiling(Math.ScaleB(sigmaSteps, SigmaFractionBits)));
        _varianceNumerator = sigmaNumerator * sigmaNumerator;
        SigmaSteps = Math.ScaleB((double)sigmaNumerator, -SigmaFractionBits);
        Sigma = Math.ScaleB(SigmaSteps, GridExponent);
        Ci95HalfWidth = Math.ScaleB(HalfWidthSteps(0.05) + 0.5, GridExponent);
    }

    /// <summary>The ε of the guarantee.</summary>
    public double Epsilon { get; }

    /// <summary>The δ of the guarantee.</summary>
    public double Delta { get; }

    /// <summary>The L2 sensitivity the noise is calibrated for.</summary>
    public double Sensitivity { get; }

    /// <summary>The standard deviation σ actually applied, in the value's units (a hair above <see cref="Calibrate"/>'s).</summary>
    public double Sigma { get; }

    /// <summary>The grid step: answers are multiples of it.</summary>
    public double Granularity => Math.ScaleB(1.0, GridExponent);

    /// <summary>Half the width of the 95% confidence interval around a released value (≈ 1.96σ, plus a step for the discreteness and half a step for the rounding).</summary>
    public double Ci95HalfWidth { get; }

    internal int GridExponent { get; }

    /// <summary>σ in grid steps.</summary>
    internal double SigmaSteps { get; }

    /// <summary>
    /// The smallest σ for which the Gaussian mechanism N(0, σ²) on a value of sensitivity <paramref name="sensitivity"/> is
    /// (<paramref name="epsilon"/>, <paramref name="delta"/>)-DP: the analytic calibration of Balle and Wang (2018).
    /// </summary>
    /// <example>ε = 1, δ = 10^-5, Δ = 1 gives σ ≈ 3.73 (the classic bound would say 4.84).</example>
    public static double Calibrate(double epsilon, double delta, double sensitivity)
    {
        Check.Epsilon(epsilon);
        Check.Delta(delta);
        Check.Sensitivity(sensitivity);
        return SmallestSigma(epsilon, delta, sensitivity, sensitivity / 2);
    }

    /// <summary>
    /// The δ of N(0, σ²) noise at <paramref name="epsilon"/> for sensitivity <paramref name="sensitivity"/>:
    /// Φ(Δ/2σ − εσ/Δ) − e^ε·Φ(−Δ/2σ − εσ/Δ).
    /// </summary>
    public static double DeltaFor(double epsilon, double sigma, double sensitivity) =>
        PrivacyDelta(epsilon, sigma, sensitivity, sensitivity / 2);

    // The exact condition with the shift term a/σ (a = Δ/2 for continuous noise, (D + 2)/2 for the discrete bound).
    private static double PrivacyDelta(double epsilon, double sigma, double sensitivity, double shift)
    {
        var centre = epsilon * sigma / sensitivity;
        var first = Normal.Cdf(shift / sigma - centre);
        var second = Math.Exp(epsilon + Normal.LogCdf(-shift / sigma - centre));
        return first - second;
    }

    private static double SmallestSigma(double epsilon, double delta, double sensitivity, double shift)
    {
        double lo = 0, hi = sensitivity;
        while (PrivacyDelta(epsilon, hi, sensitivity, shift) > delta)
        {
            lo = hi;
            hi *= 2;
        }
        // hi always satisfies the condition; stop when the bracket is a few ulps wide.
        for (var i = 0; i < 200 && hi - lo > hi * 1e-14; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (PrivacyDelta(epsilon, mid, sensitivity, shift) > delta) lo = mid; else hi = mid;
        }
        return hi;
    }

    /// <summary>Releases <paramref name="value"/> with noise drawn from <paramref name="rng"/>.</summary>
    public NoisyValue Release(double value, IPrivacyRandom rng)
    {
        Check.Finite(value, nameof(value));
        ArgumentNullException.ThrowIfNull(rng);
        var steps = Grid.Round(value, GridExponent) + SampleSteps(rng);
        return NoisyValue.At(Grid.ToValue(steps, GridExponent), Sigma, Ci95HalfWidth, Granularity);
    }

    /// <summary>One draw of the noise in grid steps.</summary>
    internal BigInteger SampleSteps(IPrivacyRandom rng) =>
        ExactSampler.DiscreteGaussian(rng, _varianceNumerator, BigInteger.One << (2 * SigmaFractionBits));

    /// <summary>
    /// An m with P(|Y| &gt; m) ≤ <paramref name="tail"/>: P(Y &gt; m) ≤ P(Z &gt; (m − 1)/σ), so m = 1 + ⌈σ·z⌉ with
    /// P(Z &gt; z) = tail/2.
    /// </summary>
    internal double HalfWidthSteps(double tail) => 1 + Math.Ceiling(SigmaSteps * Normal.UpperQuantile(tail / 2));

    /// <summary>A j with P(Y ≥ j) ≤ <paramref name="tail"/>: P(Y ≥ j) = P(Y &gt; j − 1) ≤ P(Z &gt; (j − 2)/σ).</summary>
    internal double UpperTailSteps(double tail) => 2 + Math.Ceiling(SigmaSteps * Normal.UpperQuantile(tail));
}
