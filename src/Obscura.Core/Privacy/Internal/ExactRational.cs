using System.Numerics;

namespace Obscura.Core.Privacy.Internal;

/// <summary>Finite doubles as the exact rationals they are: mantissa · 2^exponent.</summary>
internal static class ExactRational
{
    /// <summary>Splits a finite double into an integer mantissa and a power of two, exactly.</summary>
    public static (BigInteger Mantissa, int Exponent) Decompose(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var negative = bits < 0;
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xFFFFFFFFFFFFFL;
        if (biased == 0) biased = 1; // subnormal: no hidden bit
        else fraction |= 1L << 52;
        var mantissa = new BigInteger(fraction);
        return (negative ? -mantissa : mantissa, biased - 1075);
    }
}
