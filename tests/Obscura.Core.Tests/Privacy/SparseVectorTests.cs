using FsCheck;
using FsCheck.Xunit;
using Obscura.Core.Privacy;

namespace Obscura.Core.Tests.Privacy;

public sealed class SparseVectorTests
{
    [Fact]
    public void Clear_cases_come_out_as_expected()
    {
        // Noise scales: threshold 2, queries 4·c = 12 (ε = 1, Δ = 1, c = 3); answers 0 and 1000 around a threshold of 500.
        var svt = new SparseVector(1, 1, 3);
        Assert.Equal(2.0, svt.ThresholdScale, 9);
        Assert.Equal(12.0, svt.QueryScale, 9);
        double[] answers = [0, 0, 1000, 0, 1000, 0, 0, 1000, 1000, 0];
        var rng = new DeterministicTestRandom(1);
        for (var run = 0; run < 200; run++)
        {
            var result = svt.Run(answers, 500, rng);
            Assert.Equal([2, 4, 7], result.Above);
            Assert.Equal(8, result.Examined);
            Assert.True(result.Halted);
            Assert.Equal(1.0, result.EpsilonSpent, 9);
        }
    }

    [Fact]
    public void Without_enough_positives_every_query_is_examined()
    {
        var svt = new SparseVector(2, 1, 5, monotonic: true);
        Assert.Equal(5.0, svt.QueryScale, 9); // cΔ/ε₂ = 5·1/(2/2) for monotonic queries
        var result = svt.Run([1000, -1000, -1000], 0, new DeterministicTestRandom(2));
        Assert.Equal([0], result.Above);
        Assert.Equal(3, result.Examined);
        Assert.False(result.Halted);
    }

    [Property(MaxTest = 300)]
    public bool Never_reports_more_than_the_cap(PositiveInt cap, NonEmptyArray<NormalFloat> answers, NormalFloat threshold, int seed)
    {
        var svt = new SparseVector(0.5, 1, cap.Get % 5 + 1);
        var result = svt.Run(answers.Get.Select(a => a.Get).ToArray(), threshold.Get, new DeterministicTestRandom((ulong)(uint)seed));
        return result.Above.Count <= svt.MaxPositives
            && result.Above.SequenceEqual(result.Above.Order())
            && result.Above.All(i => i < result.Examined)
            && (!result.Halted || result.Above.Count == svt.MaxPositives);
    }

    [Fact]
    public void Near_the_threshold_the_answer_is_a_coin_weighted_by_the_noise()
    {
        // A query exactly at the threshold: above about half the time (both noises symmetric).
        var svt = new SparseVector(1, 1, 1);
        var rng = new DeterministicTestRandom(3);
        var above = 0;
        for (var run = 0; run < 20_000; run++) above += svt.Run([10], 10, rng).Above.Count;
        Assert.InRange(above / 20_000.0, 0.48, 0.53);
    }
}
