using Obscura.Core.Crypto;

namespace Obscura.Core.Tests.Fpe;

public sealed class FpeVectorTests
{
    [Theory]
    [MemberData(nameof(FpeVectors.Ff1Samples), MemberType = typeof(FpeVectors))]
    public void Ff1_reproduces_the_NIST_samples(string key, string tweak, string alphabet, string plaintext, string ciphertext)
    {
        var letters = FpeAlphabet.Parse(alphabet);
        using var ff1 = new Ff1(Convert.FromHexString(key), letters.Radix, Convert.FromHexString(tweak));
        Assert.Equal(ciphertext, ff1.Encrypt(plaintext, letters));
        Assert.Equal(plaintext, ff1.Decrypt(ciphertext, letters));
    }

    [Theory]
    [MemberData(nameof(FpeVectors.Ff1Acvp), MemberType = typeof(FpeVectors))]
    public void Ff1_reproduces_the_ACVP_vectors(string key, string tweak, string alphabet, string plaintext, string ciphertext)
    {
        var letters = FpeAlphabet.Parse(alphabet);
        using var ff1 = new Ff1(Convert.FromHexString(key), letters.Radix, Convert.FromHexString(tweak));
        Assert.Equal(ciphertext, ff1.Encrypt(plaintext, letters));
        Assert.Equal(plaintext, ff1.Decrypt(ciphertext, letters));
    }

    [Theory]
    [MemberData(nameof(FpeVectors.Ff31Acvp), MemberType = typeof(FpeVectors))]
    public void Ff31_reproduces_the_ACVP_vectors(string key, string tweak, string alphabet, string plaintext, string ciphertext)
    {
        var letters = FpeAlphabet.Parse(alphabet);
        using var ff31 = new Ff31(Convert.FromHexString(key), letters.Radix, Convert.FromHexString(tweak));
        Assert.Equal(ciphertext, ff31.Encrypt(plaintext, letters));
        Assert.Equal(plaintext, ff31.Decrypt(ciphertext, letters));
    }
}
