using Obscura.Engine.Uniqueness;

namespace Obscura.Engine.Tests.Uniqueness;

public sealed class FingerprintSetTests
{
    [Theory]
    [InlineData(1L << 20, false)]
    [InlineData(16L << 10, true)]
    public void Answers_like_an_exact_set_in_memory_and_after_spilling(long memoryBytes, bool spills)
    {
        var dir = Directory.CreateTempSubdirectory("obscura-fp-test").FullName;
        try
        {
            var random = new Random(7);
            var exact = new HashSet<ulong>();
            using (var set = new FingerprintSet(memoryBytes, dir))
            {
                for (var i = 0; i < 60_000; i++)
                {
                    // About a third repeat: drawn from 40,000 distinct values (0 included, which the set stores as 1).
                    var f = (ulong)random.Next(1, 40_000) * 0x9E3779B97F4A7C15UL;
                    Assert.Equal(exact.Add(f), set.Add(f));
                }
                Assert.Equal(exact.Count, set.Count);
                Assert.Equal(spills, set.Spilled);
                // Lookups of held and absent values (after a spill these go through the Bloom filter, then the file).
                for (var i = 0; i < 20_000; i++)
                {
                    var f = (ulong)random.Next(1, 80_000) * 0x9E3779B97F4A7C15UL;
                    Assert.Equal(exact.Contains(f), set.Contains(f));
                }
                Assert.True(set.MemoryBytes <= memoryBytes);
            }
            Assert.Empty(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
