using System.Security.Cryptography;
using System.Text;
using Obscura.Core.Diagnostics;

namespace Obscura.Core.Crypto;

/// <summary>
/// The run secret every keyed strategy derives its keys from (HKDF-SHA256 with a per-purpose label), so the
/// same input gives the same output in every table, database and run that shares the secret.
/// <see cref="ToString"/> never reveals it.
/// </summary>
public sealed class RunSecret
{
    /// <summary>The fewest characters (for <see cref="FromText"/>) or bytes (for <see cref="FromBytes"/>) a secret may have.</summary>
    public const int MinimumLength = 16;

    // Fixed, public salt: it versions the derivation so a future scheme can never produce the same keys.
    private static readonly byte[] Salt = "obscura/v1"u8.ToArray();

    private readonly byte[] _key;

    private RunSecret(byte[] key) => _key = key;

    /// <summary>Creates a secret from text (UTF-8). At least 16 characters. The text is used exactly as given (no trimming).</summary>
    /// <exception cref="ObscuraConfigException">The secret is too short.</exception>
    public static RunSecret FromText(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < MinimumLength) throw new ObscuraConfigException($"the secret must be at least {MinimumLength} characters");
        return new RunSecret(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Creates a secret from raw bytes (e.g. a key file). At least 16 bytes.</summary>
    /// <exception cref="ObscuraConfigException">The secret is too short.</exception>
    public static RunSecret FromBytes(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumLength) throw new ObscuraConfigException($"the secret must be at least {MinimumLength} bytes");
        return new RunSecret(secret.ToArray());
    }

    /// <summary>Derives a key of <paramref name="length"/> bytes for a purpose label (HKDF-SHA256, salt <c>obscura/v1</c>, label as info).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not between 1 and 8160.</exception>
    public byte[] DeriveKey(string label, int length = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var key = new byte[length];
        DeriveKey(label, key);
        return key;
    }

    /// <summary>Derives a key filling <paramref name="destination"/> for a purpose label (same derivation as <see cref="DeriveKey(string, int)"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="destination"/> is empty or longer than 8160 bytes.</exception>
    public void DeriveKey(string label, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (destination.IsEmpty || destination.Length > 255 * 32)
            throw new ArgumentOutOfRangeException(nameof(destination), "a derived key must be between 1 and 8160 bytes");
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, destination, Salt, Encoding.UTF8.GetBytes(label));
    }

    /// <inheritdoc />
    public override string ToString() => "RunSecret(***)";
}
