using Obscura.Core.Privacy;
using Obscura.Core.Privacy.Internal;

namespace Obscura.Core.Tests.Privacy;

public sealed class GaussianMechanismTests
{
    [Fact]
    public void Analytic_calibration_at_epsilon_1_delta_1e5_is_about_3_73()
    {
        var sigma = GaussianMechanism.Calibrate(1, 1e-5, 1);
        Assert.InRange(sigma, 3.72, 3.74);
        // The smallest σ: the exact condition holds at σ and fails just below it.
        Assert.True(GaussianMechanism.DeltaFor(1, sigma, 1) <= 1e-5);
        Assert.True(GaussianMechanism.DeltaFor(1, sigma * (1 - 1e-9), 1) > 1e-5 * (1 - 1e-6));
    }

    [Theory]
    [InlineData(1.0, 1e-5)]
    [InlineData(0.1, 1e-6)]
    [InlineData(0.5, 1e-3)]
    [InlineData(3.0, 1e-8)]
    [InlineData(10.0, 1e-5)]
    public void Calibrated_sigma_meets_the_exact_condition_and_beats_the_classic_bound_when_it_applies(double epsilon, double delta)
    {
        var sigma = GaussianMechanism.Calibrate(epsilon, delta, 1);
        var delta0 = GaussianMechanism.DeltaFor(epsilon, sigma, 1);
        Assert.InRange(delta0, delta * (1 - 1e-6), delta);
        if (epsilon < 1) Assert.True(sigma < Math.Sqrt(2 * Math.Log(1.25 / delta)) / epsilon);
    }

    [Fact]
    public void The_normal_cdf_matches_reference_values_into_the_far_tail()
    {
        // Φ(x) reference values (to 15 significant digits).
        Assert.Equal(0.5, Normal.Cdf(0), 15);
        Assert.Equal(0.841344746068543, Normal.Cdf(1), 14);
        Assert.Equal(0.0227501319481792, Normal.Cdf(-2), 15);
        Assert.Equal(1.0, Normal.Cdf(-5) / 2.86651571879194e-7, 12);
        Assert.Equal(1.0, Normal.Cdf(-10) / 7.61985302416053e-24, 11);
        Assert.Equal(1.0, Normal.Cdf(-0.5) / 0.308537538725987, 13);
        Assert.Equal(1.959963984540054, Normal.UpperQuantile(0.025), 12);
    }

    [Fact]
    public void Doubling_the_sensitivity_doubles_sigma()
    {
        Assert.Equal(2 * GaussianMechanism.Calibrate(0.8, 1e-6, 1), GaussianMechanism.Calibrate(0.8, 1e-6, 2), 10);
        var one = new GaussianMechanism(0.8, 1e-6, 1);
        var two = new GaussianMechanism(0.8, 1e-6, 2);
        Assert.Equal(2 * one.Sigma, two.Sigma, 9);
    }

    [Theory]
    [InlineData(2, 1)]     // σ² = 2
    [InlineData(1, 4)]     // σ² = 0.25
    [InlineData(100, 3)]   // σ² = 33.3
    public void Discrete_gaussian_sampler_matches_its_exact_pmf(int numerator, int denominator)
    {
        var rng = new DeterministicTestRandom(21);
        var sample = new long[Stats.Samples];
        for (var i = 0; i < sample.Length; i++) sample[i] = (long)ExactSampler.DiscreteGaussian(rng, numerator, denominator);
        var variance = (double)numerator / denominator;
        const int reach = 200;
        var weights = Enumerable.Range(-reach, 2 * reach + 1).Select(x => Math.Exp(-(double)x * x / (2 * variance))).ToArray();
        var total = weights.Sum();
        var cumulative = new double[weights.Length];
        var running = 0.0;
        for (var i = 0; i < weights.Length; i++) cumulative[i] = running += weights[i] / total;
        double Cdf(long x) => x < -reach ? 0 : x >= reach ? 1 : cumulative[x + reach];
        var distance = Stats.KsDistanceDiscrete(sample, Cdf);
        Assert.True(distance < Stats.KsCritical(sample.Length), $"KS distance {distance:F5}");
        // Chi-square over the atoms with expected count ≥ 20 (the rest pooled).
        var observed = new List<long>();
        var expected = new List<double>();
        long pooledObserved = Stats.Samples;
        var pooledProbability = 1.0;
        for (var x = -reach; x <= reach; x++)
        {
            var p = weights[x + reach] / total;
            if (p * Stats.Samples < 20) continue;
            observed.Add(sample.LongCount(v => v == x));
            expected.Add(p);
            pooledObserved -= observed[^1];
            pooledProbability -= p;
        }
        if (pooledProbability * Stats.Samples >= 5) { observed.Add(pooledObserved); expected.Add(pooledProbability); }
        var chi = Stats.ChiSquare([.. observed], [.. expected]);
        var dof = observed.Count - 1;
        Assert.True(chi < dof + 4.5 * Math.Sqrt(2.0 * dof), $"chi-square {chi:F1} at {dof} degrees of freedom");
    }

    [Fact]
    public void Mechanism_noise_has_the_calibrated_sigma_and_a_normal_shape()
    {
        var mechanism = new GaussianMechanism(1, 1e-5, 1);
        Assert.InRange(mechanism.Sigma, GaussianMechanism.Calibrate(1, 1e-5, 1), GaussianMechanism.Calibrate(1, 1e-5, 1) * 1.0001);
        var rng = new DeterministicTestRandom(5);
        var values = new double[Stats.Samples];
        for (var i = 0; i < values.Length; i++) values[i] = mechanism.Release(-42, rng).Value + 42;
        Assert.InRange(Stats.StandardDeviation(values), mechanism.Sigma * 0.99, mechanism.Sigma * 1.01);
        var distance = Stats.KsDistance(values, x => Normal.Cdf(x / mechanism.Sigma));
        Assert.True(distance < Stats.KsCritical(values.Length), $"KS distance {distance:F5}");
    }

    [Fact]
    public void Confidence_interval_is_1_96_sigma_and_covers_the_truth_95_percent_of_the_time()
    {
        var mechanism = new GaussianMechanism(0.5, 1e-6, 10);
        Assert.Equal(1.96 * mechanism.Sigma, mechanism.Ci95HalfWidth, mechanism.Sigma * 1e-3);
        var rng = new DeterministicTestRandom(6);
        var covered = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var release = mechanism.Release(1000, rng);
            if (release.Ci95Low <= 1000 && 1000 <= release.Ci95High) covered++;
        }
        Assert.InRange(covered / 20_000.0, 0.944, 0.956);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Rejects_a_delta_outside_0_to_1(double delta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianMechanism(1, delta, 1));
}
