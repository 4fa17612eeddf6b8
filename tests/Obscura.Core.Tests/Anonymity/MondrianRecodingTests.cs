using Obscura.Core.Privacy.Anonymity;

namespace Obscura.Core.Tests.Anonymity;

public sealed class MondrianRecodingTests
{
    [Fact]
    public void Four_rows_at_k_2_split_into_the_two_cheapest_classes()
    {
        var table = AnonymityTestData.Table([(20, "nurse", 0), (21, "doctor", 1), (22, "teacher", 0), (23, "lecturer", 1)]);
        var criteria = new ReleaseCriteria { K = 2 };
        var result = MondrianRecoding.Run(table, criteria);
        AnonymityTestData.AssertValid(table, result, criteria);
        Assert.Equal(2, result.Classes.Count);
        var labels = result.Classes.Select(c => string.Join("|", c.Labels)).Order().ToList();
        Assert.Equal(["20-21|health", "22-23|education"], labels);
        var metrics = ReleaseMetrics.Compute(table, result, 0.2);
        Assert.Equal((4 * (1 / 3.0) + 4 * (1 / 5.0)) / 8, metrics.Ncp, 9);
    }

    [Fact]
    public void The_cut_goes_where_it_costs_least_not_at_the_median()
    {
        // Median Mondrian cuts {1,2,3,4} | {5,6,7,100}; the cheapest cut leaves the outlier with its nearest neighbours.
        var ages = new[] { 1, 2, 3, 4, 5, 6, 7, 100 };
        var table = AnonymityTestData.Table(ages.Select(a => (a, "nurse", 0)).ToList());
        var criteria = new ReleaseCriteria { K = 3 };
        var result = MondrianRecoding.Run(table, criteria);
        AnonymityTestData.AssertValid(table, result, criteria);
        Assert.Equal(["1-5", "6-100"], result.Classes.Select(c => c.Labels[0]).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void The_suppression_budget_goes_to_an_outlier_that_costs_its_class_more_than_itself()
    {
        var rows = Enumerable.Repeat((20, "nurse", 0), 10).Append((90, "typist", 0)).ToList();
        var table = AnonymityTestData.Table(rows);
        var without = MondrianRecoding.Run(table, new ReleaseCriteria { K = 5 });
        Assert.Equal(0, without.Suppressed);
        Assert.Equal(1.0, ReleaseMetrics.Compute(table, without, 0.2).Ncp, 9);

        var criteria = new ReleaseCriteria { K = 5, SuppressionLimit = 0.1 };
        var with = MondrianRecoding.Run(table, criteria);
        AnonymityTestData.AssertValid(table, with, criteria);
        Assert.Equal(1, with.Suppressed);
        Assert.Equal(-1, with.ClassOf[10]);
        Assert.Equal(2 / 22.0, ReleaseMetrics.Compute(table, with, 0.2).Ncp, 9);
    }

    [Fact]
    public void A_table_that_cannot_hold_the_model_is_suppressed_whole()
    {
        var table = AnonymityTestData.Table([(20, "nurse", 0), (21, "doctor", 0), (22, "teacher", 0)]);
        var result = MondrianRecoding.Run(table, new ReleaseCriteria { K = 2, Models = [new DistinctLDiversity(2)] });
        Assert.Equal(3, result.Suppressed);
        Assert.Empty(result.Classes);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 5)]
    [InlineData(3, 10)]
    public void Random_tables_hold_k_and_every_label_is_truthful(int seed, int k)
    {
        var table = AnonymityTestData.Random(seed, 500);
        var criteria = new ReleaseCriteria { K = k, SuppressionLimit = 0.02 };
        var result = MondrianRecoding.Run(table, criteria);
        AnonymityTestData.AssertValid(table, result, criteria);
        Assert.True(result.Classes.Count > 500 / (4 * k), $"only {result.Classes.Count} classes");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_tables_hold_each_l_diversity_and_t_closeness(int seed)
    {
        var table = AnonymityTestData.Random(seed, 600, sensitiveValues: 4);
        PrivacyModel[] models =
        [
            new DistinctLDiversity(3), new EntropyLDiversity(2.5), new RecursiveCLDiversity(3, 3),
            new TCloseness(0.15, table.SensitiveCounts(), GroundDistance.Ordered),
        ];
        foreach (var model in models)
        {
            var criteria = new ReleaseCriteria { K = 4, Models = [model], SuppressionLimit = 0.01 };
            var result = MondrianRecoding.Run(table, criteria);
            AnonymityTestData.AssertValid(table, result, criteria);
            Assert.True(result.Classes.Count > 10, $"{model.Name}: {result.Classes.Count} classes");
        }
    }
}
