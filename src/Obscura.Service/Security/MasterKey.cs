using System.Security.Cryptography;
using System.Text;
using Obscura.Core.Diagnostics;

namespace Obscura.Service.Security;

/// <summary>
/// Encrypts data-source passwords at rest with AES-256-GCM under the master key (<c>OBSCURA_MASTER_KEY</c>, base64 of
/// 32 bytes, or a key file holding the same). A ciphertext is <c>v1:KEYID:BASE64(nonce | ciphertext | tag)</c>; the
/// data source's id is the associated data, so a ciphertext copied onto another data source does not decrypt.
/// </summary>
public sealed class MasterKey
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    /// <summary>A master key from its 32 bytes.</summary>
    public MasterKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32) throw new ObscuraConfigException("the master key must be 32 bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
        _key = (byte[])key.Clone();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_key))[..8];
    }

    /// <summary>First 8 hex digits of the key's SHA-256: tells which key a ciphertext needs, without revealing it.</summary>
    public string KeyId { get; }

    /// <summary>Parses base64 text of 32 bytes.</summary>
    public static MasterKey FromBase64(string text, string origin)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new ObscuraConfigException($"the master key from {origin} is not base64 text");
        }
        if (bytes.Length != 32) throw new ObscuraConfigException($"the master key from {origin} is {bytes.Length} bytes; it must be 32");
        return new MasterKey(bytes);
    }

    /// <summary>
    /// The key from <paramref name="keyFile"/> when given, else from <c>OBSCURA_MASTER_KEY</c>, else from
    /// <c>OBSCURA_MASTER_KEY_FILE</c>; null when none is set (passwords can then only be references).
    /// </summary>
    public static MasterKey? Load(string? keyFile, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrEmpty(keyFile)) return FromFile(keyFile);
        if (environment("OBSCURA_MASTER_KEY") is { Length: > 0 } text) return FromBase64(text, "OBSCURA_MASTER_KEY");
        if (environment("OBSCURA_MASTER_KEY_FILE") is { Length: > 0 } file) return FromFile(file);
        return null;
    }

    private static MasterKey FromFile(string path)
    {
        if (!File.Exists(path)) throw new ObscuraConfigException($"the master key file {path} does not exist");
        return FromBase64(File.ReadAllText(path), "the key file " + path);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> bound to <paramref name="associatedData"/>.</summary>
    public string Encrypt(string plaintext, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + data.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize, data.Length), output.AsSpan(NonceSize + data.Length), Encoding.UTF8.GetBytes(associatedData));
        CryptographicOperations.ZeroMemory(data);
        return $"v1:{KeyId}:{Convert.ToBase64String(output)}";
    }

    /// <summary>Decrypts a value from <see cref="Encrypt"/>.</summary>
    /// <exception cref="ObscuraConfigException">It was encrypted under another key, or was altered.</exception>
    public string Decrypt(string ciphertext, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        var parts = ciphertext.Split(':');
        if (parts.Length != 3 || parts[0] != "v1") throw new ObscuraConfigException("a stored password is not in a known format");
        if (parts[1] != KeyId) throw new ObscuraConfigException($"a stored password was encrypted under master key {parts[1]}, not the configured key {KeyId}");
        var input = Convert.FromBase64String(parts[2]);
        if (input.Length < NonceSize + TagSize) throw new ObscuraConfigException("a stored password is truncated");
        var length = input.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        try
        {
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, length), input.AsSpan(NonceSize + length), plain, Encoding.UTF8.GetBytes(associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new ObscuraConfigException("a stored password does not decrypt: it was altered or belongs to another data source");
        }
        return Encoding.UTF8.GetString(plain);
    }
}
