using System.Numerics;
using FsCheck.Xunit;
using Obscura.Core.Privacy;
using Obscura.Core.Privacy.Internal;

namespace Obscura.Core.Tests.Privacy;

public sealed class LaplaceMechanismTests
{
    [Theory]
    [InlineData(2, 3)]   // scale 1.5
    [InlineData(1, 1)]   // scale 1
    [InlineData(5, 2)]   // scale 0.4
    [InlineData(1, 40)]  // scale 40
    public void Discrete_laplace_sampler_matches_its_exact_cdf(int s, int t)
    {
        var rng = new DeterministicTestRandom(11);
        var sample = new long[Stats.Samples];
        for (var i = 0; i < sample.Length; i++) sample[i] = (long)ExactSampler.DiscreteLaplace(rng, s, t);
        var q = Math.Exp(-(double)s / t);
        // P(X ≤ x) = q^|x| / (1 + q) below zero, 1 − q^(x+1) / (1 + q) from zero.
        double Cdf(long x) => x < 0 ? Math.Pow(q, -x) / (1 + q) : 1 - Math.Pow(q, x + 1) / (1 + q);
        var distance = Stats.KsDistanceDiscrete(sample, Cdf);
        Assert.True(distance < Stats.KsCritical(sample.Length), $"KS distance {distance:F5}");
        var variance = sample.Select(x => (double)x * x).Average();
        var exactVariance = 2 * q / ((1 - q) * (1 - q));
        Assert.InRange(variance, exactVariance * 0.97, exactVariance * 1.03);
    }

    [Fact]
    public void Epsilon_1_sensitivity_1_has_standard_deviation_sqrt_2_and_the_laplace_shape()
    {
        var mechanism = new LaplaceMechanism(1, 1);
        Assert.Equal(1.0, mechanism.Scale, 12);
        var rng = new DeterministicTestRandom(1);
        var values = new double[Stats.Samples];
        for (var i = 0; i < values.Length; i++) values[i] = mechanism.Release(10, rng).Value - 10;
        Assert.InRange(Stats.StandardDeviation(values), Math.Sqrt(2) * 0.985, Math.Sqrt(2) * 1.015);
        Assert.InRange(values.Average(), -0.02, 0.02);
        var distance = Stats.KsDistance(values, x => Stats.LaplaceCdf(x, 1));
        Assert.True(distance < Stats.KsCritical(values.Length), $"KS distance {distance:F5}");
    }

    [Fact]
    public void Doubling_the_sensitivity_doubles_the_scale_and_the_spread()
    {
        var one = new LaplaceMechanism(0.5, 1);
        var two = new LaplaceMechanism(0.5, 2);
        Assert.Equal(2 * one.Scale, two.Scale, 9);
        Assert.Equal(2.0, one.Scale, 9);
        var rng = new DeterministicTestRandom(2);
        var spread = new double[20_000];
        for (var i = 0; i < spread.Length; i++) spread[i] = two.Release(0, rng).Value;
        Assert.InRange(Stats.StandardDeviation(spread), 4 * Math.Sqrt(2) * 0.97, 4 * Math.Sqrt(2) * 1.03);
    }

    [Fact]
    public void Confidence_interval_is_b_ln_20_and_covers_the_truth_95_percent_of_the_time()
    {
        var mechanism = new LaplaceMechanism(0.7, 3);
        Assert.Equal(mechanism.Scale * Math.Log(20), mechanism.Ci95HalfWidth, mechanism.Scale * 1e-4);
        var rng = new DeterministicTestRandom(3);
        var covered = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var release = mechanism.Release(123.456, rng);
            if (release.Ci95Low <= 123.456 && 123.456 <= release.Ci95High) covered++;
        }
        Assert.InRange(covered / 20_000.0, 0.944, 0.956);
    }

    [Property(MaxTest = 200)]
    public bool Released_values_lie_on_the_power_of_two_grid(double value, FsCheck.PositiveInt epsilonThousandths, FsCheck.PositiveInt sensitivityTenths)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > 1e12) return true;
        var mechanism = new LaplaceMechanism(epsilonThousandths.Get / 1000.0, sensitivityTenths.Get / 10.0);
        var released = mechanism.Release(value, new DeterministicTestRandom((ulong)epsilonThousandths.Get)).Value;
        var granularity = mechanism.Granularity;
        return BitOperations.IsPow2(BitConverter.DoubleToInt64Bits(granularity) & 0xFFFFFFFFFFFFFL | 1L) // mantissa zero: a power of two
            && Math.IEEERemainder(released, granularity) == 0
            && mechanism.Scale >= mechanism.Sensitivity / mechanism.Epsilon;
    }

    [Fact]
    public void Scale_never_falls_below_sensitivity_over_epsilon()
    {
        foreach (var epsilon in new[] { 1e-6, 0.01, 0.1, 0.3, 1, 2.5, 10, 1000 })
        foreach (var sensitivity in new[] { 1e-9, 0.001, 0.3, 1, 7, 1e6, 1e15 })
        {
            var mechanism = new LaplaceMechanism(epsilon, sensitivity);
            var nominal = sensitivity / epsilon;
            Assert.InRange(mechanism.Scale, nominal, nominal * (1 + 1e-5));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Rejects_an_epsilon_that_is_not_positive_and_finite(double epsilon) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LaplaceMechanism(epsilon, 1));

    [Fact]
    public void Rejects_a_value_that_is_not_finite_without_echoing_it()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LaplaceMechanism(1, 1).Release(double.NaN, new DeterministicTestRandom(1)));
        Assert.DoesNotContain("NaN", error.Message);
    }
}
