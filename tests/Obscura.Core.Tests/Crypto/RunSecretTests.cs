using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;

namespace Obscura.Core.Tests.Crypto;

public sealed class RunSecretTests
{
    [Fact]
    public void A_secret_shorter_than_16_characters_is_refused()
    {
        var e = Assert.Throws<ObscuraConfigException>(() => RunSecret.FromText("fifteen chars.."));
        Assert.Contains("at least 16 characters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deriving_twice_with_the_same_label_gives_the_same_key() =>
        Assert.Equal(RunSecret.FromText("sixteen chars!!!").DeriveKey("hash/x"), RunSecret.FromText("sixteen chars!!!").DeriveKey("hash/x"));

    [Fact]
    public void Different_labels_give_unrelated_keys()
    {
        var secret = RunSecret.FromText("sixteen chars!!!");
        Assert.NotEqual(secret.DeriveKey("hash/a"), secret.DeriveKey("hash/b"));
    }

    [Fact]
    public void Different_secrets_give_different_keys_for_one_label() =>
        Assert.NotEqual(RunSecret.FromText("sixteen chars!!!").DeriveKey("l"), RunSecret.FromText("sixteen chars!!?").DeriveKey("l"));

    [Fact]
    public void Derivation_is_hkdf_sha256_with_the_obscura_salt_and_the_label_as_info()
    {
        var expected = System.Security.Cryptography.HKDF.DeriveKey(System.Security.Cryptography.HashAlgorithmName.SHA256,
            "sixteen chars!!!"u8.ToArray(), 48, "obscura/v1"u8.ToArray(), "hash/x"u8.ToArray());
        Assert.Equal(expected, RunSecret.FromText("sixteen chars!!!").DeriveKey("hash/x", 48));
    }

    [Fact]
    public void Text_and_its_utf8_bytes_make_the_same_secret() =>
        Assert.Equal(RunSecret.FromText("sixteen chars!!!").DeriveKey("l"), RunSecret.FromBytes("sixteen chars!!!"u8).DeriveKey("l"));

    [Fact]
    public void ToString_never_reveals_the_secret() =>
        Assert.DoesNotContain("sixteen", RunSecret.FromText("sixteen chars!!!").ToString(), StringComparison.Ordinal);
}
