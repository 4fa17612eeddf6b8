using Obscura.Core.Privacy.Anonymity;

namespace Obscura.Core.Tests.Anonymity;

public sealed class FullDomainSearchTests
{
    [Fact]
    public void Every_row_gets_the_same_level_per_column()
    {
        var table = AnonymityTestData.Table([(20, "nurse", 0), (21, "doctor", 1), (22, "teacher", 0), (23, "lecturer", 1)]);
        var criteria = new ReleaseCriteria { K = 2 };
        var result = FullDomainSearch.Run(table, criteria);
        AnonymityTestData.AssertValid(table, result, criteria);
        Assert.NotNull(result.Levels);
        // Distinct ages or distinct jobs leave every row alone: both go up one level, to (20-21, health) and (22-23, education).
        Assert.Equal([1, 1], result.Levels);
        Assert.Equal((1 / 3.0 + 1 / 5.0) / 2, ReleaseMetrics.Compute(table, result, 0.2).Ncp, 9);
        Assert.Equal(["education", "health"], result.Classes.Select(c => c.Labels[1]).Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [InlineData(11, 3, 0.0, false)]
    [InlineData(12, 5, 0.02, false)]
    [InlineData(13, 4, 0.05, true)]
    [InlineData(14, 8, 0.01, true)]
    public void The_search_finds_the_same_optimum_as_checking_every_node(int seed, int k, double suppression, bool diverse)
    {
        var table = AnonymityTestData.Random(seed, 300);
        var criteria = new ReleaseCriteria { K = k, SuppressionLimit = suppression, Models = diverse ? [new DistinctLDiversity(2)] : [] };
        var result = FullDomainSearch.Run(table, criteria);
        AnonymityTestData.AssertValid(table, result, criteria);
        var found = ReleaseMetrics.Compute(table, result, 0.2).Ncp;
        Assert.Equal(BruteForce(table, criteria), found, 9);
    }

    /// <summary>The least NCP over every lattice node, computed directly.</summary>
    private static double BruteForce(EncodedTable table, ReleaseCriteria criteria)
    {
        var a = table.Attributes;
        var best = double.PositiveInfinity;
        for (var l0 = 0; l0 < a[0].Levels; l0++)
        {
            for (var l1 = 0; l1 < a[1].Levels; l1++)
            {
                var groups = Enumerable.Range(0, table.Rows)
                    .GroupBy(r => (a[0].GroupAt(table.Codes[0][r], l0).First, a[1].GroupAt(table.Codes[1][r], l1).First))
                    .ToList();
                var suppressed = 0;
                double cells = 0;
                foreach (var g in groups)
                {
                    var counts = new int[table.SensitiveValues];
                    foreach (var r in g) counts[table.Sensitive![r]]++;
                    if (!criteria.Holds(counts, g.Count()))
                    {
                        suppressed += g.Count();
                        cells += 2 * g.Count();
                        continue;
                    }
                    foreach (var r in g) cells += a[0].LossAt(table.Codes[0][r], l0) + a[1].LossAt(table.Codes[1][r], l1);
                }
                if (suppressed <= criteria.SuppressionBudget(table.Rows)) best = Math.Min(best, cells / (2.0 * table.Rows));
            }
        }
        return best;
    }
}
