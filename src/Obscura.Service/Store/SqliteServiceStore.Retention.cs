using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Obscura.Service.Store;

public sealed partial class SqliteServiceStore : IStoreRetention, INotificationEventStore
{
    // The events already queued before this table existed are recorded from the state, so none is announced again.
    private const string RetentionTables = """
        CREATE TABLE notification_events (
            operation_id INTEGER NOT NULL, event_key TEXT NOT NULL, recorded_at TEXT NOT NULL, PRIMARY KEY (operation_id, event_key));
        CREATE INDEX notification_events_recorded ON notification_events(recorded_at);
        CREATE TABLE expired_reports (operation_id INTEGER PRIMARY KEY REFERENCES operations(id), files INTEGER NOT NULL, removed_at TEXT NOT NULL);
        INSERT INTO notification_events (operation_id, event_key, recorded_at) SELECT operation_id, 'decision:' || id, decided_at FROM approvals;
        INSERT INTO notification_events (operation_id, event_key, recorded_at)
            SELECT operation_id, 'approval_needed:' || version, created_at FROM operation_versions WHERE reason IN ('created', 'updated', 'data_source_changed');
        INSERT INTO notification_events (operation_id, event_key, recorded_at)
            SELECT id, 'run_end', COALESCE(finished_at, updated_at) FROM operations
            WHERE started_at IS NOT NULL AND status IN ('succeeded', 'failed', 'cancelled', 'rolled_back');
        """;

    // The reconciler looks for events by time every minute: these keep that a range read as the tables grow.
    private const string ReconcileIndexes = """
        CREATE INDEX approvals_decided ON approvals(decided_at);
        CREATE INDEX operation_versions_created ON operation_versions(created_at);
        CREATE INDEX operations_finished ON operations(finished_at);
        """;

    // ---- retention

    /// <inheritdoc />
    public Task<ReportRemoval> RemoveExpiredReportsAsync(DateTimeOffset finishedBefore, DateTimeOffset now, int maxOperations, CancellationToken cancellationToken) =>
        WriteAsync(async conn =>
        {
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var ids = new List<long>();
            await using (var select = Command(conn,
                "SELECT o.id FROM operations o WHERE o.status IN ('succeeded', 'failed', 'cancelled', 'rejected', 'rolled_back') " +
                "AND COALESCE(o.finished_at, o.updated_at) < $before AND EXISTS (SELECT 1 FROM report_files r WHERE r.operation_id = o.id) ORDER BY o.id LIMIT $max",
                ("$before", Time(finishedBefore)), ("$max", maxOperations)))
            {
                select.Transaction = tx;
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) ids.Add(reader.GetInt64(0));
            }
            var files = 0;
            foreach (var id in ids)
            {
                await using var mark = Command(conn,
                    "INSERT INTO expired_reports (operation_id, files, removed_at) SELECT $op, COUNT(*), $now FROM report_files WHERE operation_id = $op " +
                    "ON CONFLICT (operation_id) DO UPDATE SET files = files + excluded.files, removed_at = excluded.removed_at",
                    ("$op", id), ("$now", Time(now)));
                mark.Transaction = tx;
                await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await using var delete = Command(conn, "DELETE FROM report_files WHERE operation_id = $op", ("$op", id));
                delete.Transaction = tx;
                files += await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ReportRemoval(ids.Count, files, now);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> RemoveExpiredNotificationsAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) =>
        WriteAsync(async conn =>
        {
            await using var cmd = Command(conn,
                "DELETE FROM notification_outbox WHERE id IN (SELECT id FROM notification_outbox WHERE status IN ('sent', 'failed') " +
                "AND COALESCE(sent_at, next_attempt_at) < $before ORDER BY id LIMIT $max)", ("$before", Time(before)), ("$max", max));
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> RemoveNotificationEventsAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) =>
        WriteAsync(async conn =>
        {
            await using var cmd = Command(conn,
                "DELETE FROM notification_events WHERE rowid IN (SELECT rowid FROM notification_events WHERE recorded_at < $before LIMIT $max)",
                ("$before", Time(before)), ("$max", max));
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<ReportRemoval?> ReportsRemovedAsync(long operationId, CancellationToken cancellationToken)
    {
        var rows = await ListAsync("SELECT files, removed_at FROM expired_reports WHERE operation_id = $op", [("$op", operationId)],
            r => new ReportRemoval(1, r.GetInt32(0), ParseTime(r.GetString(1))), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    // ---- notification events

    /// <inheritdoc />
    public Task<bool> EnqueueEventAsync(NotificationEvent notificationEvent, IReadOnlyList<OutboxNotification> notifications, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notificationEvent);
        ArgumentNullException.ThrowIfNull(notifications);
        return WriteAsync(async conn =>
        {
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var record = Command(conn, "INSERT INTO notification_events (operation_id, event_key, recorded_at) VALUES ($op, $key, $at) ON CONFLICT DO NOTHING",
                ("$op", notificationEvent.OperationId), ("$key", notificationEvent.Key), ("$at", Time(notificationEvent.At))))
            {
                record.Transaction = tx;
                if (await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }
            }
            await InsertOutboxRowsAsync(conn, tx, notifications, now, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<NotificationEvent>> ListUnrecordedEventsAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken) =>
        ListAsync("""
            SELECT operation_id, event_key, at FROM (
                SELECT a.operation_id AS operation_id, 'decision:' || a.id AS event_key, a.decided_at AS at FROM approvals a
                WHERE a.decided_at >= $from AND a.decided_at <= $to
                UNION ALL
                SELECT v.operation_id, 'approval_needed:' || v.version, v.created_at FROM operation_versions v
                WHERE v.reason IN ('created', 'updated', 'data_source_changed') AND v.created_at >= $from AND v.created_at <= $to
                UNION ALL
                SELECT o.id, 'run_end', o.finished_at FROM operations o
                WHERE o.started_at IS NOT NULL AND o.status IN ('succeeded', 'failed', 'cancelled', 'rolled_back') AND o.finished_at >= $from AND o.finished_at <= $to
            ) candidates
            WHERE NOT EXISTS (SELECT 1 FROM notification_events e WHERE e.operation_id = candidates.operation_id AND e.event_key = candidates.event_key)
            ORDER BY at, operation_id LIMIT $max
            """, [("$from", Time(from)), ("$to", Time(to)), ("$max", max)], ReadEvent, cancellationToken);

    private static NotificationEvent ReadEvent(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), ParseTime(r.GetString(2)));
}
