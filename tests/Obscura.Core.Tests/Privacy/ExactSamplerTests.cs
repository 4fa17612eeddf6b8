using System.Numerics;
using FsCheck;
using FsCheck.Xunit;
using Obscura.Core.Privacy;
using Obscura.Core.Privacy.Internal;

namespace Obscura.Core.Tests.Privacy;

public sealed class ExactSamplerTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 10)]
    [InlineData(1, 1)]
    [InlineData(27, 10)]
    [InlineData(1_000_001, 1_000_000)]
    public void Bernoulli_exp_minus_gamma_succeeds_with_probability_exp_minus_gamma(long numerator, long denominator)
    {
        var rng = new DeterministicTestRandom((ulong)numerator + 1);
        var successes = 0;
        for (var i = 0; i < Stats.Samples; i++) if (ExactSampler.BernoulliExpMinus(rng, numerator, denominator)) successes++;
        var p = Math.Exp(-(double)numerator / denominator);
        var standardError = Math.Sqrt(p * (1 - p) / Stats.Samples);
        Assert.InRange(successes / (double)Stats.Samples, p - 4.5 * standardError - 1e-12, p + 4.5 * standardError + 1e-12);
    }

    [Fact]
    public void Uniform_integers_beyond_64_bits_cover_their_range_evenly()
    {
        var bound = (BigInteger.One << 70) * 3; // not a power of two: exercises rejection
        var rng = new DeterministicTestRandom(5);
        var thirds = new long[3];
        for (var i = 0; i < 30_000; i++)
        {
            var value = rng.Below(bound);
            Assert.True(value >= 0 && value < bound);
            thirds[(int)(value / (BigInteger.One << 70))]++;
        }
        Assert.True(Stats.ChiSquare(thirds, [1 / 3.0, 1 / 3.0, 1 / 3.0]) < 13.82);
    }

    [Property(MaxTest = 300)]
    public bool Integer_square_root_is_the_floor_of_the_square_root(NonNegativeInt a, NonNegativeInt b)
    {
        var value = (BigInteger)a.Get * b.Get * 977 + a.Get;
        var root = ExactSampler.IntegerSquareRoot(value);
        return root * root <= value && (root + 1) * (root + 1) > value;
    }

    [Property(MaxTest = 300)]
    public bool Doubling_the_sensitivity_exactly_doubles_every_scale(PositiveInt epsilonThousandths, PositiveInt sensitivityHundredths)
    {
        var epsilon = epsilonThousandths.Get % 20_000 / 1000.0 + 0.001;
        var sensitivity = sensitivityHundredths.Get / 100.0;
        return new LaplaceMechanism(epsilon, 2 * sensitivity).Scale == 2 * new LaplaceMechanism(epsilon, sensitivity).Scale
            && new GaussianMechanism(epsilon, 1e-6, 2 * sensitivity).Sigma == 2 * new GaussianMechanism(epsilon, 1e-6, sensitivity).Sigma;
    }
}
