using System.Numerics;

namespace Obscura.Core.Crypto;

/// <summary>
/// A keyed bijection of the integer domain [0, n) for any n from 1 to 2^64: a Feistel network with
/// <see cref="Rounds"/> rounds on the next power-of-two bit width (halves of ⌊w/2⌋ and ⌈w/2⌉ bits, alternating
/// as in NIST FF1), SipHash-2-4 as the round function, and cycle walking to stay inside [0, n).
/// Deterministic for a given key, domain and tweak; thread-safe (immutable).
/// </summary>
public sealed class KeyedPermutation
{
    /// <summary>Number of Feistel rounds (even, so the halves end where they started).</summary>
    public const int Rounds = 10;

    private readonly SipHash _prf;
    private readonly ulong _last;
    private readonly int _width;
    private readonly int _leftBits;
    private readonly int _rightBits;
    private readonly ulong _roundTag;

    /// <summary>Creates the permutation of [0, <paramref name="domainSize"/>) for a 16-byte key.</summary>
    /// <param name="key">16-byte key (derive it from the run secret).</param>
    /// <param name="domainSize">n, from 1 to 2^64.</param>
    /// <param name="tweak">Separates independent permutations that share a key.</param>
    public KeyedPermutation(ReadOnlySpan<byte> key, UInt128 domainSize, ushort tweak = 0)
        : this(new SipHash(key), domainSize, tweak)
    {
    }

    /// <summary>Creates the permutation of [0, <paramref name="domainSize"/>) with <paramref name="prf"/> as round function.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="domainSize"/> is 0 or above 2^64.</exception>
    public KeyedPermutation(SipHash prf, UInt128 domainSize, ushort tweak = 0)
    {
        if (domainSize == UInt128.Zero || domainSize > (UInt128)ulong.MaxValue + 1)
            throw new ArgumentOutOfRangeException(nameof(domainSize), "the domain size must be between 1 and 2^64");
        _prf = prf;
        DomainSize = domainSize;
        _last = (ulong)(domainSize - 1);
        _width = _last == 0 ? 0 : Math.Max(2, 64 - BitOperations.LeadingZeroCount(_last));
        _leftBits = _width / 2;
        _rightBits = _width - _leftBits;
        _roundTag = ((ulong)_width << 40) | ((ulong)tweak << 48);
    }

    /// <summary>n: the permutation maps [0, n) onto itself.</summary>
    public UInt128 DomainSize { get; }

    /// <summary>The image of <paramref name="value"/>, in [0, n).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not below n.</exception>
    public ulong Permute(ulong value)
    {
        if (value > _last) throw new ArgumentOutOfRangeException(nameof(value), "the value is outside the permutation's domain");
        if (_width == 0) return 0;
        // Cycle walking: the cycle through value returns into [0, n) because value itself is in it.
        var y = Encrypt(value);
        while (y > _last) y = Encrypt(y);
        return y;
    }

    /// <summary>The preimage of <paramref name="value"/>: <c>Invert(Permute(x)) == x</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not below n.</exception>
    public ulong Invert(ulong value)
    {
        if (value > _last) throw new ArgumentOutOfRangeException(nameof(value), "the value is outside the permutation's domain");
        if (_width == 0) return 0;
        var x = Decrypt(value);
        while (x > _last) x = Decrypt(x);
        return x;
    }

    private ulong Encrypt(ulong x)
    {
        var a = x >> _rightBits;
        var b = x & Mask(_rightBits);
        for (var i = 0; i < Rounds; i++)
        {
            // Round i XORs the |a|-bit half with F(b); the halves then swap, so widths alternate u, v, u, ...
            var bits = (i & 1) == 0 ? _leftBits : _rightBits;
            var c = (a ^ F(i, b)) & Mask(bits);
            a = b;
            b = c;
        }
        return (a << _rightBits) | b;
    }

    private ulong Decrypt(ulong y)
    {
        var a = y >> _rightBits;
        var b = y & Mask(_rightBits);
        for (var i = Rounds - 1; i >= 0; i--)
        {
            var bits = (i & 1) == 0 ? _leftBits : _rightBits;
            var c = b;
            b = a;
            a = (c ^ F(i, b)) & Mask(bits);
        }
        return (a << _rightBits) | b;
    }

    // The round input (at most 32 bits) shares one SipHash block with the round number, width and tweak.
    private ulong F(int round, ulong half) => _prf.Compute(half | ((ulong)round << 32) | _roundTag);

    private static ulong Mask(int bits) => bits >= 64 ? ulong.MaxValue : (1UL << bits) - 1;
}
