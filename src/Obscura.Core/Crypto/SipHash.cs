using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Obscura.Core.Crypto;

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein): a fast keyed pseudo-random function with a 128-bit key and a
/// 64-bit output, used for per-value keyed hashing. Allocation-free; a value type holding only the key.
/// </summary>
public readonly struct SipHash
{
    /// <summary>Key size in bytes.</summary>
    public const int KeySize = 16;

    private readonly ulong _k0;
    private readonly ulong _k1;

    /// <summary>Creates the function from the two little-endian key words.</summary>
    public SipHash(ulong k0, ulong k1)
    {
        _k0 = k0;
        _k1 = k1;
    }

    /// <summary>Creates the function from a 16-byte key (read as two little-endian words, as in the reference).</summary>
    /// <exception cref="ArgumentException">The key is not 16 bytes.</exception>
    public SipHash(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize) throw new ArgumentException("a SipHash key is 16 bytes", nameof(key));
        _k0 = BinaryPrimitives.ReadUInt64LittleEndian(key);
        _k1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
    }

    /// <summary>Hashes a message of any length.</summary>
    public ulong Compute(ReadOnlySpan<byte> message)
    {
        var v0 = 0x736f6d6570736575UL ^ _k0;
        var v1 = 0x646f72616e646f6dUL ^ _k1;
        var v2 = 0x6c7967656e657261UL ^ _k0;
        var v3 = 0x7465646279746573UL ^ _k1;

        // The rounds are written out rather than called with ref arguments: that keeps v0..v3 in registers.
        var length = message.Length;
        var end = length & ~7;
        for (var i = 0; i < end; i += 8)
        {
            var m = BinaryPrimitives.ReadUInt64LittleEndian(message.Slice(i, 8));
            v3 ^= m;
            for (var r = 0; r < 2; r++)
            {
                v0 += v1; v1 = BitOperations.RotateLeft(v1, 13); v1 ^= v0; v0 = BitOperations.RotateLeft(v0, 32);
                v2 += v3; v3 = BitOperations.RotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = BitOperations.RotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = BitOperations.RotateLeft(v1, 17); v1 ^= v2; v2 = BitOperations.RotateLeft(v2, 32);
            }
            v0 ^= m;
        }

        var last = (ulong)length << 56;
        var tail = message[end..];
        for (var i = 0; i < tail.Length; i++) last |= (ulong)tail[i] << (8 * i);
        return Finish(v0, v1, v2, v3, last);
    }

    /// <summary>Hashes exactly 8 bytes given as a little-endian word: equal to <see cref="Compute(ReadOnlySpan{byte})"/> of those bytes, faster.</summary>
    public ulong Compute(ulong message)
    {
        var v0 = 0x736f6d6570736575UL ^ _k0;
        var v1 = 0x646f72616e646f6dUL ^ _k1;
        var v2 = 0x6c7967656e657261UL ^ _k0;
        var v3 = 0x7465646279746573UL ^ _k1;
        v3 ^= message;
        for (var r = 0; r < 2; r++)
        {
            v0 += v1; v1 = BitOperations.RotateLeft(v1, 13); v1 ^= v0; v0 = BitOperations.RotateLeft(v0, 32);
            v2 += v3; v3 = BitOperations.RotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = BitOperations.RotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = BitOperations.RotateLeft(v1, 17); v1 ^= v2; v2 = BitOperations.RotateLeft(v2, 32);
        }
        v0 ^= message;
        return Finish(v0, v1, v2, v3, 8UL << 56);
    }

    /// <summary>Hashes <paramref name="message"/> with a 16-byte <paramref name="key"/>.</summary>
    public static ulong Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message) => new SipHash(key).Compute(message);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finish(ulong v0, ulong v1, ulong v2, ulong v3, ulong last)
    {
        v3 ^= last;
        for (var r = 0; r < 2; r++)
        {
            v0 += v1; v1 = BitOperations.RotateLeft(v1, 13); v1 ^= v0; v0 = BitOperations.RotateLeft(v0, 32);
            v2 += v3; v3 = BitOperations.RotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = BitOperations.RotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = BitOperations.RotateLeft(v1, 17); v1 ^= v2; v2 = BitOperations.RotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xff;
        for (var r = 0; r < 4; r++)
        {
            v0 += v1; v1 = BitOperations.RotateLeft(v1, 13); v1 ^= v0; v0 = BitOperations.RotateLeft(v0, 32);
            v2 += v3; v3 = BitOperations.RotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = BitOperations.RotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = BitOperations.RotateLeft(v1, 17); v1 ^= v2; v2 = BitOperations.RotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
