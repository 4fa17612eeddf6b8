namespace Obscura.Engine.Sampling.Internal;

/// <summary>
/// A column's centre and robust spread from a sample of its values: the median, and 1.4826 × MAD (the standard deviation
/// for normal data); when half the values are equal (MAD 0), the interquartile range / 1.349; then the standard deviation.
/// </summary>
internal readonly record struct RobustScale(double Median, double Scale, double Q1, double Q3)
{
    /// <summary>No usable spread: the column is constant (or empty) in the sample.</summary>
    public bool IsConstant => !(Scale > 0);

    /// <summary>How many robust standard deviations <paramref name="x"/> is from the median.</summary>
    public double Z(double x) => IsConstant ? 0 : (x - Median) / Scale;

    public static RobustScale Of(List<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) return new RobustScale(0, 0, 0, 0);
        Array.Sort(v);
        var median = Quantile(v, 0.5);
        var deviations = v.Select(x => Math.Abs(x - median)).ToArray();
        Array.Sort(deviations);
        var scale = 1.4826 * Quantile(deviations, 0.5);
        var q1 = Quantile(v, 0.25);
        var q3 = Quantile(v, 0.75);
        if (!(scale > 0)) scale = (q3 - q1) / 1.349;
        if (!(scale > 0) && v.Length > 1)
        {
            var mean = v.Average();
            scale = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        }
        return new RobustScale(median, scale, q1, q3);
    }

    /// <summary>Linear interpolation between the closest ranks of a sorted array.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var at = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(at);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
    }
}
