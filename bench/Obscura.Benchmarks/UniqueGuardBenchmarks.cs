using BenchmarkDotNet.Attributes;
using Obscura.Engine.Uniqueness;

namespace Obscura.Benchmarks;

/// <summary>
/// Cost of remembering the outputs of a unique column: 10 million fingerprints in the default 128 MiB, and the same
/// with a 32 MiB budget, where everything past about 3 million spills to a temporary SQLite file.
/// Run: <c>dotnet run -c Release --project bench/Obscura.Benchmarks -- --filter '*UniqueGuardBenchmarks*' --job dry</c>
/// </summary>
[MemoryDiagnoser]
public class UniqueGuardBenchmarks
{
    [Params(10_000_000)]
    public int Values { get; set; }

    [Params(32L << 20, 128L << 20)]
    public long MemoryBytes { get; set; }

    /// <summary>Adds <see cref="Values"/> distinct fingerprints; returns how many spilled (to keep the work observable).</summary>
    [Benchmark]
    public long AddDistinct()
    {
        using var set = new FingerprintSet(MemoryBytes);
        var x = 0x243F6A8885A308D3UL;
        for (var i = 0; i < Values; i++)
        {
            x += 0x9E3779B97F4A7C15UL;
            var z = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            set.Add(z ^ (z >> 27));
        }
        return set.Spilled ? set.Count : 0;
    }
}
