namespace Obscura.Engine.Generate.Internal;

/// <summary>
/// Counter-based randomness: every draw is a pure function of a key and a row number (SplitMix64's finaliser), so a
/// value can be computed for any row in any order, on any thread, and the same seed always gives the same rows.
/// </summary>
internal static class Draw
{
    /// <summary>SplitMix64's finaliser: a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>The draw of <paramref name="key"/> for one row.</summary>
    public static ulong At(ulong key, long row) => Mix(key ^ Mix((ulong)row));

    /// <summary>The <paramref name="n"/>-th further draw from one row's draw <paramref name="h"/>.</summary>
    public static ulong Next(ulong h, int n) => Mix(h + (ulong)n * 0xD1B54A32D192ED03UL);

    /// <summary>A double in [0, 1) from a draw.</summary>
    public static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, <paramref name="n"/>) from a draw (n &gt; 0), without modulo bias worth speaking of.</summary>
    public static long Below(ulong h, long n) => (long)(ulong)(((UInt128)h * (ulong)n) >> 64);

    /// <summary>A key from the run's seed and names (FNV-1a over the text, then mixed).</summary>
    public static ulong Key(long seed, string part1, string? part2 = null, string? part3 = null)
    {
        var h = 0xCBF29CE484222325UL ^ Mix((ulong)seed);
        h = Add(h, part1);
        if (part2 is not null) h = Add(Add(h, "\u0001"), part2);
        if (part3 is not null) h = Add(Add(h, "\u0001"), part3);
        return Mix(h);
    }

    private static ulong Add(ulong h, string text)
    {
        foreach (var c in text)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        return h;
    }
}
