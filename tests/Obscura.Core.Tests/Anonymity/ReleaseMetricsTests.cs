using Obscura.Core.Privacy.Anonymity;

namespace Obscura.Core.Tests.Anonymity;

public sealed class ReleaseMetricsTests
{
    [Fact]
    public void Figures_of_a_hand_made_release_with_one_suppressed_row()
    {
        var table = AnonymityTestData.Table([(20, "nurse", 0), (21, "doctor", 1), (22, "teacher", 0), (23, "lecturer", 1), (20, "nurse", 1)]);
        var a = table.Attributes;
        var result = new Anonymization
        {
            ClassOf = [0, 0, 1, 1, -1],
            Classes =
            [
                EquivalenceClass.Tight(a, 2, [0, 0], [1, 1]),
                EquivalenceClass.Tight(a, 2, [2, 2], [3, 3]),
            ],
            Method = "test",
        };
        Assert.Equal(["20-21", "health"], result.Classes[0].Labels);
        var m = ReleaseMetrics.Compute(table, result, 0.4);
        // Age 20-21 of 20..23 costs 1/3, health 1/5; the suppressed row costs 1 per cell.
        Assert.Equal((4 * (1 / 3.0 + 1 / 5.0) + 2) / 10, m.Ncp, 9);
        Assert.Equal((4 * (1 / 3.0) + 1) / 5, m.NcpByColumn["age"], 9);
        Assert.Equal(2 * 2 + 2 * 2 + 1 * 5, m.Discernibility);
        Assert.Equal((4, 1, 2), (m.Released, m.Suppressed, m.Classes));
        Assert.Equal((0.5, 0.5, 1.0), (m.Prosecutor.Highest, m.Prosecutor.Average, m.Prosecutor.RecordsAtRisk));
        // The suppressed row (20, nurse) is in the population and matches the first class: 3 candidates there.
        Assert.Equal(0.5, m.Journalist.Highest, 9);
        Assert.Equal((2 / 3.0 + 1) / 4, m.Journalist.Average, 9);
        Assert.Equal(0.5, m.Journalist.RecordsAtRisk, 9);
        Assert.Equal((2 / 3.0 + 1) / 4, m.Marketer, 9);
        Assert.Equal(2, m.ClassSizes[2]);
    }
}
