using System.Globalization;
using FsCheck.Xunit;
using Obscura.Core.Profiling;

namespace Obscura.Core.Tests.Profiling;

public sealed class HyperLogLogTests
{
    private static double RelativeError(double estimate, long truth) => Math.Abs(estimate - truth) / truth;

    [Fact]
    public void Estimate_is_within_2_percent_at_one_million_distinct_integers()
    {
        var hll = new HyperLogLog();
        for (long i = 1; i <= 1_000_000; i++) hll.Add(ProfileHash.Of(i));
        Assert.True(RelativeError(hll.Estimate(), 1_000_000) < 0.02, $"estimate {hll.Estimate():F0}");
    }

    [Fact]
    public void Estimate_is_within_2_percent_at_one_million_distinct_email_like_strings()
    {
        var hll = new HyperLogLog();
        for (var i = 1; i <= 1_000_000; i++) hll.Add(ProfileHash.Of(("user" + i.ToString(CultureInfo.InvariantCulture) + "@example.com").AsSpan()));
        Assert.True(RelativeError(hll.Estimate(), 1_000_000) < 0.02, $"estimate {hll.Estimate():F0}");
    }

    [Fact]
    public void Mean_absolute_error_over_many_streams_matches_the_theoretical_0_81_percent()
    {
        // 20 independent streams of 200,000 distinct values each (disjoint ranges): the typical error should be near 1.04/sqrt(2^14).
        var errors = new List<double>();
        for (var s = 0; s < 20; s++)
        {
            var hll = new HyperLogLog();
            var start = (long)s << 40;
            for (long i = 0; i < 200_000; i++) hll.Add(ProfileHash.Of(start + i));
            errors.Add(RelativeError(hll.Estimate(), 200_000));
        }
        var rms = Math.Sqrt(errors.Average(e => e * e));
        Assert.True(rms < 0.0125, $"rms relative error {rms:P3}");
        Assert.True(errors.Max() < 0.03, $"max relative error {errors.Max():P3}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(853)]
    [InlineData(5_000)]
    [InlineData(40_000)]
    [InlineData(100_000)]
    public void Estimate_is_accurate_across_the_small_and_middle_range(int distinct)
    {
        var hll = new HyperLogLog();
        // Each value three times: duplicates must not count.
        for (var r = 0; r < 3; r++) for (var i = 0; i < distinct; i++) hll.Add(ProfileHash.Of(("v" + i.ToString(CultureInfo.InvariantCulture)).AsSpan()));
        Assert.Equal(distinct <= HyperLogLog.ExactLimit, hll.IsExact);
        if (hll.IsExact) Assert.Equal(distinct, hll.Count);
        else Assert.True(RelativeError(hll.Estimate(), distinct) < 0.02, $"estimate {hll.Estimate():F0} for {distinct}");
        // The registers alone are accurate at small counts too (no switch to linear counting needed).
        Assert.True(Math.Abs(hll.RegisterEstimate() - distinct) <= Math.Max(1, 0.02 * distinct), $"register estimate {hll.RegisterEstimate():F1} for {distinct}");
    }

    [Fact]
    public void Merging_exact_sketches_past_the_limit_falls_back_to_the_registers()
    {
        var left = new HyperLogLog();
        var right = new HyperLogLog();
        for (long i = 0; i < 800; i++) left.Add(ProfileHash.Of(i));
        for (long i = 500; i < 1500; i++) right.Add(ProfileHash.Of(i));
        Assert.True(left.IsExact && right.IsExact);
        left.Merge(right);
        Assert.False(left.IsExact);
        Assert.True(RelativeError(left.Estimate(), 1500) < 0.02);
        var small = new HyperLogLog();
        var other = new HyperLogLog();
        for (long i = 0; i < 300; i++) small.Add(ProfileHash.Of(i));
        for (long i = 200; i < 600; i++) other.Add(ProfileHash.Of(i));
        small.Merge(other);
        Assert.True(small.IsExact);
        Assert.Equal(600, small.Count);
    }

    [Property(MaxTest = 50)]
    public bool Merge_of_two_sketches_equals_the_sketch_of_the_union(long[] a, long[] b)
    {
        var left = new HyperLogLog();
        var right = new HyperLogLog();
        var union = new HyperLogLog();
        foreach (var x in a) { left.Add(ProfileHash.Of(x)); union.Add(ProfileHash.Of(x)); }
        foreach (var x in b) { right.Add(ProfileHash.Of(x)); union.Add(ProfileHash.Of(x)); }
        left.Merge(right);
        return left.Estimate() == union.Estimate();
    }

    [Fact]
    public void Merge_of_large_overlapping_parts_equals_the_union()
    {
        var left = new HyperLogLog();
        var right = new HyperLogLog();
        var union = new HyperLogLog();
        for (long i = 0; i < 300_000; i++) { left.Add(ProfileHash.Of(i)); union.Add(ProfileHash.Of(i)); }
        for (long i = 200_000; i < 600_000; i++) { right.Add(ProfileHash.Of(i)); union.Add(ProfileHash.Of(i)); }
        left.Merge(right);
        Assert.Equal(union.Estimate(), left.Estimate());
        Assert.True(RelativeError(left.Estimate(), 600_000) < 0.02);
    }
}
