using System.Security.Cryptography;
using System.Text;
using Obscura.Core.Diagnostics;

namespace Obscura.Engine.Vault;

/// <summary>
/// AES-256-GCM sealing of one original value: a fresh random 96-bit nonce per entry, the entry's lookup name
/// (token or keyed index) as associated data so entries cannot be swapped, stored as base64(nonce ‖ tag ‖ ciphertext).
/// </summary>
internal static class VaultCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>An AES-GCM instance for the key (not thread-safe: one per batch or task; creating one per entry is slow).</summary>
    public static AesGcm Create(VaultKey key) => new(key.Bytes, TagSize);

    /// <summary>Encrypts <paramref name="plaintext"/> bound to <paramref name="name"/>.</summary>
    public static string Seal(AesGcm aes, string name, string plaintext)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + TagSize + data.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, data, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(name));
        CryptographicOperations.ZeroMemory(data);
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>Decrypts an entry sealed by <see cref="Seal"/>.</summary>
    /// <exception cref="ObscuraConfigException">The key does not match (authentication failed) or the entry is damaged.</exception>
    public static string Open(AesGcm aes, string name, string sealedText)
    {
        byte[] sealedBytes;
        try { sealedBytes = Convert.FromBase64String(sealedText); }
        catch (FormatException) { throw Mismatch(); }
        if (sealedBytes.Length < NonceSize + TagSize) throw Mismatch();
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(name));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Mismatch();
        }
        return Encoding.UTF8.GetString(plain);
    }

    private static ObscuraConfigException Mismatch() => new("the vault key does not match this vault");
}
