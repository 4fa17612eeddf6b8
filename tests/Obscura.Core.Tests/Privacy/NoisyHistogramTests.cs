using Obscura.Core.Privacy;

namespace Obscura.Core.Tests.Privacy;

public sealed class NoisyHistogramTests
{
    [Fact]
    public void Counts_are_whole_non_negative_and_close_to_the_truth_at_the_stated_scale()
    {
        long[] counts = [0, 3, 1_000, 25_000, 7];
        var bound = new ContributionBound(2, 1);
        var rng = new DeterministicTestRandom(31);
        var errors = new List<double>();
        for (var run = 0; run < 4_000; run++)
        {
            var release = NoisyHistogram.Release(counts, bound, NoiseKind.Laplace, 1, 0, rng);
            Assert.Equal(2.0, release.Scale, 9); // L1 = 2 groups × 1
            Assert.All(release.Counts, c => Assert.True(c >= 0));
            errors.Add(release.Counts[3] - counts[3]);
        }
        // Laplace b = 2, rounded to whole numbers: the spread is √(2b² + 1/12).
        Assert.InRange(Stats.StandardDeviation(errors), 2.83 * 0.95, 2.86 * 1.05);
        Assert.InRange(errors.Average(), -0.15, 0.15);
    }

    [Fact]
    public void Gaussian_counts_use_the_l2_sensitivity()
    {
        var bound = new ContributionBound(4, 1); // L2 = 2
        var release = NoisyHistogram.Release([10, 20], bound, NoiseKind.Gaussian, 1, 1e-5, new DeterministicTestRandom(1));
        Assert.InRange(release.Scale, 2 * GaussianMechanism.Calibrate(1, 1e-5, 1), 2 * GaussianMechanism.Calibrate(1, 1e-5, 1) * 1.0001);
        Assert.Equal(2, release.Counts.Count);
    }

    [Fact]
    public void Zero_buckets_stay_near_zero_after_the_clamp()
    {
        var rng = new DeterministicTestRandom(4);
        var zeros = 0;
        for (var run = 0; run < 2_000; run++) if (NoisyHistogram.Release([0], ContributionBound.Single, NoiseKind.Laplace, 1, 0, rng).Counts[0] == 0) zeros++;
        // P(noise < 0.5) for Laplace b = 1 is 1 − ½e^(−½) ≈ 0.697.
        Assert.InRange(zeros / 2_000.0, 0.66, 0.73);
    }

    [Fact]
    public void Top_categories_keep_the_frequent_keys_in_order_and_drop_the_rare_ones()
    {
        var counts = new Dictionary<string, long> { ["a"] = 5_000, ["b"] = 3_000, ["c"] = 1_000, ["rare1"] = 1, ["rare2"] = 2, ["d"] = 400 };
        var rng = new DeterministicTestRandom(9);
        for (var run = 0; run < 200; run++)
        {
            var top = NoisyHistogram.TopCategories(counts, 3, ContributionBound.Single, NoiseKind.Laplace, 1, 1e-6, rng);
            Assert.Equal(["a", "b", "c"], top.Select(t => t.Key));
            var all = NoisyHistogram.TopCategories(counts, 10, ContributionBound.Single, NoiseKind.Gaussian, 1, 1e-6, rng);
            Assert.DoesNotContain(all, t => t.Key.StartsWith("rare", StringComparison.Ordinal));
            Assert.Contains(all, t => t.Key == "d");
        }
    }

    [Fact]
    public void A_key_only_one_person_has_is_released_at_most_delta_of_the_time()
    {
        // With δ = 0.05 (deliberately large so the rate is measurable), a count of 1 passes τ at most 5% of the time.
        var rng = new DeterministicTestRandom(12);
        var released = 0;
        var single = new[] { new KeyValuePair<int, long>(1, 1) };
        for (var run = 0; run < 40_000; run++) released += NoisyHistogram.TopCategories(single, 1, ContributionBound.Single, NoiseKind.Laplace, 1, 0.05, rng).Count;
        // τ is tight, so the rate sits at δ: allow four standard errors (√(δ(1−δ)/n) ≈ 0.0011) above it, and require it near δ.
        Assert.InRange(released / 40_000.0, 0.045, 0.05 + 4 * 0.0011);
    }
}
