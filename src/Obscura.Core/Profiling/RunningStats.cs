using System.Runtime.CompilerServices;

namespace Obscura.Core.Profiling;

/// <summary>
/// Count, mean and variance in one pass with Welford's update (numerically stable: no sum of squares), mergeable with
/// Chan, Golub and LeVeque's pairwise formula, so partitions combine to the same result as one stream (up to rounding).
/// </summary>
public sealed class RunningStats
{
    private double _mean;
    private double _m2; // sum of squared deviations from the running mean

    /// <summary>Values added.</summary>
    public long Count { get; private set; }

    /// <summary>Arithmetic mean; NaN when empty.</summary>
    public double Mean => Count == 0 ? double.NaN : _mean;

    /// <summary>Sample variance (divides by n - 1, like SQL <c>var_samp</c>); NaN below two values.</summary>
    public double Variance => Count < 2 ? double.NaN : _m2 / (Count - 1);

    /// <summary>Population variance (divides by n, like SQL <c>var_pop</c>); NaN when empty.</summary>
    public double PopulationVariance => Count == 0 ? double.NaN : _m2 / Count;

    /// <summary>Sample standard deviation (like SQL <c>stddev_samp</c>); NaN below two values.</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>Adds a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        Count++;
        var delta = value - _mean;
        _mean += delta / Count;
        _m2 += delta * (value - _mean);
    }

    /// <summary>Adds every value of <paramref name="other"/>.</summary>
    public void Merge(RunningStats other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0) return;
        if (Count == 0)
        {
            Count = other.Count;
            _mean = other._mean;
            _m2 = other._m2;
            return;
        }
        double n1 = Count, n2 = other.Count, n = n1 + n2;
        var delta = other._mean - _mean;
        _mean += delta * (n2 / n);
        _m2 += other._m2 + (delta * delta * (n1 * n2 / n));
        Count += other.Count;
    }
}
