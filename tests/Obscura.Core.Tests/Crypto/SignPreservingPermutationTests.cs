using FsCheck.Xunit;
using Obscura.Core.Crypto;

namespace Obscura.Core.Tests.Crypto;

public sealed class SignPreservingPermutationTests
{
    public static TheoryData<int, bool> Widths => new()
    {
        { 8, false }, { 16, false }, { 24, false }, { 32, false }, { 64, false },
        { 8, true }, { 16, true }, { 24, true }, { 32, true }, { 64, true },
    };

    private static long Clamp(long value, int bits, bool unsigned)
    {
        if (unsigned) return bits >= 63 ? value & long.MaxValue : (long)((ulong)value % (1UL << bits));
        if (bits == 64) return value;
        var half = 1L << (bits - 1);
        return (long)(((ulong)value % (2UL * (ulong)half)) - (ulong)half);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Output_keeps_the_sign_and_the_type_range_for_each_width(int bits, bool unsigned)
    {
        var permutation = SignPreservingPermutation.ForInteger(new SipHash(7, 11), bits, unsigned);
        var random = new Random(bits);
        for (var i = 0; i < 2000; i++)
        {
            var x = Clamp(random.NextInt64(long.MinValue, long.MaxValue), bits, unsigned);
            var y = permutation.Permute(x);
            Assert.True(y >= permutation.MinValue && y <= permutation.MaxValue);
            Assert.Equal(x < 0, y < 0);
            Assert.Equal(x, permutation.Invert(y));
        }
    }

    [Fact]
    public void Signed_8_bit_is_a_bijection_of_minus_128_to_127()
    {
        var permutation = SignPreservingPermutation.ForInteger(new SipHash(3, 5), 8, isUnsigned: false);
        var images = new HashSet<long>();
        for (long x = -128; x <= 127; x++)
        {
            var y = permutation.Permute(x);
            Assert.InRange(y, -128, 127);
            Assert.Equal(x < 0, y < 0);
            images.Add(y);
        }
        Assert.Equal(256, images.Count);
    }

    [Fact]
    public void Extremes_of_signed_64_bit_map_inside_the_range()
    {
        var permutation = SignPreservingPermutation.ForInteger(new SipHash(3, 5), 64, isUnsigned: false);
        Assert.True(permutation.Permute(long.MinValue) < 0);
        Assert.True(permutation.Permute(long.MaxValue) >= 0);
    }

    [Fact]
    public void A_value_outside_the_type_range_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SignPreservingPermutation.ForInteger(new SipHash(3, 5), 16, isUnsigned: false).Permute(40_000));

    [Property]
    public bool Decimal_digits_permutation_keeps_the_digit_count(ulong k0, ulong k1, long value, byte digitSeed)
    {
        var digits = 1 + digitSeed % 18;
        var permutation = SignPreservingPermutation.ForDecimalDigits(new SipHash(k0, k1), digits);
        var limit = (long)Math.Pow(10, digits);
        var x = value % limit;
        var y = permutation.Permute(x);
        return Math.Abs(y) < limit && (x < 0) == (y < 0) && permutation.Invert(y) == x;
    }
}
