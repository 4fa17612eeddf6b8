using System.Numerics;

namespace Obscura.Core.Privacy.Internal;

/// <summary>
/// Exact samplers of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy" (2020): every
/// probability is a ratio of integers and every draw an integer, so the output distribution is exactly the one the
/// privacy proof assumes — no floating-point rounding can shape it.
/// </summary>
internal static class ExactSampler
{
    /// <summary>Bernoulli(<paramref name="numerator"/> / <paramref name="denominator"/>), 0 ≤ p ≤ 1.</summary>
    public static bool Bernoulli(IPrivacyRandom rng, BigInteger numerator, BigInteger denominator) =>
        rng.Below(denominator) < numerator;

    /// <summary>Bernoulli(exp(−γ)) for γ = <paramref name="numerator"/> / <paramref name="denominator"/> ≥ 0 (their Algorithm 1).</summary>
    public static bool BernoulliExpMinus(IPrivacyRandom rng, BigInteger numerator, BigInteger denominator)
    {
        if (numerator <= denominator) return BernoulliExpMinusAtMostOne(rng, numerator, denominator);
        // exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)): one exp(−1) trial per unit of γ, stopping at the first failure.
        var whole = BigInteger.DivRem(numerator, denominator, out var remainder);
        for (var k = BigInteger.Zero; k < whole; k++)
        {
            if (!BernoulliExpMinusAtMostOne(rng, BigInteger.One, BigInteger.One)) return false;
        }
        return BernoulliExpMinusAtMostOne(rng, remainder, denominator);
    }

    // For γ in [0, 1]: the index of the first failing Bernoulli(γ/k) trial is odd with probability exp(−γ).
    private static bool BernoulliExpMinusAtMostOne(IPrivacyRandom rng, BigInteger numerator, BigInteger denominator)
    {
        var k = 1;
        while (Bernoulli(rng, numerator, denominator * k)) k++;
        return (k & 1) == 1;
    }

    /// <summary>
    /// Discrete Laplace on the integers with scale <paramref name="t"/> / <paramref name="s"/>: P(x) ∝ exp(−|x|·s/t)
    /// (their Algorithm 2). <paramref name="s"/> and <paramref name="t"/> positive.
    /// </summary>
    public static BigInteger DiscreteLaplace(IPrivacyRandom rng, BigInteger s, BigInteger t)
    {
        while (true)
        {
            var u = rng.Below(t);
            if (!BernoulliExpMinus(rng, u, t)) continue;
            var v = BigInteger.Zero;
            while (BernoulliExpMinus(rng, BigInteger.One, BigInteger.One)) v++;
            var y = (u + t * v) / s; // u + t·v is geometric with parameter 1 − exp(−1/t)
            var negative = rng.Coin();
            if (negative && y.IsZero) continue; // zero would otherwise come up twice as often
            return negative ? -y : y;
        }
    }

    /// <summary>
    /// Discrete Gaussian on the integers, P(x) ∝ exp(−x²/2σ²), for σ² = <paramref name="sigmaSquaredNumerator"/> /
    /// <paramref name="sigmaSquaredDenominator"/> (their Algorithm 3: discrete Laplace proposals, exact rejection).
    /// </summary>
    public static BigInteger DiscreteGaussian(IPrivacyRandom rng, BigInteger sigmaSquaredNumerator, BigInteger sigmaSquaredDenominator)
    {
        var n = sigmaSquaredNumerator;
        var d = sigmaSquaredDenominator;
        var t = IntegerSquareRoot(n / d) + 1; // ⌊σ⌋ + 1
        var rejectDenominator = 2 * n * t * t * d;
        while (true)
        {
            var y = DiscreteLaplace(rng, BigInteger.One, t);
            // Accept with exp(−(|y| − σ²/t)² / 2σ²) = exp(−(|y|·t·d − n)² / (2·n·t²·d)).
            var gap = BigInteger.Abs(y) * t * d - n;
            if (BernoulliExpMinus(rng, gap * gap, rejectDenominator)) return y;
        }
    }

    /// <summary>⌊√<paramref name="value"/>⌋ for a non-negative integer (Newton's method).</summary>
    public static BigInteger IntegerSquareRoot(BigInteger value)
    {
        if (value < 2) return value;
        var x = BigInteger.One << (int)((value.GetBitLength() + 1) / 2);
        while (true)
        {
            var next = (x + value / x) >> 1;
            if (next >= x) return x;
            x = next;
        }
    }
}
