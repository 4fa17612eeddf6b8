using System.Numerics;
using Obscura.Core.Privacy;

namespace Obscura.Core.Tests.Privacy;

public sealed class PrivacyRandomTests
{
    [Fact]
    public void The_test_generator_repeats_its_words_for_a_seed_and_differs_between_seeds()
    {
        var a = new DeterministicTestRandom(42);
        var b = new DeterministicTestRandom(42);
        var c = new DeterministicTestRandom(43);
        var first = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 100).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void The_crypto_generator_gives_balanced_bits_from_many_threads_without_repeats()
    {
        var words = new ulong[8][];
        Parallel.For(0, words.Length, t =>
        {
            words[t] = new ulong[5_000];
            for (var i = 0; i < words[t].Length; i++) words[t][i] = CryptoPrivacyRandom.Shared.NextUInt64();
        });
        var all = words.SelectMany(w => w).ToArray();
        Assert.Equal(all.Length, all.Distinct().Count());
        // 40,000 words: each of the 64 bit positions is set close to half the time (6 standard deviations = 600).
        for (var bit = 0; bit < 64; bit++)
        {
            var set = all.Count(w => (w >> bit & 1) != 0);
            Assert.InRange(set, 20_000 - 600, 20_000 + 600);
        }
        var ones = all.Sum(w => (long)BitOperations.PopCount(w));
        Assert.InRange(ones, 32L * all.Length - 5_000, 32L * all.Length + 5_000);
    }

    [Fact]
    public void Mechanisms_give_the_same_release_for_the_same_seed()
    {
        var mechanism = new GaussianMechanism(1, 1e-6, 1);
        Assert.Equal(mechanism.Release(5, new DeterministicTestRandom(3)).Value, mechanism.Release(5, new DeterministicTestRandom(3)).Value);
        Assert.NotEqual(mechanism.Release(5, new DeterministicTestRandom(3)).Value, mechanism.Release(5, new DeterministicTestRandom(4)).Value);
    }
}
