using System.Buffers.Binary;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>hash</c> for exact numerics, on the unscaled integer (value × 10^scale):
/// when it has at most min(precision, 18) digits, the sign-preserving keyed permutation of that range (a bijection,
/// so keys stay keys); larger values (precision above 18 only) get a keyed value with 19 to min(precision, 28)
/// digits, which never meets a permuted one. The output keeps the column's scale (unknown scale: the value's own,
/// trailing zeros dropped).
/// </summary>
internal sealed class DecimalHashTransformer : IColumnTransformer
{
    private const int MaxDigits = 28;

    private static readonly UInt128[] Pow10 = CreatePowers();

    private readonly SignPreservingPermutation _permutation;
    private readonly SipHash _first;
    private readonly SipHash _second;
    private readonly int? _scale;
    private readonly UInt128 _permutedLimit;
    private readonly UInt128 _hashedRange;

    public DecimalHashTransformer(HashKeys keys, Column column)
    {
        _first = keys.First;
        _second = keys.Second;
        var precision = column.Precision is { } p and >= 1 ? Math.Min(p, MaxDigits) : MaxDigits;
        _scale = column.Precision is null ? column.Scale : Math.Min(column.Scale ?? 0, precision);
        var intDigits = Math.Min(precision, SignPreservingPermutation.MaxDecimalDigits);
        _permutation = SignPreservingPermutation.ForDecimalDigits(keys.Permutation, intDigits);
        _permutedLimit = Pow10[intDigits];
        _hashedRange = Pow10[precision] - _permutedLimit;
    }

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        var m = value is decimal d ? d : (decimal)ValueCoercion.ToCanonical(value, TypeClass.Decimal)!;
        if (_scale is null) m = Normalize(m);
        var scale = _scale ?? m.Scale;

        var negative = m < 0;
        var unscaled = Unscaled(m, scale);
        UInt128 magnitude;
        if (unscaled < _permutedLimit)
        {
            var x = (long)(ulong)unscaled;
            var y = _permutation.Permute(negative ? -x : x);
            negative = y < 0;
            magnitude = (ulong)Math.Abs(y);
        }
        else
        {
            if (_hashedRange == UInt128.Zero) throw new ArgumentOutOfRangeException(nameof(value), "the value has more digits than the column's precision");
            Span<byte> block = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128LittleEndian(block, unscaled);
            var h = new UInt128(_second.Compute(block), _first.Compute(block));
            magnitude = _permutedLimit + h % _hashedRange;
        }
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
    }

    /// <summary>|m| × 10^scale as an integer (rounded half to even when m has more decimal places).</summary>
    private static UInt128 Unscaled(decimal m, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(m, bits);
        var mantissa = new UInt128((uint)bits[2], ((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        var own = m.Scale;
        if (own <= scale) return mantissa * Pow10[scale - own];
        var divisor = Pow10[own - scale];
        var quotient = mantissa / divisor;
        var remainder = mantissa - quotient * divisor;
        var twice = remainder * 2;
        if (twice > divisor || (twice == divisor && (quotient & 1) == 1)) quotient++;
        return quotient;
    }

    // Dividing by 1 with 28 zeros drops trailing zeros, so 1.50 and 1.5 (equal values) hash equally.
    private static decimal Normalize(decimal m) => m / 1.0000000000000000000000000000m;

    private static UInt128[] CreatePowers()
    {
        var powers = new UInt128[MaxDigits + 1];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++) powers[i] = powers[i - 1] * 10;
        return powers;
    }
}
