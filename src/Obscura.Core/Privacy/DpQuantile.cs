using Obscura.Core.Privacy.Internal;

namespace Obscura.Core.Privacy;

/// <summary>
/// ε-DP quantiles (MIN as q = 0, MAX as q = 1, MEDIAN as q = ½, PERCENTILE p as q = p) of values within declared public
/// bounds [lo, hi]: the exponential mechanism over the gaps between the sorted values (Smith 2011), with utility
/// −|rank − q·n| (sensitivity 1), so a gap is chosen with probability ∝ its width · exp(ε·utility / 2), then a point in it.
/// </summary>
/// <remarks>
/// <para>Points are drawn from a fixed public grid over [lo, hi] (a power-of-two step, 2^40 points across the range,
/// fewer only where doubles near the bounds cannot represent that many): a point computed as "gap start + width · uniform" would land on a lattice anchored at a data value, and its
/// low bits would reveal that value. Here the output is always a grid point chosen by integer arithmetic; a gap's width
/// is the number of grid points in it.</para>
/// <para>The choice of gap uses the Gumbel-max trick in double precision (log-weights + Gumbel noise, largest wins).
/// Its probabilities match the mechanism's to about 15 significant digits, but a gap whose exact probability is below
/// roughly 2^-1000 may never be drawn; that is a departure of the order of δ ≈ 2^-50 from pure ε-DP.</para>
/// <para>Values outside [lo, hi] are clamped to it; the bounds must not depend on the data.</para>
/// </remarks>
public static class DpQuantile
{
    /// <summary>Grid points across [lo, hi]: 2^40 where doubles allow.</summary>
    private const int GridBits = 40;

    /// <summary>
    /// An ε-DP estimate of the <paramref name="q"/>-quantile of <paramref name="values"/> (any order; they are copied,
    /// clamped to [<paramref name="lo"/>, <paramref name="hi"/>] and sorted).
    /// </summary>
    public static double Release(ReadOnlySpan<double> values, double lo, double hi, double q, double epsilon, IPrivacyRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Check.Epsilon(epsilon);
        Check.Finite(lo, nameof(lo));
        Check.Finite(hi, nameof(hi));
        if (!(lo < hi)) throw new ArgumentOutOfRangeException(nameof(hi), "The upper bound must be greater than the lower bound.");
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "The quantile must be between 0 and 1.");
        var sorted = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i])) throw new ArgumentOutOfRangeException(nameof(values), "The values must be numbers (no NaN).");
            sorted[i] = Math.Clamp(values[i], lo, hi);
        }
        Array.Sort(sorted);

        // A public grid {j · 2^k}: fine enough for the range, coarse enough that every index fits a long.
        var exponent = Math.Max(Math.ILogB(hi - lo) - GridBits, Math.ILogB(Math.Max(Math.Abs(lo), Math.Abs(hi))) - 52);
        var first = (long)Math.Ceiling(Math.ScaleB(lo, -exponent));
        var last = (long)Math.Floor(Math.ScaleB(hi, -exponent));

        // Gap i holds the grid points x with sorted[i-1] ≤ x < sorted[i] (sorted[-1] = lo; the last gap runs to hi
        // inclusive): the points of rank i. Each gap is weighed by its point count and its utility.
        var n = sorted.Length;
        var target = q * n;
        var bestKey = double.NegativeInfinity;
        long bestStart = 0, bestCount = 0;
        var start = first;
        for (var i = 0; i <= n; i++)
        {
            var end = i < n ? (long)Math.Ceiling(Math.ScaleB(sorted[i], -exponent)) : last + 1;
            var count = end - start;
            if (count > 0)
            {
                var key = Math.Log(count) - epsilon * Math.Abs(i - target) / 2 + Gumbel(rng);
                if (key > bestKey)
                {
                    bestKey = key;
                    bestStart = start;
                    bestCount = count;
                }
            }
            start = Math.Max(start, end);
        }
        var point = bestStart + (long)rng.Below((ulong)bestCount);
        return Math.ScaleB(point, exponent);
    }

    // Standard Gumbel noise: −ln(−ln U) for U uniform in (0, 1).
    private static double Gumbel(IPrivacyRandom rng) => -Math.Log(-Math.Log(rng.OpenUnit()));
}
