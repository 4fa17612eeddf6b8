namespace Obscura.Core.Crypto;

/// <summary>
/// A keyed bijection of a signed range that keeps the sign: non-negative x in [0, P) maps into [0, P) and
/// negative x in [-N, -1] maps to <c>-1 - Q(-1 - x)</c>, with P and Q independent <see cref="KeyedPermutation"/>s.
/// Covers every SQL integer type (signed and unsigned, 8 to 64 bits) and decimals with a digit limit.
/// Thread-safe (immutable).
/// </summary>
public sealed class SignPreservingPermutation
{
    /// <summary>The largest decimal digit count <see cref="ForDecimalDigits"/> accepts (10^18 - 1 fits in a long).</summary>
    public const int MaxDecimalDigits = 18;

    private readonly KeyedPermutation _nonNegative;
    private readonly KeyedPermutation? _negative;
    private readonly ulong _nonNegativeCount;
    private readonly ulong _negativeCount;

    /// <summary>Creates the permutation of [-<paramref name="negativeCount"/>, <paramref name="nonNegativeCount"/> - 1].</summary>
    /// <param name="prf">Round function (keyed).</param>
    /// <param name="nonNegativeCount">How many non-negative values: 1 to 2^63.</param>
    /// <param name="negativeCount">How many negative values: 0 to 2^63.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public SignPreservingPermutation(SipHash prf, ulong nonNegativeCount, ulong negativeCount)
    {
        const ulong limit = 1UL << 63;
        if (nonNegativeCount is 0 or > limit) throw new ArgumentOutOfRangeException(nameof(nonNegativeCount), "between 1 and 2^63 non-negative values");
        if (negativeCount > limit) throw new ArgumentOutOfRangeException(nameof(negativeCount), "at most 2^63 negative values");
        _nonNegativeCount = nonNegativeCount;
        _negativeCount = negativeCount;
        _nonNegative = new KeyedPermutation(prf, nonNegativeCount, tweak: 1);
        _negative = negativeCount == 0 ? null : new KeyedPermutation(prf, negativeCount, tweak: 2);
        MinValue = negativeCount == 0 ? 0 : -1 - (long)(negativeCount - 1);
        MaxValue = (long)(nonNegativeCount - 1);
    }

    /// <summary>The smallest value of the domain.</summary>
    public long MinValue { get; }

    /// <summary>The largest value of the domain.</summary>
    public long MaxValue { get; }

    /// <summary>
    /// The permutation of an integer column's range: signed N-bit → [-2^(N-1), 2^(N-1) - 1]; unsigned N-bit →
    /// [0, 2^N - 1], except unsigned 64-bit, whose canonical value (a long) limits it to [0, 2^63 - 1].
    /// </summary>
    /// <param name="prf">Round function (keyed).</param>
    /// <param name="bits">Storage width: 8, 16, 24, 32 or 64 (any width from 2 to 64 works).</param>
    /// <param name="isUnsigned">True for unsigned types.</param>
    public static SignPreservingPermutation ForInteger(SipHash prf, int bits, bool isUnsigned)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 64);
        if (isUnsigned) return new SignPreservingPermutation(prf, bits == 64 ? 1UL << 63 : 1UL << bits, 0);
        var half = 1UL << (bits - 1);
        return new SignPreservingPermutation(prf, half, half);
    }

    /// <summary>The permutation of a decimal with <paramref name="digits"/> digits and scale 0: [-(10^p - 1), 10^p - 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is not between 1 and 18.</exception>
    public static SignPreservingPermutation ForDecimalDigits(SipHash prf, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, MaxDecimalDigits);
        var limit = 1UL;
        for (var i = 0; i < digits; i++) limit *= 10;
        return new SignPreservingPermutation(prf, limit, limit - 1);
    }

    /// <summary>True when <paramref name="value"/> is inside the domain.</summary>
    public bool Contains(long value) => value >= 0 ? (ulong)value < _nonNegativeCount : (ulong)(-1 - value) < _negativeCount;

    /// <summary>The image of <paramref name="value"/> (same sign, inside the domain).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside the domain.</exception>
    public long Permute(long value)
    {
        if (!Contains(value)) throw OutOfRange();
        return value >= 0
            ? (long)_nonNegative.Permute((ulong)value)
            : -1 - (long)_negative!.Permute((ulong)(-1 - value));
    }

    /// <summary>The preimage of <paramref name="value"/>: <c>Invert(Permute(x)) == x</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside the domain.</exception>
    public long Invert(long value)
    {
        if (!Contains(value)) throw OutOfRange();
        return value >= 0
            ? (long)_nonNegative.Invert((ulong)value)
            : -1 - (long)_negative!.Invert((ulong)(-1 - value));
    }

    private static ArgumentOutOfRangeException OutOfRange() =>
        new("value", "the value is outside the range of the column's type");
}
