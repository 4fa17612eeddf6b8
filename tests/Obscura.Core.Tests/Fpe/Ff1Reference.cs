using System.Numerics;
using System.Security.Cryptography;

namespace Obscura.Core.Tests.Fpe;

/// <summary>
/// FF1 written line by line from SP 800-38G §6.2 (Algorithm 7), with the platform's AES, BigInteger and numeral
/// arrays and no optimisation at all: an oracle for the optimised implementation on inputs no published vector
/// covers (very long strings, where S spans several AES blocks, odd radixes, long tweaks).
/// </summary>
internal static class Ff1Reference
{
    public static int[] Encrypt(byte[] key, byte[] tweak, int radix, int[] x)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var n = x.Length;
        var t = tweak.Length;
        // 1. u = floor(n/2); v = n - u.
        var u = n / 2;
        var v = n - u;
        // 2. A = X[1..u]; B = X[u+1..n].
        var a = x[..u];
        var b = x[u..];
        // 3. b = ceil(ceil(v·log2(radix)) / 8).
        var ceilLog = (int)(BigInteger.Pow(radix, v) - 1).GetBitLength();
        var bLen = (ceilLog + 7) / 8;
        // 4. d = 4·ceil(b/4) + 4.
        var d = 4 * ((bLen + 3) / 4) + 4;
        // 5. P = [1]^1 || [2]^1 || [1]^1 || [radix]^3 || [10]^1 || [u mod 256]^1 || [n]^4 || [t]^4.
        var p = new List<byte> { 1, 2, 1 };
        p.AddRange(Bytes(radix, 3));
        p.Add(10);
        p.Add((byte)(u % 256));
        p.AddRange(Bytes(n, 4));
        p.AddRange(Bytes(t, 4));
        // 6. For i from 0 to 9:
        for (var i = 0; i < 10; i++)
        {
            // i. Q = T || [0]^((-t-b-1) mod 16) || [i]^1 || [NUM_radix(B)]^b.
            var q = new List<byte>(tweak);
            var pad = ((-t - bLen - 1) % 16 + 16) % 16;
            q.AddRange(new byte[pad]);
            q.Add((byte)i);
            q.AddRange(Bytes(Num(b, radix), bLen));
            // ii. R = PRF(P || Q): CBC-MAC, the last block of CBC encryption with a zero IV.
            var pq = p.Concat(q).ToArray();
            var cbc = aes.EncryptCbc(pq, new byte[16], PaddingMode.None);
            var r = cbc[^16..];
            // iii. S = the first d bytes of R || CIPH(R xor [1]^16) || ... || CIPH(R xor [ceil(d/16)-1]^16).
            var s = new List<byte>(r);
            for (var j = 1; j < (d + 15) / 16; j++)
            {
                var block = Bytes(j, 16);
                for (var k = 0; k < 16; k++) block[k] ^= r[k];
                s.AddRange(aes.EncryptEcb(block, PaddingMode.None));
            }
            // iv. y = NUM(S).
            var y = new BigInteger(s.Take(d).ToArray(), isUnsigned: true, isBigEndian: true);
            // v. m = u if i is even, else v.
            var m = i % 2 == 0 ? u : v;
            // vi. c = (NUM_radix(A) + y) mod radix^m.
            var c = (Num(a, radix) + y) % BigInteger.Pow(radix, m);
            // vii. C = STR^m_radix(c). viii. A = B. ix. B = C.
            a = b;
            b = Str(c, radix, m);
        }
        // 7. Return A || B.
        return [.. a, .. b];
    }

    private static BigInteger Num(int[] x, int radix)
    {
        BigInteger value = 0;
        foreach (var digit in x) value = value * radix + digit;
        return value;
    }

    private static int[] Str(BigInteger value, int radix, int m)
    {
        var result = new int[m];
        for (var i = m - 1; i >= 0; i--)
        {
            result[i] = (int)(value % radix);
            value /= radix;
        }
        return result;
    }

    private static byte[] Bytes(BigInteger value, int length)
    {
        var result = new byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            result[i] = (byte)(value & 0xFF);
            value >>= 8;
        }
        return result;
    }
}
