using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Obscura.Service.Store;

public sealed partial class SqliteServiceStore : IRecurringRunStore, IReportFileStore, INotificationOutbox
{
    private const string SharedStateTables = """
        CREATE TABLE recurring_occurrences (
            definition_id INTEGER NOT NULL REFERENCES operations(id), occurrence_at TEXT NOT NULL, operation_id INTEGER NOT NULL REFERENCES operations(id),
            PRIMARY KEY (definition_id, occurrence_at));
        CREATE TABLE report_files (
            operation_id INTEGER NOT NULL REFERENCES operations(id), name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,
            sha256 TEXT, content BLOB, location TEXT, created_at TEXT NOT NULL, UNIQUE (operation_id, name));
        CREATE TABLE notification_outbox (
            id INTEGER PRIMARY KEY, operation_id INTEGER NOT NULL, channel TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
            roles TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, claim_id TEXT,
            last_error TEXT, created_at TEXT NOT NULL, sent_at TEXT);
        CREATE INDEX notification_outbox_due ON notification_outbox(status, next_attempt_at);
        """;

    // ---- recurring occurrences

    /// <inheritdoc />
    public Task<OperationRecord?> AddRecurringRunAsync(long definitionId, DateTimeOffset occurrence, OperationRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteAsync<OperationRecord?>(async conn =>
        {
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // The definition may have been cancelled or changed since the scheduler read it: then no run.
            await using var still = Command(conn, "SELECT 1 FROM operations WHERE id = $def AND status = $status AND fingerprint = $fp",
                ("$def", definitionId), ("$status", Operations.OperationStatus.Recurring), ("$fp", run.Fingerprint));
            still.Transaction = tx;
            if (await still.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null) return null;
            await using var insert = Command(conn, InsertOperation, OperationParameters(run));
            insert.Transaction = tx;
            var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            await using var claim = Command(conn, "INSERT INTO recurring_occurrences (definition_id, occurrence_at, operation_id) VALUES ($def, $at, $op) ON CONFLICT DO NOTHING",
                ("$def", definitionId), ("$at", Time(occurrence)), ("$op", id));
            claim.Transaction = tx;
            if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return run with { Id = id };
        }, cancellationToken);
    }

    // ---- report files

    private const string ReportColumns = "operation_id, name, content_type, size, sha256, content IS NOT NULL, location, created_at";

