using FsCheck.Xunit;
using Obscura.Core.Privacy;

namespace Obscura.Core.Tests.Privacy;

public sealed class DpQuantileTests
{
    private static double[] Uniform(int n, ulong seed, double lo, double hi)
    {
        var random = new Random((int)seed);
        return Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * random.NextDouble()).ToArray();
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(0.9)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Lands_near_the_true_quantile_for_large_n(double q)
    {
        var values = Uniform(100_000, 3, 20, 80);
        var sorted = values.Order().ToArray();
        var rng = new DeterministicTestRandom(8);
        for (var run = 0; run < 20; run++)
        {
            var released = DpQuantile.Release(values, 0, 100, q, 1, rng);
            // Rank error: with ε = 1 the chosen rank is within a few dozen of q·n; in value terms well under 0.1.
            var rank = Array.BinarySearch(sorted, released);
            if (rank < 0) rank = ~rank;
            Assert.InRange(rank, q * values.Length - 60, q * values.Length + 60);
        }
    }

    [Fact]
    public void Min_and_max_of_clamped_values_stay_inside_the_bounds()
    {
        double[] values = [-50, 3, 4, 5, 400];
        var rng = new DeterministicTestRandom(2);
        for (var run = 0; run < 500; run++)
        {
            var min = DpQuantile.Release(values, 0, 10, 0, 0.5, rng);
            var max = DpQuantile.Release(values, 0, 10, 1, 0.5, rng);
            Assert.InRange(min, 0, 10);
            Assert.InRange(max, 0, 10);
        }
    }

    [Fact]
    public void The_median_of_a_skewed_sample_is_found_where_the_values_are_dense()
    {
        // 10,000 values packed into [50, 50.001]: the median must come from that sliver, not from the wide empty gaps.
        var values = Enumerable.Range(0, 10_000).Select(i => 50 + i * 1e-7).ToArray();
        var rng = new DeterministicTestRandom(4);
        for (var run = 0; run < 50; run++) Assert.InRange(DpQuantile.Release(values, 0, 100, 0.5, 1, rng), 50, 50.001);
    }

    [Property(MaxTest = 200)]
    public bool Outputs_are_points_of_a_grid_that_depends_only_on_the_bounds(int seed)
    {
        // The output's lattice must not be anchored at a data value: shifted data, same bounds, same grid.
        var values = Uniform(50, (ulong)(uint)seed, 1, 2).Select(v => v + 1e-9 * (seed % 7)).ToArray();
        var released = DpQuantile.Release(values, 0, 3, 0.5, 2, new DeterministicTestRandom((ulong)(uint)seed));
        var step = Math.ScaleB(1.0, Math.ILogB(3.0) - 40);
        return released >= 0 && released <= 3 && Math.IEEERemainder(released, step) == 0;
    }

    [Fact]
    public void With_no_values_the_answer_is_uniform_over_the_bounds()
    {
        var rng = new DeterministicTestRandom(6);
        var sample = Enumerable.Range(0, 20_000).Select(_ => DpQuantile.Release([], -1, 1, 0.5, 1, rng)).ToArray();
        Assert.True(Stats.KsDistance(sample, x => (x + 1) / 2) < Stats.KsCritical(sample.Length));
    }

    [Fact]
    public void Rejects_bad_bounds_and_quantiles()
    {
        var rng = new DeterministicTestRandom(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => DpQuantile.Release([1], 5, 5, 0.5, 1, rng));
        Assert.Throws<ArgumentOutOfRangeException>(() => DpQuantile.Release([1], 0, 5, 1.5, 1, rng));
        Assert.Throws<ArgumentOutOfRangeException>(() => DpQuantile.Release([double.NaN], 0, 5, 0.5, 1, rng));
    }
}
