using Obscura.Core.Privacy;

namespace Obscura.Core.Tests.Privacy;

public sealed class GroupThresholdTests
{
    [Theory]
    [InlineData(1.0, 1e-5, 1, 1.0)]
    [InlineData(0.5, 1e-6, 3, 1.0)]
    [InlineData(2.0, 1e-8, 4, 5.0)]
    public void Laplace_tau_matches_the_closed_form(double epsilon, double delta, int groups, double perGroup)
    {
        var bound = new ContributionBound(groups, perGroup);
        var b = bound.L1 / epsilon;
        var closedForm = perGroup + b * Math.Log(groups / (2 * delta));
        // The discrete computation is the closed form up to a few grid steps.
        Assert.InRange(GroupThreshold.Tau(epsilon, delta, bound), closedForm, closedForm + b * 1e-4);
    }

    [Fact]
    public void Tau_for_one_key_per_person_is_1_plus_ln_1_over_2_delta_over_epsilon()
    {
        var tau = GroupThreshold.Tau(1, 1e-5, ContributionBound.Single);
        Assert.Equal(1 + Math.Log(1 / 2e-5), tau, 3);
    }

    [Fact]
    public void Gaussian_tau_follows_the_normal_tail()
    {
        var bound = new ContributionBound(4, 1);
        var mechanism = new GaussianMechanism(1, 1e-6, bound.L2);
        var tau = GroupThreshold.Gaussian(mechanism, 1e-6, bound);
        var closedForm = 1 + mechanism.Sigma * 5.0263; // Φ̄⁻¹(1e-6 / 4) ≈ 5.0263
        Assert.InRange(tau, closedForm - mechanism.Sigma * 1e-3, closedForm + mechanism.Sigma * 1e-3);
    }

    [Fact]
    public void Gaussian_keys_of_one_person_pass_at_most_delta_of_the_time()
    {
        var mechanism = new GaussianMechanism(1, 1e-5, 1);
        var tau = GroupThreshold.Gaussian(mechanism, 0.05, ContributionBound.Single);
        var rng = new DeterministicTestRandom(8);
        var passed = 0;
        for (var run = 0; run < 40_000; run++) if (mechanism.Release(1, rng).Value >= tau) passed++;
        Assert.InRange(passed / 40_000.0, 0.045, 0.05 + 4 * 0.0011);
    }
}
