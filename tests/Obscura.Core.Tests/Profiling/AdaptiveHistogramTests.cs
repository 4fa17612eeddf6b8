using FsCheck.Xunit;
using Obscura.Core.Profiling;

namespace Obscura.Core.Tests.Profiling;

public sealed class AdaptiveHistogramTests
{
    private static AdaptiveHistogram Of(IEnumerable<double> values, int minExponent = 0)
    {
        var h = new AdaptiveHistogram(minExponent);
        foreach (var v in values) h.Add(v);
        return h;
    }

    [Fact]
    public void Small_integer_ranges_get_one_bin_per_value()
    {
        var h = Of([3, 5, 5, 9, 9, 9]);
        var bins = h.Bins;
        Assert.Equal(7, bins.Count);
        Assert.Equal(1, h.Width);
        Assert.Equal((3.0, 1L), (bins[0].Low, bins[0].Count));
        Assert.Equal((9.0, 3L), (bins[^1].Low, bins[^1].Count));
    }

    [Fact]
    public void Wide_ranges_fit_in_at_most_64_power_of_two_bins_with_exact_counts()
    {
        var values = Enumerable.Range(0, 100_000).Select(i => (double)(i * 37 % 1_000_003)).ToList();
        var h = Of(values);
        Assert.InRange(h.Bins.Count, 32, AdaptiveHistogram.MaxBins);
        Assert.Equal(values.Count, h.Bins.Sum(b => b.Count));
        Assert.True(double.IsPow2(h.Width));
        foreach (var b in h.Bins) Assert.Equal(values.Count(v => v >= b.Low && v < b.High), b.Count);
    }

    [Fact]
    public void Non_finite_values_are_not_counted()
    {
        var h = Of([1.5, double.NaN, double.PositiveInfinity, 2.5], -10);
        Assert.Equal(2, h.Count);
    }

    [Property(MaxTest = 300)]
    public bool Merging_partitions_gives_the_same_bins_as_one_stream(int[] raw, byte parts)
    {
        var values = raw.Select(v => (double)v).ToList();
        var n = 1 + parts % 4;
        var pieces = Enumerable.Range(0, n).Select(_ => new AdaptiveHistogram(0)).ToArray();
        for (var i = 0; i < values.Count; i++) pieces[i % n].Add(values[i]);
        for (var p = 1; p < n; p++) pieces[0].Merge(pieces[p]);
        var whole = Of(values);
        return pieces[0].Bins.SequenceEqual(whole.Bins) && pieces[0].Width == whole.Width;
    }

    [Property(MaxTest = 300)]
    public bool Order_does_not_change_the_bins_of_fractional_values(double[] raw, int seed)
    {
        var values = raw.Where(double.IsFinite).Select(v => v % 1e9).ToArray();
        var shuffled = values.ToArray();
        new Random(seed).Shuffle(shuffled);
        var a = Of(values, -20);
        var b = Of(shuffled, -20);
        return a.Bins.SequenceEqual(b.Bins) && a.Bins.Sum(x => x.Count) == values.Length && a.Bins.Count <= AdaptiveHistogram.MaxBins;
    }

    [Property(MaxTest = 300)]
    public bool The_grid_index_by_multiplication_equals_ScaleB(int seed, double sample)
    {
        // Any finite double (raw bit patterns: huge, tiny and subnormal ones too) at exponents inside and outside the
        // range where 2^-e is a normal double.
        var random = new Random(seed);
        for (var n = 0; n < 200; n++)
        {
            var bits = random.NextInt64(long.MinValue, long.MaxValue);
            var value = (n % 3) switch
            {
                0 => BitConverter.Int64BitsToDouble(bits),
                1 => BitConverter.Int64BitsToDouble(bits & unchecked((long)0x800FFFFFFFFFFFFFUL)),
                _ => sample * random.NextDouble(),
            };
            if (!double.IsFinite(value)) continue;
            var e = random.Next(-1100, 1100);
            if (n % 2 == 0) e = random.Next(-60, 60);
            if (!AdaptiveHistogram.GridIndex(value, e, AdaptiveHistogram.ScaleFor(e)).Equals(Math.Floor(Math.ScaleB(value, -e)))) return false;
        }
        return true;
    }
}
