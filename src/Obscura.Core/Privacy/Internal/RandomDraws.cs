using System.Numerics;

namespace Obscura.Core.Privacy.Internal;

/// <summary>Uniform integers and unit reals from an <see cref="IPrivacyRandom"/>, by rejection (no modulo bias).</summary>
internal static class RandomDraws
{
    /// <summary>A uniform integer in [0, <paramref name="bound"/>); <paramref name="bound"/> must be positive.</summary>
    public static ulong Below(this IPrivacyRandom rng, ulong bound)
    {
        var mask = ulong.MaxValue >> BitOperations.LeadingZeroCount(bound - 1 | 1);
        while (true)
        {
            var candidate = rng.NextUInt64() & mask;
            if (candidate < bound) return candidate;
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>); <paramref name="bound"/> must be positive.</summary>
    public static BigInteger Below(this IPrivacyRandom rng, BigInteger bound)
    {
        if (bound <= ulong.MaxValue) return rng.Below((ulong)bound);
        var bits = (int)(bound - 1).GetBitLength();
        var words = (bits + 63) / 64;
        var topMask = bits % 64 == 0 ? ulong.MaxValue : (1UL << (bits % 64)) - 1;
        var bytes = new byte[words * sizeof(ulong)];
        while (true)
        {
            for (var w = 0; w < words; w++)
            {
                var word = rng.NextUInt64();
                if (w == words - 1) word &= topMask;
                BitConverter.TryWriteBytes(bytes.AsSpan(w * sizeof(ulong)), word);
            }
            var candidate = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
            if (candidate < bound) return candidate;
        }
    }

    /// <summary>One fair coin.</summary>
    public static bool Coin(this IPrivacyRandom rng) => (rng.NextUInt64() & 1) != 0;

    /// <summary>A uniform real strictly between 0 and 1: 53 random bits, centred in their cell.</summary>
    public static double OpenUnit(this IPrivacyRandom rng) => ((rng.NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));
}
