namespace Obscura.Core.Crypto;

/// <summary>
/// The run secret every keyed strategy derives its keys from (HKDF-SHA256 with a per-purpose label), so the
/// same input gives the same output in every table, database and run that shares the secret.
/// <see cref="ToString"/> never reveals it.
/// </summary>
public sealed class RunSecret
{
    private readonly byte[] _key;

    private RunSecret(byte[] key) => _key = key;

    /// <summary>Creates a secret from text (UTF-8). At least 16 characters.</summary>
    /// <exception cref="Diagnostics.ObscuraConfigException">The secret is too short.</exception>
    public static RunSecret FromText(string secret) => throw new NotImplementedException();

    /// <summary>Derives a key of <paramref name="length"/> bytes for a purpose label (HKDF-SHA256).</summary>
    public byte[] DeriveKey(string label, int length = 32) => throw new NotImplementedException();

    /// <inheritdoc />
    public override string ToString() => "RunSecret(***)";
}
