using FsCheck;
using FsCheck.Xunit;
using Obscura.Core.Privacy;

namespace Obscura.Core.Tests.Privacy;

public sealed class PrivacyBudgetTests
{
    [Fact]
    public void Basic_composition_adds_epsilons_and_deltas()
    {
        var total = PrivacyBudget.Compose([new(0.5, 1e-6), new(0.25), new(1, 1e-7)]);
        Assert.Equal(1.75, total.Epsilon, 12);
        Assert.Equal(1.1e-6, total.Delta, 15);
        Assert.True(new PrivacyBudget(2, 1e-5).Covers(total));
        Assert.False(new PrivacyBudget(1.7, 1e-5).Covers(total));
    }

    [Property(MaxTest = 500)]
    public bool Equal_shares_never_add_up_to_more_than_the_total(PositiveInt parts, NormalFloat epsilon)
    {
        var budget = new PrivacyBudget(Math.Abs(epsilon.Get) % 100, 1e-5);
        var k = parts.Get % 1000 + 1;
        var share = budget.Split(k);
        double sumEpsilon = 0, sumDelta = 0;
        for (var i = 0; i < k; i++) { sumEpsilon += share.Epsilon; sumDelta += share.Delta; }
        return sumEpsilon <= budget.Epsilon && sumDelta <= budget.Delta
            && share.Epsilon >= budget.Epsilon / k * (1 - 1e-9);
    }

    [Fact]
    public void Weighted_shares_follow_the_weights_and_stay_within_the_total()
    {
        var shares = new PrivacyBudget(1, 1e-6).Split([1, 2, 1, 0]);
        Assert.Equal(0.25, shares[0].Epsilon, 12);
        Assert.Equal(0.5, shares[1].Epsilon, 12);
        Assert.Equal(0.0, shares[3].Epsilon);
        Assert.True(PrivacyBudget.Compose(shares).Epsilon <= 1);
        Assert.True(PrivacyBudget.Compose(shares).Delta <= 1e-6);
    }

    [Fact]
    public void Rejects_negative_or_impossible_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivacyBudget(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivacyBudget(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivacyBudget(1).Split(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivacyBudget(1).Split([0.0, 0.0]));
    }
}
