namespace Obscura.Core.Tests.Privacy;

/// <summary>Goodness-of-fit helpers for the mechanism tests.</summary>
internal static class Stats
{
    public const int Samples = 100_000;

    /// <summary>Kolmogorov–Smirnov distance between a sample of integers and a CDF over the integers (F(x) = P(X ≤ x)).</summary>
    public static double KsDistanceDiscrete(long[] sample, Func<long, double> cdf)
    {
        var sorted = (long[])sample.Clone();
        Array.Sort(sorted);
        var n = (double)sorted.Length;
        var worst = 0.0;
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j < sorted.Length && sorted[j] == sorted[i]) j++;
            // Compare just below the atom and at it.
            worst = Math.Max(worst, Math.Abs(i / n - cdf(sorted[i] - 1)));
            worst = Math.Max(worst, Math.Abs(j / n - cdf(sorted[i])));
            i = j;
        }
        return worst;
    }

    /// <summary>Kolmogorov–Smirnov distance between a sample of reals and a continuous CDF.</summary>
    public static double KsDistance(double[] sample, Func<double, double> cdf)
    {
        var sorted = (double[])sample.Clone();
        Array.Sort(sorted);
        var n = (double)sorted.Length;
        var worst = 0.0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var f = cdf(sorted[i]);
            worst = Math.Max(worst, Math.Max(Math.Abs((i + 1) / n - f), Math.Abs(i / n - f)));
        }
        return worst;
    }

    /// <summary>The KS critical distance at significance 0.001 (c(α) = 1.949) for n samples.</summary>
    public static double KsCritical(int n) => 1.949 / Math.Sqrt(n);

    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>Pearson's chi-square statistic of observed counts against expected probabilities.</summary>
    public static double ChiSquare(long[] observed, double[] probabilities)
    {
        var n = (double)observed.Sum();
        var statistic = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            var expected = n * probabilities[i];
            statistic += (observed[i] - expected) * (observed[i] - expected) / expected;
        }
        return statistic;
    }

    /// <summary>Laplace CDF with scale b.</summary>
    public static double LaplaceCdf(double x, double b) => x < 0 ? 0.5 * Math.Exp(x / b) : 1 - 0.5 * Math.Exp(-x / b);
}
