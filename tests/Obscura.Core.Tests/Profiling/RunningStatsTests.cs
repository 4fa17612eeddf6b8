using FsCheck;
using FsCheck.Xunit;
using Obscura.Core.Profiling;

namespace Obscura.Core.Tests.Profiling;

public sealed class RunningStatsTests
{
    private static (double Mean, double Sd) Exact(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return (mean, sd);
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    [Fact]
    public void Matches_the_exact_mean_and_sample_standard_deviation()
    {
        var values = Enumerable.Range(1, 10_000).Select(i => 1e9 + (i % 97) * 0.5).ToList();
        var stats = new RunningStats();
        foreach (var v in values) stats.Add(v);
        var (mean, sd) = Exact(values);
        Assert.True(Close(mean, stats.Mean));
        Assert.True(Math.Abs(sd - stats.StandardDeviation) < 1e-6, $"{sd} vs {stats.StandardDeviation}");
        Assert.Equal(10_000, stats.Count);
    }

    [Fact]
    public void Empty_and_single_value_have_no_spread()
    {
        var stats = new RunningStats();
        Assert.True(double.IsNaN(stats.Mean));
        stats.Add(42);
        Assert.Equal(42, stats.Mean);
        Assert.True(double.IsNaN(stats.StandardDeviation));
        Assert.Equal(0, stats.PopulationVariance);
    }

    [Property(MaxTest = 200)]
    public bool Merging_any_split_equals_one_stream(NormalFloat[] raw, byte split)
    {
        var values = raw.Select(v => v.Get % 1e6).ToList();
        if (values.Count < 2) return true;
        var cut = split % values.Count;
        var whole = new RunningStats();
        var left = new RunningStats();
        var right = new RunningStats();
        for (var i = 0; i < values.Count; i++)
        {
            whole.Add(values[i]);
            (i < cut ? left : right).Add(values[i]);
        }
        left.Merge(right);
        var (mean, sd) = Exact(values);
        return left.Count == whole.Count
            && Math.Abs(left.Mean - mean) < 1e-6 && Math.Abs(whole.Mean - mean) < 1e-6
            && Math.Abs(left.StandardDeviation - sd) < 1e-6 && Math.Abs(whole.StandardDeviation - sd) < 1e-6;
    }
}
