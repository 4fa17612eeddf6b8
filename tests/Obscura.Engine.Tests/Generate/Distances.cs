namespace Obscura.Engine.Tests.Generate;

/// <summary>Distances between distributions used to judge generated data against its source.</summary>
public static class Distances
{
    /// <summary>Two-sample Kolmogorov–Smirnov statistic: the largest gap between the empirical CDFs.</summary>
    public static double KolmogorovSmirnov(IEnumerable<double> a, IEnumerable<double> b)
    {
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        if (x.Length == 0 || y.Length == 0) return 1;
        int i = 0, j = 0;
        var d = 0.0;
        while (i < x.Length && j < y.Length)
        {
            var v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v) i++;
            while (j < y.Length && y[j] <= v) j++;
            d = Math.Max(d, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }
        return d;
    }

    /// <summary>KS statistic between a sample and a CDF.</summary>
    public static double KolmogorovSmirnov(IEnumerable<double> sample, Func<double, double> cdf)
    {
        var x = sample.Order().ToArray();
        var d = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            // Only at the last of equal values is the empirical CDF's step complete.
            if (i + 1 < x.Length && x[i + 1] == x[i]) continue;
            var f = cdf(x[i]);
            d = Math.Max(d, Math.Abs((double)(i + 1) / x.Length - f));
        }
        return d;
    }

    /// <summary>Total-variation distance between two categorical samples or weight tables: half the L1 distance of the frequencies.</summary>
    public static double TotalVariation<T>(IEnumerable<KeyValuePair<T, double>> a, IEnumerable<KeyValuePair<T, double>> b) where T : notnull
    {
        var p = Normalize(a);
        var q = Normalize(b);
        return 0.5 * p.Keys.Union(q.Keys).Sum(k => Math.Abs(p.GetValueOrDefault(k) - q.GetValueOrDefault(k)));
    }

    /// <summary>Total variation between two samples.</summary>
    public static double TotalVariation<T>(IEnumerable<T> a, IEnumerable<T> b) where T : notnull =>
        TotalVariation(Frequencies(a), Frequencies(b));

    /// <summary>Counts of each value as weights.</summary>
    public static IEnumerable<KeyValuePair<T, double>> Frequencies<T>(IEnumerable<T> sample) where T : notnull =>
        sample.GroupBy(v => v).Select(g => new KeyValuePair<T, double>(g.Key, g.Count()));

    private static Dictionary<T, double> Normalize<T>(IEnumerable<KeyValuePair<T, double>> weights) where T : notnull
    {
        var d = new Dictionary<T, double>();
        foreach (var (k, w) in weights) d[k] = d.GetValueOrDefault(k) + w;
        var total = d.Values.Sum();
        foreach (var k in d.Keys.ToList()) d[k] /= total;
        return d;
    }
}
