using System.Data.Common;
using Npgsql;

namespace Obscura.Service.Store;

public sealed partial class PostgresServiceStore
{
    private const string OperationVersionsTable = """
        CREATE TABLE operation_versions (
            operation_id BIGINT NOT NULL REFERENCES operations(id), version INTEGER NOT NULL, request_json TEXT NOT NULL,
            fingerprint TEXT NOT NULL, required_roles TEXT NOT NULL, source_json TEXT, target_json TEXT, reason TEXT NOT NULL,
            created_by BIGINT REFERENCES users(id), created_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (operation_id, version));
        ALTER TABLE approvals ADD COLUMN version INTEGER;
        """;

    private const string VersionColumns =
        "v.operation_id, v.version, v.request_json, v.fingerprint, v.required_roles, v.source_json, v.target_json, v.reason, v.created_by, u.name, v.created_at";

    /// <inheritdoc />
    public async Task<OperationVersionRecord> AddVersionAsync(OperationVersionRecord version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        int number;
        await using (var conn = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Locking the operation's row serializes versioning of one operation across every process sharing the store.
            await using (var lockRow = Command(conn, "SELECT id FROM operations WHERE id = @op FOR UPDATE", ("op", version.OperationId)))
            {
                lockRow.Transaction = tx;
                await lockRow.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            number = await KeepVersionAsync(conn, tx, version, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        return await GetVersionAsync(version.OperationId, number, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OperationVersionRecord?> UpdateOperationWithVersionAsync(OperationRecord operation, string expectedStatus, string expectedFingerprint,
        OperationVersionRecord version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(version);
        int number;
        await using (var conn = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // The update locks the operation's row, which serializes versioning as AddVersionAsync's lock does.
            await using (var update = Command(conn, UpdateOperation + " AND fingerprint = @expected_fp",
                [.. OperationParameters(operation), ("id", operation.Id), ("expected", expectedStatus), ("expected_fp", expectedFingerprint)]))
            {
                update.Transaction = tx;
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0) return null;
            }
            number = await KeepVersionAsync(conn, tx, version, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        return await GetVersionAsync(version.OperationId, number, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OperationRecord> AddOperationWithVersionAsync(OperationRecord operation, OperationVersionRecord version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(version);
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long id;
        await using (var insert = Command(conn, InsertOperation, OperationParameters(operation)))
        {
            insert.Transaction = tx;
            id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        await KeepVersionAsync(conn, tx, version with { OperationId = id }, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return operation with { Id = id };
    }

    /// <summary>Inserts <paramref name="version"/> as the next number, or keeps nothing when the latest has its fingerprint; the number it has.</summary>
    private static async Task<int> KeepVersionAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OperationVersionRecord version, CancellationToken ct)
    {
        int last = 0;
        string? lastFingerprint = null;
        await using (var latest = Command(conn, "SELECT version, fingerprint FROM operation_versions WHERE operation_id = @op ORDER BY version DESC LIMIT 1", ("op", version.OperationId)))
        {
            latest.Transaction = tx;
            await using var reader = await latest.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (await reader.ReadAsync(ct).ConfigureAwait(false)) (last, lastFingerprint) = (reader.GetInt32(0), reader.GetString(1));
        }
        if (lastFingerprint == version.Fingerprint) return last;
        await using var insert = Command(conn,
            "INSERT INTO operation_versions (operation_id, version, request_json, fingerprint, required_roles, source_json, target_json, reason, created_by, created_at) " +
            "VALUES (@op, @version, @request, @fp, @roles, @source, @target, @reason, @by, @at)",
            ("op", version.OperationId), ("version", last + 1), ("request", version.RequestJson), ("fp", version.Fingerprint),
            ("roles", string.Join(',', version.RequiredRoles)), ("source", version.SourceJson), ("target", version.TargetJson), ("reason", version.Reason),
            ("by", version.CreatedBy), ("at", version.CreatedAt));
        insert.Transaction = tx;
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return last + 1;
    }

    private async Task<OperationVersionRecord> GetVersionAsync(long operationId, int number, CancellationToken ct) =>
        (await ListAsync($"SELECT {VersionColumns} FROM operation_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.operation_id = @op AND v.version = @version",
            [("op", operationId), ("version", number)], ReadVersion, ct).ConfigureAwait(false))[0];

    /// <inheritdoc />
    public Task<IReadOnlyList<OperationVersionRecord>> ListVersionsAsync(long operationId, CancellationToken cancellationToken) =>
        ListAsync($"SELECT {VersionColumns} FROM operation_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.operation_id = @op ORDER BY v.version",
            [("op", operationId)], ReadVersion, cancellationToken);

    private static OperationVersionRecord ReadVersion(DbDataReader r) => new()
    {
        OperationId = r.GetInt64(0), Version = r.GetInt32(1), RequestJson = r.GetString(2), Fingerprint = r.GetString(3),
        RequiredRoles = r.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries), SourceJson = Text(r, 5), TargetJson = Text(r, 6), Reason = r.GetString(7),
        CreatedBy = r.IsDBNull(8) ? null : r.GetInt64(8), CreatedByName = Text(r, 9), CreatedAt = Time(r, 10),
    };
}
