using FsCheck.Xunit;
using Obscura.Core.Crypto;

namespace Obscura.Core.Tests.Crypto;

public sealed class KeyedPermutationTests
{
    [Property(MaxTest = 60)]
    public bool Permutation_is_a_bijection_on_every_small_domain(ulong k0, ulong k1, ushort size)
    {
        var n = 1 + size % 5000;
        var permutation = new KeyedPermutation(new SipHash(k0, k1), (UInt128)n);
        var seen = new bool[n];
        for (var x = 0UL; x < (ulong)n; x++)
        {
            var y = permutation.Permute(x);
            if (y >= (ulong)n || seen[y]) return false;
            seen[y] = true;
        }
        return true;
    }

    [Property]
    public bool Permutation_stays_in_range_for_any_domain(ulong k0, ulong k1, ulong size, ulong value)
    {
        var n = Math.Max(size, 1);
        var permutation = new KeyedPermutation(new SipHash(k0, k1), n);
        return permutation.Permute(value % n) < n;
    }

    [Property]
    public bool Invert_undoes_Permute(ulong k0, ulong k1, ulong size, ulong value)
    {
        var n = Math.Max(size, 1);
        var permutation = new KeyedPermutation(new SipHash(k0, k1), n);
        var x = value % n;
        return permutation.Invert(permutation.Permute(x)) == x;
    }

    [Property]
    public bool The_full_64_bit_domain_is_supported(ulong k0, ulong k1, ulong value)
    {
        var permutation = new KeyedPermutation(new SipHash(k0, k1), (UInt128)ulong.MaxValue + 1);
        return permutation.Invert(permutation.Permute(value)) == value;
    }

    [Property]
    public bool Two_instances_with_the_same_key_agree(ulong k0, ulong k1, ulong size, ulong value)
    {
        var n = Math.Max(size, 1);
        return new KeyedPermutation(new SipHash(k0, k1), n).Permute(value % n) == new KeyedPermutation(new SipHash(k0, k1), n).Permute(value % n);
    }

    [Fact]
    public void Different_keys_give_different_permutations()
    {
        var a = new KeyedPermutation(new SipHash(1, 2), 1_000_000);
        var b = new KeyedPermutation(new SipHash(1, 3), 1_000_000);
        var same = 0;
        for (var x = 0UL; x < 1000; x++) if (a.Permute(x) == b.Permute(x)) same++;
        Assert.True(same < 5, $"{same} of 1000 images agree");
    }

    [Fact]
    public void A_domain_of_one_maps_zero_to_zero() => Assert.Equal(0UL, new KeyedPermutation(new SipHash(1, 2), 1).Permute(0));

    [Fact]
    public void A_value_outside_the_domain_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyedPermutation(new SipHash(1, 2), 10).Permute(10));

    [Fact]
    public void A_domain_larger_than_2_to_the_64_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyedPermutation(new SipHash(1, 2), (UInt128)ulong.MaxValue + 2));
}
