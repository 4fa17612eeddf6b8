namespace Obscura.Service.Store;

public sealed partial class SqliteServiceStore : IDataProtectionKeyStore
{
    private const string DataProtectionKeysTable = """
        CREATE TABLE data_protection_keys (name TEXT PRIMARY KEY, xml TEXT NOT NULL, created_at TEXT NOT NULL);
        """;

    /// <inheritdoc />
    public Task<IReadOnlyList<DataProtectionKeyRecord>> ListDataProtectionKeysAsync(CancellationToken cancellationToken) =>
        ListAsync("SELECT name, xml FROM data_protection_keys ORDER BY created_at, name", [], r => new DataProtectionKeyRecord(r.GetString(0), r.GetString(1)), cancellationToken);

    /// <inheritdoc />
    public Task AddDataProtectionKeyAsync(string name, string xml, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync("INSERT INTO data_protection_keys (name, xml, created_at) VALUES ($name, $xml, $now) ON CONFLICT (name) DO NOTHING", cancellationToken,
            ("$name", name), ("$xml", xml), ("$now", Time(now)));

    /// <inheritdoc />
    public Task<bool> UpdateDataProtectionKeyAsync(string name, string xml, CancellationToken cancellationToken) =>
        ChangeAsync("UPDATE data_protection_keys SET xml = $xml WHERE name = $name", cancellationToken, ("$name", name), ("$xml", xml));
}
