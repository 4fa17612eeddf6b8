using System.Numerics;

namespace Obscura.Core.Crypto;

/// <summary>
/// NUM_radix and STR^m_radix of SP 800-38G on numeral strings (<c>ushort</c> numerals, radix up to 2^16), with
/// 64-bit, 128-bit and arbitrary-precision forms. "Reversed" forms read the string least significant numeral
/// first (NUM_radix(REV(X)) of FF3-1).
/// </summary>
internal static class FpeNumerals
{
    /// <summary>radix^exponent when it is below 2^64.</summary>
    public static bool TryPow64(int radix, int exponent, out ulong power)
    {
        power = 1;
        for (var i = 0; i < exponent; i++)
        {
            if (power > ulong.MaxValue / (uint)radix)
            {
                power = 0;
                return false;
            }
            power *= (uint)radix;
        }
        return true;
    }

    /// <summary>radix^exponent when it is below 2^128.</summary>
    public static bool TryPow128(int radix, int exponent, out UInt128 power)
    {
        power = 1;
        for (var i = 0; i < exponent; i++)
        {
            if (power > UInt128.MaxValue / (uint)radix)
            {
                power = 0;
                return false;
            }
            power *= (uint)radix;
        }
        return true;
    }

    /// <summary>NUM_radix(X), most significant numeral first; the caller guarantees radix^|X| &lt;= 2^64.</summary>
    public static ulong ToUInt64(ReadOnlySpan<ushort> x, int radix)
    {
        ulong value = 0;
        foreach (var digit in x) value = value * (uint)radix + digit;
        return value;
    }

    /// <summary>STR^m_radix(value) into <paramref name="destination"/> (m = its length), most significant first.</summary>
    public static void FromUInt64(ulong value, int radix, Span<ushort> destination)
    {
        var r = (uint)radix;
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            var quotient = value / r;
            destination[i] = (ushort)(value - quotient * r);
            value = quotient;
        }
    }

    /// <summary>NUM_radix(REV(X)): X[0] is the least significant numeral.</summary>
    public static UInt128 ToUInt128Reversed(ReadOnlySpan<ushort> x, int radix)
    {
        UInt128 value = 0;
        for (var i = x.Length - 1; i >= 0; i--) value = value * (uint)radix + x[i];
        return value;
    }

    /// <summary>REV(STR^m_radix(value)): numeral j of the destination is digit j of the value, least significant first.</summary>
    public static void FromUInt128Reversed(UInt128 value, int radix, Span<ushort> destination)
    {
        var r = (uint)radix;
        for (var i = 0; i < destination.Length; i++)
        {
            if (value <= ulong.MaxValue)
            {
                // The rest fits 64 bits: finish with cheap 64-bit division.
                var small = (ulong)value;
                for (; i < destination.Length; i++)
                {
                    var q = small / r;
                    destination[i] = (ushort)(small - q * r);
                    small = q;
                }
                return;
            }
            var quotient = value / r;
            destination[i] = (ushort)(value - quotient * r);
            value = quotient;
        }
    }

    /// <summary>NUM_radix(X) of any length, most significant numeral first.</summary>
    public static BigInteger ToBig(ReadOnlySpan<ushort> x, int radix)
    {
        // Horner over chunks that fit 64 bits, so a long string costs few big-number operations.
        var chunk = ChunkDigits(radix, out var chunkPower);
        var first = x.Length % chunk;
        if (first == 0) first = Math.Min(chunk, x.Length);
        var value = new BigInteger(ToUInt64(x[..first], radix));
        for (var i = first; i < x.Length; i += chunk)
            value = value * chunkPower + ToUInt64(x.Slice(i, chunk), radix);
        return value;
    }

    /// <summary>STR^m_radix(value) of any length (value &lt; radix^m), most significant numeral first.</summary>
    public static void FromBig(BigInteger value, int radix, Span<ushort> destination)
    {
        var chunk = ChunkDigits(radix, out var chunkPower);
        var divisor = new BigInteger(chunkPower);
        var end = destination.Length;
        while (end > 0)
        {
            var take = Math.Min(chunk, end);
            ulong part;
            if (value.IsZero)
            {
                part = 0;
            }
            else
            {
                value = BigInteger.DivRem(value, divisor, out var remainder);
                part = (ulong)remainder;
            }
            FromUInt64(part, radix, destination.Slice(end - take, take));
            end -= take;
        }
    }

    /// <summary>ceil(log2(radix^v)) computed exactly (bit length of radix^v - 1).</summary>
    public static int CeilLog2Power(int radix, int exponent)
    {
        var power = BigInteger.Pow(radix, exponent);
        return power.IsOne ? 0 : (int)(power - 1).GetBitLength();
    }

    // The most digits whose value stays below 2^64, and radix^that.
    private static int ChunkDigits(int radix, out ulong power)
    {
        var digits = 0;
        power = 1;
        while (power <= ulong.MaxValue / (uint)radix)
        {
            power *= (uint)radix;
            digits++;
        }
        return digits;
    }
}
