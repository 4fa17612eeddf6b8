using System.Numerics;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>Length histogram bins: one per length below 64, then one per power of two up to int.MaxValue.</summary>
internal static class LengthBins
{
    private const int Exact = 64;

    /// <summary>Bins: 64 exact lengths plus [2^6, 2^7) ... [2^30, 2^31).</summary>
    public const int Count = Exact + 25;

    /// <summary>The bin of a length (one comparison and a leading-zero count: cheap enough per value).</summary>
    public static int Index(int length) => length < Exact ? length : Exact + BitOperations.Log2((uint)length) - 6;

    /// <summary>The occupied bins, ascending.</summary>
    public static List<LengthBin> Summarize(long[] counts)
    {
        var bins = new List<LengthBin>();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0) continue;
            var (low, high) = i < Exact ? (i, i + 1) : (1 << (i - Exact + 6), i - Exact + 7 >= 31 ? int.MaxValue : 1 << (i - Exact + 7));
            bins.Add(new LengthBin(low, high, counts[i]));
        }
        return bins;
    }
}
