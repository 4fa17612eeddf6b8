using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Obscura.Engine.Vault;

/// <summary>
/// The persisted key mapping of <c>remap</c>: table <c>obscura_remap(namespace, lookup, new_id, key_id, sealed)</c>.
/// <c>lookup</c> is a keyed hash (HMAC-SHA256, key derived from the mapping key, 128 bits, hex) of the namespace and the
/// original, <c>sealed</c> the original encrypted with AES-256-GCM; new ids are stored in clear (they are what the
/// copies hold). The endpoint is not owned.
/// </summary>
internal sealed class RemapStore(DatabaseEndpoint endpoint, VaultKey key)
{
    public const string TableName = "obscura_remap";

    private readonly byte[] _indexKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Bytes.ToArray(), 32, null, "obscura/remap-index/v1"u8.ToArray());

    private string Scheme => endpoint.Uri.Scheme;

    /// <summary>Key for the random mode's permutation, derived from the mapping key.</summary>
    public byte[] PermutationKey() => HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Bytes.ToArray(), 16, null, "obscura/remap-permutation/v1"u8.ToArray());

    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        await endpoint.Provider.EnsureDatabaseAsync(endpoint.Uri, ct).ConfigureAwait(false);
        var sql = $"CREATE TABLE IF NOT EXISTS {TableName} (namespace {StoreSql.Name(Scheme, 200)} NOT NULL, lookup {StoreSql.Name(Scheme, 32)} NOT NULL, " +
                  $"new_id {StoreSql.Int64(Scheme)} NOT NULL, key_id {StoreSql.Name(Scheme, 32)} NOT NULL, sealed {StoreSql.LongText(Scheme)} NOT NULL, " +
                  "PRIMARY KEY (namespace, lookup))";
        await endpoint.ExecuteAsync(sql, ct).ConfigureAwait(false);
    }

    /// <summary>Every (original, new id) pair of a namespace, decrypted.</summary>
    /// <exception cref="Core.Diagnostics.ObscuraConfigException">The mapping key does not match the stored entries.</exception>
    public async Task<Dictionary<long, long>> LoadAsync(string ns, CancellationToken ct)
    {
        var map = new Dictionary<long, long>();
        using var aes = VaultCipher.Create(key);
        await using var conn = await endpoint.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT lookup, new_id, sealed FROM {TableName} WHERE namespace = @ns";
        StoreSql.Add(cmd, "@ns", ns);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var lookup = reader.GetString(0);
            var original = long.Parse(VaultCipher.Open(aes, ns + "/" + lookup, reader.GetString(2)), CultureInfo.InvariantCulture);
            map[original] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        }
        return map;
    }

    /// <summary>Stores new pairs, one transaction per <paramref name="batchSize"/> pairs; an existing (namespace, lookup) is kept.</summary>
    public async Task WriteAsync(string ns, IReadOnlyList<KeyValuePair<long, long>> pairs, int batchSize, CancellationToken ct)
    {
        using var aes = VaultCipher.Create(key);
        for (var start = 0; start < pairs.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, pairs.Count - start);
            await using var conn = await endpoint.OpenAsync(ct).ConfigureAwait(false);
            await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            var rows = new List<object[]>(count);
            for (var r = 0; r < count; r++)
            {
                var (original, newId) = pairs[start + r];
                var text = original.ToString(CultureInfo.InvariantCulture);
                var lookup = Lookup(ns, text);
                rows.Add([ns, lookup, newId, key.KeyId, VaultCipher.Seal(aes, ns + "/" + lookup, text)]);
            }
            await StoreSql.InsertIgnoreAsync(conn, tx, Scheme, TableName, ["namespace", "lookup", "new_id", "key_id", "sealed"], "namespace, lookup",
                rows, TokenVault.RowsPerStatement, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
    }

    private string Lookup(string ns, string original)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_indexKey, Encoding.UTF8.GetBytes(ns + "\n" + original), mac);
        return Convert.ToHexStringLower(mac[..16]);
    }
}