    /// <inheritdoc />
    public Task SaveReportFileAsync(ReportFileRecord file, Stream? content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return WriteAsync(async conn =>
        {
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // zeroblob reserves the file's length; its bytes are then streamed in through an incremental blob handle.
            await using var cmd = Command(conn,
                "INSERT INTO report_files (operation_id, name, content_type, size, sha256, content, location, created_at) " +
                "VALUES ($op, $name, $type, $size, $sha, CASE WHEN $stored THEN zeroblob($size) END, $location, $at) " +
                "ON CONFLICT (operation_id, name) DO UPDATE SET content_type = excluded.content_type, size = excluded.size, sha256 = excluded.sha256, " +
                "content = excluded.content, location = excluded.location, created_at = excluded.created_at RETURNING rowid",
                ("$op", file.OperationId), ("$name", file.Name), ("$type", file.ContentType), ("$size", file.Size), ("$sha", file.Sha256),
                ("$stored", content is not null), ("$location", file.Location), ("$at", Time(file.CreatedAt)));
            cmd.Transaction = tx;
            var rowid = Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (content is not null && file.Size > 0)
            {
                await using var blob = new SqliteBlob(conn, "report_files", "content", rowid, readOnly: false);
                await CopyExactlyAsync(content, blob, file.Size, cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReportFileRecord>> ListReportFilesAsync(long operationId, CancellationToken cancellationToken) =>
        ListAsync($"SELECT {ReportColumns} FROM report_files WHERE operation_id = $op ORDER BY name", [("$op", operationId)], r => new ReportFileRecord
        {
            OperationId = r.GetInt64(0), Name = r.GetString(1), ContentType = r.GetString(2), Size = r.GetInt64(3), Sha256 = Text(r, 4),
            Stored = r.GetInt64(5) != 0, Location = Text(r, 6), CreatedAt = ParseTime(r.GetString(7)),
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> CopyReportFileAsync(long operationId, string name, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(conn, "SELECT rowid FROM report_files WHERE operation_id = $op AND name = $name AND content IS NOT NULL", ("$op", operationId), ("$name", name));
        if (await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long rowid) return false;
        await using var blob = new SqliteBlob(conn, "report_files", "content", rowid, readOnly: true);
        await blob.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Copies exactly <paramref name="length"/> bytes; a source shorter than promised is an error, not a truncated report.</summary>
    private static async Task CopyExactlyAsync(Stream source, Stream destination, long length, CancellationToken ct)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var left = length;
            while (left > 0)
            {
                var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct).ConfigureAwait(false);
                if (n == 0) throw new IOException($"the report file ended {left} bytes short of its {length} bytes");
                await destination.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                left -= n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // ---- notification outbox

    private const string OutboxColumns = "id, operation_id, channel, subject, body, roles, attempts, claim_id";

    /// <inheritdoc />
    public Task EnqueueNotificationsAsync(IReadOnlyList<OutboxNotification> notifications, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        return WriteAsync(async conn =>
        {
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await InsertOutboxRowsAsync(conn, tx, notifications, now, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    // The outbox rows of one event, in the caller's transaction (also used when an event is recorded with its rows).
    private static async Task InsertOutboxRowsAsync(SqliteConnection conn, SqliteTransaction tx, IReadOnlyList<OutboxNotification> notifications, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var n in notifications)
        {
            await using var cmd = Command(conn,
                "INSERT INTO notification_outbox (operation_id, channel, subject, body, roles, status, next_attempt_at, created_at) VALUES ($op, $channel, $subject, $body, $roles, 'pending', $now, $now)",
                ("$op", n.OperationId), ("$channel", n.Channel), ("$subject", n.Subject), ("$body", n.Text), ("$roles", string.Join(',', n.Roles)), ("$now", Time(now)));
            cmd.Transaction = tx;
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxNotification>> ClaimNotificationsAsync(string claimId, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken) =>
        WriteAsync(async conn =>
        {
            await using var cmd = Command(conn,
                "UPDATE notification_outbox SET attempts = attempts + 1, claim_id = $claim, next_attempt_at = $lease WHERE id IN (" +
                $"SELECT id FROM notification_outbox WHERE status = 'pending' AND next_attempt_at <= $now ORDER BY id LIMIT $max) RETURNING {OutboxColumns}",
                ("$claim", claimId), ("$lease", Time(leaseUntil)), ("$now", Time(now)), ("$max", max));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<OutboxNotification>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(ReadOutbox(reader));
            return (IReadOnlyList<OutboxNotification>)rows.OrderBy(n => n.Id).ToList();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> MarkNotificationSentAsync(long id, string claimId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync("UPDATE notification_outbox SET status = 'sent', sent_at = $now, last_error = NULL WHERE id = $id AND claim_id = $claim AND status = 'pending'",
            cancellationToken, ("$now", Time(now)), ("$id", id), ("$claim", claimId));

    /// <inheritdoc />
    public Task<bool> MarkNotificationFailedAsync(long id, string claimId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken) =>
        ChangeAsync("UPDATE notification_outbox SET status = CASE WHEN $retry IS NULL THEN 'failed' ELSE 'pending' END, next_attempt_at = COALESCE($retry, next_attempt_at), " +
            "last_error = $error WHERE id = $id AND claim_id = $claim AND status = 'pending'",
            cancellationToken, ("$retry", Time(retryAt)), ("$error", error), ("$id", id), ("$claim", claimId));

    /// <inheritdoc />
    public Task<IReadOnlyList<(OutboxNotification Notification, string Status)>> ListNotificationsAsync(long operationId, CancellationToken cancellationToken) =>
        ListAsync($"SELECT {OutboxColumns}, status FROM notification_outbox WHERE operation_id = $op ORDER BY id", [("$op", operationId)],
            r => (ReadOutbox(r), r.GetString(8)), cancellationToken);

    private static OutboxNotification ReadOutbox(DbDataReader r) => new()
    {
        Id = r.GetInt64(0), OperationId = r.GetInt64(1), Channel = r.GetString(2), Subject = r.GetString(3), Text = r.GetString(4),
        Roles = r.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries), Attempts = r.GetInt32(6), ClaimId = Text(r, 7),
    };
}
