namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// The per-value random stream of the faker: SplitMix64 seeded with the keyed hash of the input, so every choice
/// is a pure function of (secret, kind, locale, input). Tiny, allocation-free and stable across .NET versions
/// (unlike <see cref="Random"/>, whose seeded sequence is an implementation detail).
/// </summary>
internal struct FakerRandom
{
    private ulong _state;

    /// <summary>Starts the stream at <paramref name="seed"/>.</summary>
    public FakerRandom(ulong seed) => _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, <paramref name="count"/>) for count ≥ 1 (multiply-shift; the bias is below 2^-32 for the sizes used here).</summary>
    public int Next(int count) => (int)Math.BigMul(NextUInt64(), (ulong)count, out _);

    /// <summary>A number in [0, <paramref name="count"/>) for count ≥ 1.</summary>
    public ulong NextUInt64(ulong count) => Math.BigMul(NextUInt64(), count, out _);

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary>An ASCII digit.</summary>
    public char Digit() => (char)('0' + Next(10));

    /// <summary>An upper-case ASCII letter.</summary>
    public char Letter() => (char)('A' + Next(26));

    /// <summary>True with probability <paramref name="numerator"/>/<paramref name="denominator"/>.</summary>
    public bool Chance(int numerator, int denominator) => Next(denominator) < numerator;
}
