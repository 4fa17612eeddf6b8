using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Obscura.Core.Crypto;

/// <summary>
/// Everything of FF1 (SP 800-38G §6.2) that depends only on the key, tweak, radix and length n, computed once per
/// length: u, v, b, d, the moduli radix^u and radix^v, and the CBC-MAC (PRF) state after P and the whole blocks of Q
/// that do not change between rounds (the tweak and the zero padding). A round then only feeds the last block(s)
/// of Q, which hold the round number i and NUM_radix(B).
/// </summary>
internal sealed class FpeFf1Plan
{
    public FpeFf1Plan(FpeAes aes, int radix, ReadOnlySpan<byte> tweak, int n)
    {
        U = n / 2;
        V = n - U;
        B = (FpeNumerals.CeilLog2Power(radix, V) + 7) / 8;
        D = 4 * ((B + 3) / 4) + 4;

        var t = tweak.Length;
        var pad = (int)(((-(long)t - B - 1) % 16 + 16) % 16);
        var qLength = t + pad + 1 + B;
        var constantLength = t + pad;
        var wholeBlocks = constantLength / 16;

        // P = [1]^1 || [2]^1 || [1]^1 || [radix]^3 || [10]^1 || [u mod 256]^1 || [n]^4 || [t]^4
        Span<byte> p = stackalloc byte[16];
        p[0] = 1;
        p[1] = 2;
        p[2] = 1;
        p[3] = (byte)(radix >> 16);
        p[4] = (byte)(radix >> 8);
        p[5] = (byte)radix;
        p[6] = 10;
        p[7] = (byte)(U % 256);
        BinaryPrimitives.WriteUInt32BigEndian(p[8..], (uint)n);
        BinaryPrimitives.WriteUInt32BigEndian(p[12..], (uint)t);

        // Q = T || [0]^pad || [i]^1 || [NUM_radix(B)]^b; its first wholeBlocks blocks are the same every round.
        var q = new byte[qLength];
        tweak.CopyTo(q);
        var state = aes.Encrypt(Vector128.Create((ReadOnlySpan<byte>)p));
        for (var k = 0; k < wholeBlocks; k++) state = aes.Encrypt(state ^ Vector128.Create(q.AsSpan(16 * k, 16)));
        Chain = state;
        Tail = q[(16 * wholeBlocks)..];

        if (FpeNumerals.TryPow64(radix, V, out var modV) && Tail.Length == 16 && D <= 16)
        {
            FpeNumerals.TryPow64(radix, U, out var modU);
            IsFast = true;
            ModU = modU;
            ModV = modV;
            // R = CIPH(Chain xor Tail xor (round-specific bytes)): fold the constant part once.
            FastKey = Chain ^ Vector128.Create(Tail);
        }
        else
        {
            BigModU = BigInteger.Pow(radix, U);
            BigModV = BigInteger.Pow(radix, V);
        }
    }

    /// <summary>u = floor(n/2): length of A.</summary>
    public int U { get; }
    /// <summary>v = n - u: length of B.</summary>
    public int V { get; }
    /// <summary>b = ceil(ceil(v·log2(radix))/8): bytes of NUM_radix(B) in Q.</summary>
    public int B { get; }
    /// <summary>d = 4·ceil(b/4) + 4: bytes of S.</summary>
    public int D { get; }
    /// <summary>PRF state after P and the constant whole blocks of Q.</summary>
    public Vector128<byte> Chain { get; }
    /// <summary>The remaining blocks of Q with the round number and NUM_radix(B) left zero (a multiple of 16 bytes).</summary>
    public byte[] Tail { get; }
    /// <summary>True when radix^v fits 64 bits, Q's varying bytes fit one block and S is within R (b &lt;= 8).</summary>
    public bool IsFast { get; }
    /// <summary>Chain xor Tail (fast path).</summary>
    public Vector128<byte> FastKey { get; }
    /// <summary>radix^u (fast path).</summary>
    public ulong ModU { get; }
    /// <summary>radix^v (fast path).</summary>
    public ulong ModV { get; }
    /// <summary>radix^u (general path).</summary>
    public BigInteger BigModU { get; }
    /// <summary>radix^v (general path).</summary>
    public BigInteger BigModV { get; }
}
