namespace Obscura.Core.Privacy;

/// <summary>
/// A seeded, predictable generator (xoshiro256**, seeded through SplitMix64) FOR TESTS ONLY: anyone who knows the seed
/// can recompute the noise and remove it, so a release made with it protects nothing. Nothing in Obscura uses it
/// by default; real releases take <see cref="CryptoPrivacyRandom"/>.
/// </summary>
/// <remarks>Not thread-safe: one instance per test.</remarks>
public sealed class DeterministicTestRandom : IPrivacyRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates the generator from a seed; the same seed gives the same words.</summary>
    public DeterministicTestRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <inheritdoc />
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
