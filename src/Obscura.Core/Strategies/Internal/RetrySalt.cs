namespace Obscura.Core.Strategies.Internal;

/// <summary>Mixes a collision-retry attempt number into a 64-bit seed (SplitMix64 finaliser), so attempt n gives an unrelated stream.</summary>
internal static class RetrySalt
{
    public static ulong Mix(ulong seed, int attempt)
    {
        var z = seed + (ulong)attempt * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
