namespace Obscura.Engine.Sampling.Internal;

/// <summary>Whole-number shares of a total (largest remainder method: floor each exact share, give the rest to the largest fractions).</summary>
internal static class Quotas
{
    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/>; ties go to the earlier weight.</summary>
    public static int[] Split(int total, IReadOnlyList<double> weights)
    {
        var result = new int[weights.Count];
        var sum = weights.Sum();
        if (total <= 0 || sum <= 0) return result;
        var remainders = new double[weights.Count];
        var given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = total * weights[i] / sum;
            result[i] = (int)Math.Floor(exact);
            remainders[i] = exact - result[i];
            given += result[i];
        }
        foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(total - given)) result[i]++;
        return result;
    }
}
