namespace Obscura.Core.Strategies.Internal;

/// <summary>Inverse CDFs and calibrations for <c>noise</c>.</summary>
internal static class NoiseMath
{
    private const double LowTail = 0.02425;

    /// <summary>A 64-bit hash as a uniform number strictly between 0 and 1 (53 bits, centred in its cell).</summary>
    public static double Uniform(ulong hash) => ((hash >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Inverse CDF of the Laplace distribution with scale <paramref name="b"/> at <paramref name="u"/> in (0, 1).</summary>
    public static double LaplaceQuantile(double u, double b) =>
        u < 0.5 ? b * Math.Log(2 * u) : -b * Math.Log(2 * (1 - u));

    /// <summary>
    /// Inverse CDF of the standard normal distribution at <paramref name="p"/> in (0, 1): P. J. Acklam's rational
    /// approximation (relative error below 1.2e-9), with the tails computed from the smaller of p and 1 - p.
    /// </summary>
    public static double NormalQuantile(double p)
    {
        if (p < LowTail) return Tail(Math.Sqrt(-2 * Math.Log(p)));
        if (p > 1 - LowTail) return -Tail(Math.Sqrt(-2 * Math.Log(1 - p)));
        var q = p - 0.5;
        var r = q * q;
        return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q /
               (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
    }

    /// <summary>
    /// Standard deviation of the classic Gaussian mechanism (Dwork and Roth, Theorem A.1):
    /// sigma = sqrt(2 ln(1.25 / delta)) * sensitivity / epsilon, valid for 0 &lt; epsilon &lt; 1.
    /// </summary>
    public static double GaussianSigma(double epsilon, double delta, double sensitivity) =>
        Math.Sqrt(2 * Math.Log(1.25 / delta)) * sensitivity / epsilon;

    // Lower tail in q = sqrt(-2 ln p); the upper tail is its mirror image.
    private static double Tail(double q) =>
        (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) /
        ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
}
