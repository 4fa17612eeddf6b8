using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Obscura.Service.Store;

public sealed partial class SqliteServiceStore
{
    private const string OperationVersionsTable = """
        CREATE TABLE operation_versions (
            operation_id INTEGER NOT NULL REFERENCES operations(id), version INTEGER NOT NULL, request_json TEXT NOT NULL,
            fingerprint TEXT NOT NULL, required_roles TEXT NOT NULL, source_json TEXT, target_json TEXT, reason TEXT NOT NULL,
            created_by INTEGER REFERENCES users(id), created_at TEXT NOT NULL, PRIMARY KEY (operation_id, version));
        ALTER TABLE approvals ADD COLUMN version INTEGER;
        """;

    private const string VersionColumns =
        "v.operation_id, v.version, v.request_json, v.fingerprint, v.required_roles, v.source_json, v.target_json, v.reason, v.created_by, u.name, v.created_at";

    /// <inheritdoc />
    public async Task<OperationVersionRecord> AddVersionAsync(OperationVersionRecord version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var number = await WriteAsync(async conn =>
        {
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var kept = await KeepVersionAsync(conn, tx, version, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return kept;
        }, cancellationToken).ConfigureAwait(false);
        return await GetVersionAsync(version.OperationId, number, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OperationVersionRecord?> UpdateOperationWithVersionAsync(OperationRecord operation, string expectedStatus, string expectedFingerprint,
        OperationVersionRecord version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(version);
        var number = await WriteAsync<int?>(async conn =>
        {
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var update = Command(conn, UpdateOperation + " AND fingerprint = $expected_fp",
                [.. OperationParameters(operation), ("$id", operation.Id), ("$expected", expectedStatus), ("$expected_fp", expectedFingerprint)]);
            update.Transaction = tx;
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0) return null;
            var kept = await KeepVersionAsync(conn, tx, version, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return kept;
        }, cancellationToken).ConfigureAwait(false);
        return number is { } n ? await GetVersionAsync(version.OperationId, n, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc />
    public async Task<OperationRecord> AddOperationWithVersionAsync(OperationRecord operation, OperationVersionRecord version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(version);
        var id = await WriteAsync(async conn =>
        {
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var insert = Command(conn, InsertOperation, OperationParameters(operation));
            insert.Transaction = tx;
            var added = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            await KeepVersionAsync(conn, tx, version with { OperationId = added }, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return added;
        }, cancellationToken).ConfigureAwait(false);
        return operation with { Id = id };
    }

    /// <summary>Inserts <paramref name="version"/> as the next number, or keeps nothing when the latest has its fingerprint; the number it has.</summary>
    private static async Task<int> KeepVersionAsync(SqliteConnection conn, SqliteTransaction tx, OperationVersionRecord version, CancellationToken ct)
    {
        // The writer lock serializes this read and the insert, so numbers never collide.
        await using var latest = Command(conn, "SELECT version, fingerprint FROM operation_versions WHERE operation_id = $op ORDER BY version DESC LIMIT 1", ("$op", version.OperationId));
        latest.Transaction = tx;
        int last = 0;
        await using (var reader = await latest.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                last = reader.GetInt32(0);
                if (reader.GetString(1) == version.Fingerprint) return last;
            }
        }
        await using var insert = Command(conn,
            "INSERT INTO operation_versions (operation_id, version, request_json, fingerprint, required_roles, source_json, target_json, reason, created_by, created_at) " +
            "VALUES ($op, $version, $request, $fp, $roles, $source, $target, $reason, $by, $at)",
            ("$op", version.OperationId), ("$version", last + 1), ("$request", version.RequestJson), ("$fp", version.Fingerprint),
            ("$roles", string.Join(',', version.RequiredRoles)), ("$source", version.SourceJson), ("$target", version.TargetJson), ("$reason", version.Reason),
            ("$by", version.CreatedBy), ("$at", Time(version.CreatedAt)));
        insert.Transaction = tx;
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return last + 1;
    }

    private async Task<OperationVersionRecord> GetVersionAsync(long operationId, int number, CancellationToken ct) =>
        (await ListAsync($"SELECT {VersionColumns} FROM operation_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.operation_id = $op AND v.version = $version",
            [("$op", operationId), ("$version", number)], ReadVersion, ct).ConfigureAwait(false))[0];

    /// <inheritdoc />
    public Task<IReadOnlyList<OperationVersionRecord>> ListVersionsAsync(long operationId, CancellationToken cancellationToken) =>
        ListAsync($"SELECT {VersionColumns} FROM operation_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.operation_id = $op ORDER BY v.version",
            [("$op", operationId)], ReadVersion, cancellationToken);

    private static OperationVersionRecord ReadVersion(DbDataReader r) => new()
    {
        OperationId = r.GetInt64(0), Version = r.GetInt32(1), RequestJson = r.GetString(2), Fingerprint = r.GetString(3),
        RequiredRoles = r.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries), SourceJson = Text(r, 5), TargetJson = Text(r, 6), Reason = r.GetString(7),
        CreatedBy = r.IsDBNull(8) ? null : r.GetInt64(8), CreatedByName = Text(r, 9), CreatedAt = ParseTime(r.GetString(10)),
    };
}
