using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy.Anonymity;

namespace Obscura.Core.Tests.Anonymity;

public sealed class PrivacyModelTests
{
    [Fact]
    public void Distinct_l_diversity_counts_different_values()
    {
        var m = new DistinctLDiversity(2);
        Assert.True(m.Holds([3, 1, 0], 4));
        Assert.False(m.Holds([4, 0, 0], 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DistinctLDiversity(1));
    }

    [Fact]
    public void Entropy_l_diversity_compares_the_entropy_with_log_l()
    {
        var m = new EntropyLDiversity(2);
        Assert.True(m.Holds([2, 2], 4)); // entropy exactly log 2
        Assert.False(m.Holds([3, 1], 4)); // 0.562 < 0.693
        Assert.True(new EntropyLDiversity(1.7).Holds([3, 1], 4)); // log 1.7 = 0.531
    }

    [Fact]
    public void Recursive_cl_diversity_compares_the_most_frequent_with_the_tail()
    {
        // Sorted 5, 3, 2: with l = 2 the tail is 3 + 2 = 5.
        Assert.True(new RecursiveCLDiversity(2, 2).Holds([2, 5, 3], 10)); // 5 < 2·5
        Assert.False(new RecursiveCLDiversity(1, 2).Holds([2, 5, 3], 10)); // 5 < 1·5 fails
        // With l = 3 the tail is 2.
        Assert.True(new RecursiveCLDiversity(3, 3).Holds([2, 5, 3], 10)); // 5 < 6
        Assert.False(new RecursiveCLDiversity(2, 3).Holds([2, 5, 3], 10)); // 5 < 4 fails
        Assert.False(new RecursiveCLDiversity(10, 3).Holds([5, 5, 0], 10)); // fewer than l values
    }

    [Fact]
    public void Ordered_distance_matches_the_t_closeness_paper_example()
    {
        // Li et al.: salaries 3k..11k, one record each; {3k,4k,5k} is 0.375 away, {6k,8k,11k} 0.167.
        var global = Enumerable.Repeat(1, 9).ToArray();
        var t = new TCloseness(0.2, global, GroundDistance.Ordered);
        Assert.Equal(0.375, t.EarthMovers([1, 1, 1, 0, 0, 0, 0, 0, 0], 3), 6);
        Assert.Equal(1 / 6.0, t.EarthMovers([0, 0, 0, 1, 0, 1, 0, 0, 1], 3), 6);
        Assert.False(t.Holds([1, 1, 1, 0, 0, 0, 0, 0, 0], 3));
        Assert.True(t.Holds([0, 0, 0, 1, 0, 1, 0, 0, 1], 3));
    }

    [Fact]
    public void Equal_distance_is_half_the_total_variation()
    {
        var t = new TCloseness(0.3, [5, 5], GroundDistance.Equal);
        Assert.Equal(0.25, t.EarthMovers([3, 1], 4), 9);
        Assert.True(t.Holds([3, 1], 4));
        Assert.False(t.Holds([4, 0], 4));
    }

    [Fact]
    public void Hierarchical_distance_moves_mass_inside_subtrees_cheaply()
    {
        var bag = new DiagnosticBag();
        // Two diseases per group; the table is uniform over the four.
        var h = Hierarchy.Parse("disease", ["flu;respiratory;*", "cold;respiratory;*", "ulcer;digestive;*", "gastritis;digestive;*"], bag);
        var t = new TCloseness(1, [1, 1, 1, 1], GroundDistance.Hierarchical, h);
        // All mass on flu: 0.25 moves within respiratory (cost 1/2 each), 0.5 crosses the top (cost 1).
        Assert.Equal(0.25 * 0.5 + 0.5 * 1, t.EarthMovers([4, 0, 0, 0], 4), 9);
        // Half flu, half cold: the digestive half moves across the top.
        Assert.Equal(0.5, t.EarthMovers([2, 2, 0, 0], 4), 9);
        Assert.Equal(0, t.EarthMovers([1, 1, 1, 1], 4), 9);
    }
}
