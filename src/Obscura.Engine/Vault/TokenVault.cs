using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Obscura.Engine.Vault;

/// <summary>
/// The token vault: table <c>obscura_vault(token, key_id, sealed)</c> in any database Obscura connects to. Each row
/// holds a token and the original value sealed with AES-256-GCM (<see cref="VaultKey"/>, fresh 96-bit nonce, the
/// token as associated data); without the key nothing in it is readable. The endpoint is not owned.
/// </summary>
public sealed class TokenVault
{
    /// <summary>The vault table's name.</summary>
    public const string TableName = "obscura_vault";

    /// <summary>Most rows one statement inserts or looks up.</summary>
    internal const int RowsPerStatement = 400;

    private readonly DatabaseEndpoint _endpoint;
    private readonly VaultKey _key;

    /// <summary>Creates a vault over an endpoint (nothing connects yet).</summary>
    public TokenVault(DatabaseEndpoint endpoint, VaultKey key)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(key);
        _endpoint = endpoint;
        _key = key;
    }

    private string Scheme => _endpoint.Uri.Scheme;

    /// <summary>Creates the database (SQLite file) and the vault table when missing.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await _endpoint.Provider.EnsureDatabaseAsync(_endpoint.Uri, cancellationToken).ConfigureAwait(false);
        var sql = $"CREATE TABLE IF NOT EXISTS {TableName} (token {StoreSql.Name(Scheme, 96)} NOT NULL PRIMARY KEY, " +
                  $"key_id {StoreSql.Name(Scheme, 32)} NOT NULL, sealed {StoreSql.LongText(Scheme)} NOT NULL)";
        await _endpoint.ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Seals and stores entries in one transaction; a token already in the vault is left as it is (and, found by one
    /// lookup per statement, not even sealed again). Returns how many entries were new.
    /// </summary>
    internal async Task<int> WriteAsync(IReadOnlyList<KeyValuePair<string, string>> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0) return 0;
        using var aes = VaultCipher.Create(_key);
        var written = 0;
        await using var conn = await _endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        for (var chunk = 0; chunk < entries.Count; chunk += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, entries.Count - chunk);
            var tokens = new string[count];
            for (var i = 0; i < count; i++) tokens[i] = entries[chunk + i].Key;
            var existing = await LookupAsync(conn, tx, tokens, 0, count, cancellationToken).ConfigureAwait(false);
            var fresh = new List<KeyValuePair<string, string>>(count);
            for (var i = 0; i < count; i++)
            {
                if (existing.ContainsKey(tokens[i])) continue;
                existing[tokens[i]] = string.Empty;
                fresh.Add(entries[chunk + i]);
            }
            if (fresh.Count == 0) continue;
            written += fresh.Count;
            var rows = fresh.Select(e => new object[] { e.Key, _key.KeyId, VaultCipher.Seal(aes, e.Key, e.Value) }).ToList();
            await StoreSql.InsertIgnoreAsync(conn, tx, Scheme, TableName, ["token", "key_id", "sealed"], "token", rows, RowsPerStatement, cancellationToken)
                .ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>The original value of each token, or null for a token the vault does not hold.</summary>
    /// <exception cref="Core.Diagnostics.ObscuraConfigException">The key does not match this vault (authentication failed).</exception>
    public async Task<string?[]> DetokenizeAsync(IReadOnlyList<string> tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var result = new string?[tokens.Count];
        if (tokens.Count == 0) return result;
        using var aes = VaultCipher.Create(_key);
        await using var conn = await _endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
        for (var start = 0; start < tokens.Count; start += RowsPerStatement)
        {
            var rows = Math.Min(RowsPerStatement, tokens.Count - start);
            var found = await LookupAsync(conn, null, tokens, start, rows, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                var token = tokens[start + i];
                result[start + i] = found.TryGetValue(token, out var sealedText) ? VaultCipher.Open(aes, token, sealedText) : null;
            }
        }
        return result;
    }

    private static async Task<Dictionary<string, string>> LookupAsync(
        DbConnection conn, DbTransaction? tx, IReadOnlyList<string> tokens, int start, int rows, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        var sql = new StringBuilder($"SELECT token, sealed FROM {TableName} WHERE token IN (");
        for (var i = 0; i < rows; i++)
        {
            var name = "@t" + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "" : ", ").Append(name);
            StoreSql.Add(cmd, name, tokens[start + i]);
        }
        cmd.CommandText = sql.Append(')').ToString();
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) found[reader.GetString(0)] = reader.GetString(1);
        return found;
    }
}
