using Obscura.Core.Privacy;

namespace Obscura.Core.Tests.Privacy;

public sealed class ExponentialMechanismTests
{
    private static long[] Frequencies(double[] utilities, double sensitivity, double epsilon, ulong seed, int draws = Stats.Samples)
    {
        var rng = new DeterministicTestRandom(seed);
        var counts = new long[utilities.Length];
        for (var i = 0; i < draws; i++) counts[ExponentialMechanism.Choose(utilities, sensitivity, epsilon, rng)]++;
        return counts;
    }

    private static double[] Expected(double[] utilities, double sensitivity, double epsilon)
    {
        var weights = utilities.Select(u => Math.Exp(epsilon * u / (2 * sensitivity))).ToArray();
        var total = weights.Sum();
        return weights.Select(w => w / total).ToArray();
    }

    // 99.9% quantiles of chi-square with 4 and 5 degrees of freedom.
    [Theory]
    [InlineData(new[] { 0.0, 1, 2, 3, 4 }, 1.0, 1.0, 18.47)]
    [InlineData(new[] { 10.0, 10, 7.5, -3, 0.25 }, 2.0, 0.8, 18.47)]
    [InlineData(new[] { 1e-3, 2e-3, 0, 5e-4, 1.5e-3, 2e-3 }, 1e-3, 3.0, 20.52)]
    public void Choice_frequencies_are_proportional_to_exp_epsilon_u_over_2_sensitivity(double[] utilities, double sensitivity, double epsilon, double critical)
    {
        var observed = Frequencies(utilities, sensitivity, epsilon, 17);
        var chi = Stats.ChiSquare(observed, Expected(utilities, sensitivity, epsilon));
        Assert.True(chi < critical, $"chi-square {chi:F2} (critical {critical})");
    }

    [Fact]
    public void Doubling_the_sensitivity_flattens_the_choice_like_halving_epsilon()
    {
        double[] utilities = [0, 2, 4];
        var observed = Frequencies(utilities, 2, 1, 5);
        Assert.True(Stats.ChiSquare(observed, Expected(utilities, 1, 0.5)) < 13.82); // 99.9% at 2 degrees of freedom
        Assert.True(Stats.ChiSquare(observed, Expected(utilities, 1, 1)) > 100); // and clearly not the Δ = 1 distribution
    }

    [Fact]
    public void A_far_better_candidate_is_almost_always_chosen_and_huge_gaps_stay_exact()
    {
        double[] utilities = [0, 1_000, 3, -1e300];
        var counts = Frequencies(utilities, 1, 1, 3, 2_000);
        Assert.Equal(2_000, counts[1]);
    }

    [Fact]
    public void Rejects_empty_and_non_finite_utilities()
    {
        var rng = new DeterministicTestRandom(1);
        Assert.Throws<ArgumentException>(() => ExponentialMechanism.Choose([], 1, 1, rng));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialMechanism.Choose([1, double.NaN], 1, 1, rng));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialMechanism.Choose([1, 2], 0, 1, rng));
    }
}
