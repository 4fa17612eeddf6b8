using Obscura.Core.Privacy.Internal;

namespace Obscura.Core.Privacy;

/// <summary>
/// Noisy counts per bucket for profile and query releases: a histogram over public buckets (bins from declared bounds,
/// a public category list), and the top categories of a column whose values are not public (released only past a
/// threshold, see <see cref="GroupThreshold"/>).
/// </summary>
/// <remarks>
/// Each count gets independent noise calibrated to the whole vector's sensitivity under the
/// <see cref="ContributionBound"/>; rounding to whole numbers, clamping at zero and ranking are post-processing and
/// cost no privacy.
/// </remarks>
public static class NoisyHistogram
{
    /// <summary>Releases <paramref name="counts"/> (one per public bucket) with noise; Gaussian needs <paramref name="delta"/> &gt; 0, Laplace ignores it.</summary>
    public static HistogramRelease Release(
        ReadOnlySpan<long> counts, ContributionBound bound, NoiseKind kind, double epsilon, double delta, IPrivacyRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var noise = Noise.Create(kind, epsilon, delta, bound);
        var noisy = new long[counts.Length];
        for (var i = 0; i < counts.Length; i++) noisy[i] = ClampedCount(noise.Release(counts[i], rng));
        return new HistogramRelease { Counts = noisy, Scale = noise.Scale, Ci95HalfWidth = noise.Ci95HalfWidth };
    }

    /// <summary>
    /// The at most <paramref name="k"/> categories with the largest noisy counts among those whose noisy count reaches
    /// the threshold τ, so that a category only one unit has is released with probability at most δ. Laplace spends all of
    /// <paramref name="delta"/> on the threshold; Gaussian spends half on the noise and half on the threshold.
    /// Categories with a zero true count must not be in <paramref name="counts"/> (they would not be in a real table either).
    /// </summary>
    public static IReadOnlyList<NoisyCategory<TKey>> TopCategories<TKey>(
        IEnumerable<KeyValuePair<TKey, long>> counts, int k, ContributionBound bound, NoiseKind kind,
        double epsilon, double delta, IPrivacyRandom rng)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        Check.Delta(delta);
        var noise = Noise.Create(kind, epsilon, kind == NoiseKind.Gaussian ? delta / 2 : delta, bound);
        var tau = noise.Threshold(kind == NoiseKind.Gaussian ? delta / 2 : delta, bound);
        var kept = new List<(TKey Key, double Value)>();
        foreach (var (key, count) in counts)
        {
            var released = noise.Release(count, rng);
            if (released >= tau) kept.Add((key, released));
        }
        kept.Sort((a, b) => b.Value.CompareTo(a.Value));
        var result = new NoisyCategory<TKey>[Math.Min(k, kept.Count)];
        for (var i = 0; i < result.Length; i++) result[i] = new NoisyCategory<TKey>(kept[i].Key, ClampedCount(kept[i].Value));
        return result;
    }

    private static long ClampedCount(double value) => value <= 0 ? 0 : value >= long.MaxValue ? long.MaxValue : (long)Math.Round(value);

    /// <summary>The two mechanisms behind one face.</summary>
    private sealed class Noise
    {
        private readonly LaplaceMechanism? _laplace;
        private readonly GaussianMechanism? _gaussian;

        private Noise(LaplaceMechanism? laplace, GaussianMechanism? gaussian)
        {
            _laplace = laplace;
            _gaussian = gaussian;
        }

        public static Noise Create(NoiseKind kind, double epsilon, double delta, ContributionBound bound) => kind switch
        {
            NoiseKind.Laplace => new Noise(new LaplaceMechanism(epsilon, bound.L1), null),
            NoiseKind.Gaussian => new Noise(null, new GaussianMechanism(epsilon, delta, bound.L2)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown noise kind."),
        };

        public double Scale => _laplace?.Scale ?? _gaussian!.Sigma;

        public double Ci95HalfWidth => _laplace?.Ci95HalfWidth ?? _gaussian!.Ci95HalfWidth;

        public double Release(long count, IPrivacyRandom rng) =>
            _laplace?.Release(count, rng).Value ?? _gaussian!.Release(count, rng).Value;

        public double Threshold(double delta, ContributionBound bound) =>
            _laplace is not null ? GroupThreshold.Laplace(_laplace, delta, bound) : GroupThreshold.Gaussian(_gaussian!, delta, bound);
    }
}
