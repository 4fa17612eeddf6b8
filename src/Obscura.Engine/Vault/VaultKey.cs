using System.Security.Cryptography;
using System.Text;
using Obscura.Core.Diagnostics;

namespace Obscura.Engine.Vault;

/// <summary>
/// The AES-256 key that encrypts the originals kept in a token vault or a remap store. It comes only from an
/// environment variable or a key file holding 32 bytes as 64 hex characters or base64 — never from the run secret.
/// <see cref="ToString"/> never reveals it.
/// </summary>
public sealed class VaultKey
{
    /// <summary>Key size in bytes (AES-256).</summary>
    public const int Size = 32;

    private readonly byte[] _key;

    private VaultKey(byte[] key)
    {
        _key = key;
        var id = SHA256.HashData([.. "obscura/vault-key-id/v1"u8, .. key]);
        KeyId = Convert.ToHexStringLower(id.AsSpan(0, 8));
    }

    /// <summary>A public identifier of the key (first 8 bytes of a SHA-256 of it, hex), stored next to each entry.</summary>
    public string KeyId { get; }

    /// <summary>The raw key (internal: only the cipher uses it).</summary>
    internal ReadOnlySpan<byte> Bytes => _key;

    /// <summary>Parses 32 bytes written as 64 hex characters or as base64 (surrounding whitespace ignored).</summary>
    /// <param name="text">The key text.</param>
    /// <param name="origin">Where the key came from, for messages (e.g. the variable name); never the key.</param>
    /// <exception cref="ObscuraConfigException">The text is not a 32-byte key.</exception>
    public static VaultKey Parse(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        byte[]? bytes = null;
        if (trimmed.Length == Size * 2)
        {
            try { bytes = Convert.FromHexString(trimmed); }
            catch (FormatException) { bytes = null; }
        }
        if (bytes is null)
        {
            var buffer = new byte[trimmed.Length];
            if (Convert.TryFromBase64String(trimmed, buffer, out var written) && written == Size) bytes = buffer[..Size];
        }
        if (bytes is not { Length: Size })
            throw new ObscuraConfigException($"the vault key from {origin} must be 32 bytes written as 64 hex characters or base64");
        return new VaultKey(bytes);
    }

    /// <summary>Reads the key from a key file, else from an environment variable.</summary>
    /// <param name="file">Key file path, or null.</param>
    /// <param name="variable">Environment variable name used when no file is given.</param>
    /// <param name="environment">Environment lookup (tests inject one).</param>
    /// <exception cref="ObscuraConfigException">No key is set, the file cannot be read, or the key is malformed.</exception>
    public static VaultKey Load(string? file, string variable, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (!string.IsNullOrEmpty(file))
        {
            string text;
            try { text = File.ReadAllText(file, Encoding.UTF8); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ObscuraConfigException($"the vault key file {file} cannot be read: {ex.GetType().Name}");
            }
            return Parse(text, $"the file {file}");
        }
        environment ??= Environment.GetEnvironmentVariable;
        var value = environment(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ObscuraConfigException(
                $"no vault key: set {variable} to 32 random bytes as 64 hex characters (e.g. `openssl rand -hex 32`) or give a key file");
        }
        return Parse(value, $"the variable {variable}");
    }

    /// <inheritdoc />
    public override string ToString() => $"VaultKey({KeyId})";
}
