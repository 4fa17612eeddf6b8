namespace Obscura.Service.Store;

/// <summary>
/// The dashboard's data-protection key ring (the keys that encrypt its session cookies and antiforgery tokens), kept in
/// the service store so every <c>obscura serve</c> process on one store signs and reads the same cookies. Each key is an
/// XML element as ASP.NET Core data protection writes it, its secret encrypted under the master key when one is set.
/// </summary>
public interface IDataProtectionKeyStore
{
    /// <summary>Every stored key, oldest first.</summary>
    Task<IReadOnlyList<DataProtectionKeyRecord>> ListDataProtectionKeysAsync(CancellationToken cancellationToken);
    /// <summary>Stores a new key; a key of the same name already there is kept as is.</summary>
    Task AddDataProtectionKeyAsync(string name, string xml, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Replaces a key's XML (master-key rotation); false when there is no such key.</summary>
    Task<bool> UpdateDataProtectionKeyAsync(string name, string xml, CancellationToken cancellationToken);
}
