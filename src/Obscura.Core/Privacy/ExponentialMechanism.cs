using System.Numerics;
using Obscura.Core.Privacy.Internal;

namespace Obscura.Core.Privacy;

/// <summary>
/// The exponential mechanism (McSherry and Talwar 2007): ε-DP choice of one candidate, candidate i with probability
/// proportional to exp(ε·uᵢ / 2Δ), where uᵢ is its utility and Δ the most one privacy unit can change any utility.
/// </summary>
/// <remarks>
/// Sampled exactly, without floating point: utilities are doubles, hence exact rationals, and so is every exponent
/// γᵢ = ε·(u_max − uᵢ)/2Δ. A candidate is proposed uniformly and accepted with probability exp(−γᵢ) by an exact
/// Bernoulli trial (Canonne, Kamath and Steinke 2020); the accepted candidate has exactly the mechanism's distribution.
/// The best candidate is always accepted, so at most n proposals are expected. (The number of proposals depends on the
/// utilities: a caller that exposes running time must account for that.)
/// </remarks>
public static class ExponentialMechanism
{
    /// <summary>
    /// The index of the chosen candidate. <paramref name="utilities"/> must be finite; <paramref name="sensitivity"/> is
    /// the utilities' sensitivity Δ; ε is rounded down to 31 significant bits.
    /// </summary>
    public static int Choose(ReadOnlySpan<double> utilities, double sensitivity, double epsilon, IPrivacyRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Check.Epsilon(epsilon);
        Check.Sensitivity(sensitivity);
        if (utilities.IsEmpty) throw new ArgumentException("There must be at least one candidate to choose from.", nameof(utilities));
        var (numerators, denominator) = Exponents(utilities, sensitivity, epsilon);
        while (true)
        {
            var candidate = (int)rng.Below((ulong)utilities.Length);
            if (ExactSampler.BernoulliExpMinus(rng, numerators[candidate], denominator)) return candidate;
        }
    }

    /// <summary>γᵢ = ε·(u_max − uᵢ) / 2Δ as numerators over one common denominator, all exact.</summary>
    private static (BigInteger[] Numerators, BigInteger Denominator) Exponents(ReadOnlySpan<double> utilities, double sensitivity, double epsilon)
    {
        var parts = new (BigInteger Mantissa, int Exponent)[utilities.Length];
        var lowest = int.MaxValue;
        for (var i = 0; i < utilities.Length; i++)
        {
            if (!double.IsFinite(utilities[i])) throw new ArgumentOutOfRangeException(nameof(utilities), "Every utility must be a finite number.");
            parts[i] = ExactRational.Decompose(utilities[i]);
            if (!parts[i].Mantissa.IsZero) lowest = Math.Min(lowest, parts[i].Exponent);
        }
        if (lowest == int.MaxValue) lowest = 0;
        // Every utility as an integer multiple of 2^lowest.
        var scaled = new BigInteger[utilities.Length];
        var max = BigInteger.Zero;
        for (var i = 0; i < scaled.Length; i++)
        {
            scaled[i] = parts[i].Mantissa.IsZero ? BigInteger.Zero : parts[i].Mantissa << (parts[i].Exponent - lowest);
            if (i == 0 || scaled[i] > max) max = scaled[i];
        }
        // γᵢ = (εn / 2^εs) · (max − scaledᵢ) · 2^lowest / (2 · Δm · 2^Δe)
        var (epsilonNumerator, epsilonShift) = Grid.EpsilonRational(epsilon);
        var (sensitivityMantissa, sensitivityExponent) = ExactRational.Decompose(sensitivity);
        var power = lowest - epsilonShift - 1 - sensitivityExponent;
        var numeratorScale = power > 0 ? epsilonNumerator << power : epsilonNumerator;
        var denominator = power < 0 ? sensitivityMantissa << -power : sensitivityMantissa;
        var gcd = BigInteger.GreatestCommonDivisor(numeratorScale, denominator);
        numeratorScale /= gcd;
        denominator /= gcd;
        var numerators = new BigInteger[scaled.Length];
        for (var i = 0; i < scaled.Length; i++) numerators[i] = (max - scaled[i]) * numeratorScale;
        return (numerators, denominator);
    }
}
