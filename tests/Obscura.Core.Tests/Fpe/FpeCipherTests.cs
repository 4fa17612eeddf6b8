using System.Runtime.Intrinsics;
using Obscura.Core.Crypto;

namespace Obscura.Core.Tests.Fpe;

public sealed class FpeCipherTests
{
    [Theory]
    [InlineData(10, 2, 0)]
    [InlineData(10, 19, 3)]     // halves of 10 digits: S = 12 bytes of R
    [InlineData(10, 39, 10)]    // halves beyond 64 bits: arbitrary precision
    [InlineData(10, 60, 0)]     // b = 13: S spans two AES blocks
    [InlineData(10, 200, 17)]
    [InlineData(2, 70, 5)]
    [InlineData(2, 200, 31)]
    [InlineData(7, 41, 16)]
    [InlineData(36, 30, 1)]
    [InlineData(255, 9, 40)]
    [InlineData(256, 33, 2)]
    [InlineData(65535, 5, 3)]
    [InlineData(65536, 12, 15)]
    public void Ff1_matches_a_literal_transcription_of_the_standard(int radix, int length, int tweakLength)
    {
        var random = new Random(radix * 1000 + length);
        foreach (var keyLength in (int[])[16, 24, 32])
        {
            var key = new byte[keyLength];
            var tweak = new byte[tweakLength];
            random.NextBytes(key);
            random.NextBytes(tweak);
            var x = new int[length];
            for (var i = 0; i < length; i++) x[i] = random.Next(radix);

            using var ff1 = new Ff1(key, radix, tweak, allowSmallDomains: true);
            var numerals = Array.ConvertAll(x, v => (ushort)v);
            var output = new ushort[length];
            ff1.Encrypt(numerals, output);

            Assert.Equal(Ff1Reference.Encrypt(key, tweak, radix, x), Array.ConvertAll(output, v => (int)v));
            var back = new ushort[length];
            ff1.Decrypt(output, back);
            Assert.Equal(numerals, back);
        }
    }

    [Fact]
    public void Hardware_AES_agrees_with_the_platform_AES()
    {
        var random = new Random(7);
        foreach (var keyLength in (int[])[16, 24, 32])
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            using var fast = new FpeAes(key);
            using var platform = FpeAes.CreatePlatform(key);
            var block = new byte[16];
            for (var i = 0; i < 100; i++)
            {
                random.NextBytes(block);
                var input = Vector128.Create(block);
                Assert.Equal(platform.Encrypt(input), fast.Encrypt(input));
            }
        }
    }

    [Fact]
    public void The_standard_minimum_length_keeps_the_domain_at_one_million()
    {
        Assert.Equal(6, FpeCipher.MinimumLength(10));
        Assert.Equal(20, FpeCipher.MinimumLength(2));
        Assert.Equal(4, FpeCipher.MinimumLength(36));
        Assert.Equal(2, FpeCipher.MinimumLength(1000));
        using var ff1 = new Ff1(new byte[16], 10);
        var error = Assert.Throws<ArgumentException>(() => ff1.Encrypt("12345", FpeAlphabet.Digits));
        Assert.Contains("1,000,000", error.Message);
    }

    [Fact]
    public void Ff31_limits_lengths_to_twice_the_digits_that_fit_96_bits()
    {
        var tweak = new byte[Ff31.TweakLength];
        using var digits = new Ff31(new byte[16], 10, tweak);
        using var binary = new Ff31(new byte[16], 2, tweak);
        using var wide = new Ff31(new byte[16], 65536, tweak);
        Assert.Equal(56, digits.MaxLength);
        Assert.Equal(192, binary.MaxLength);
        Assert.Equal(12, wide.MaxLength);
        Assert.Throws<ArgumentException>(() => digits.Encrypt(new string('1', 57), FpeAlphabet.Digits));
        Assert.Throws<ArgumentException>(() => new Ff31(new byte[16], 10, new byte[8]));
    }

    [Fact]
    public void Single_numerals_are_permuted_when_small_domains_are_allowed()
    {
        using var ff1 = new Ff1(new byte[16], 10, allowSmallDomains: true);
        using var ff31 = new Ff31(new byte[16], 10, new byte[7], allowSmallDomains: true);
        foreach (FpeCipher cipher in (FpeCipher[])[ff1, ff31])
        {
            var images = new HashSet<string>();
            for (var d = 0; d < 10; d++)
            {
                var text = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var encrypted = cipher.Encrypt(text, FpeAlphabet.Digits);
                Assert.Equal(text, cipher.Decrypt(encrypted, FpeAlphabet.Digits));
                images.Add(encrypted);
            }
            Assert.Equal(10, images.Count);
        }
    }
}
