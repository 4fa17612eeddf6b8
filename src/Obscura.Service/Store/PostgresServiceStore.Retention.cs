using System.Data.Common;
using Npgsql;

namespace Obscura.Service.Store;

public sealed partial class PostgresServiceStore : IStoreRetention, INotificationEventStore
{
    // The events already queued before this table existed are recorded from the state, so none is announced again.
    private const string RetentionTables = """
        CREATE TABLE notification_events (
            operation_id BIGINT NOT NULL, event_key TEXT NOT NULL, recorded_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (operation_id, event_key));
        CREATE INDEX notification_events_recorded ON notification_events(recorded_at);
        CREATE TABLE expired_reports (operation_id BIGINT PRIMARY KEY REFERENCES operations(id), files INTEGER NOT NULL, removed_at TIMESTAMPTZ NOT NULL);
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
    public async Task<ReportRemoval> RemoveExpiredReportsAsync(DateTimeOffset finishedBefore, DateTimeOffset now, int maxOperations, CancellationToken cancellationToken)
    {
        // One statement, one transaction: a concurrent sweeper of the same operations waits on the rows, then deletes none.
        var rows = await ListAsync("""
            WITH expired AS (
                SELECT o.id FROM operations o
                WHERE o.status IN ('succeeded', 'failed', 'cancelled', 'rejected', 'rolled_back') AND COALESCE(o.finished_at, o.updated_at) < @before
                  AND EXISTS (SELECT 1 FROM report_files r WHERE r.operation_id = o.id)
                ORDER BY o.id LIMIT @max),
            removed AS (DELETE FROM report_files r USING expired e WHERE r.operation_id = e.id RETURNING r.operation_id),
            marked AS (
                INSERT INTO expired_reports (operation_id, files, removed_at) SELECT operation_id, COUNT(*), @now FROM removed GROUP BY operation_id
                ON CONFLICT (operation_id) DO UPDATE SET files = expired_reports.files + excluded.files, removed_at = excluded.removed_at RETURNING 1)
            SELECT COUNT(DISTINCT operation_id)::int, COUNT(*)::int, (SELECT COUNT(*) FROM marked)::int FROM removed
            """, [("before", finishedBefore), ("now", now), ("max", maxOperations)], r => (r.GetInt32(0), r.GetInt32(1)), cancellationToken).ConfigureAwait(false);
        return new ReportRemoval(rows[0].Item1, rows[0].Item2, now);
    }

    /// <inheritdoc />
    public async Task<int> RemoveExpiredNotificationsAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        // SKIP LOCKED: a row another sweeper (or a sender) holds is left for later, nobody waits.
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(conn,
            "DELETE FROM notification_outbox WHERE id IN (SELECT id FROM notification_outbox WHERE status IN ('sent', 'failed') " +
            "AND COALESCE(sent_at, next_attempt_at) < @before ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED)",
            ("before", before), ("max", max));
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> RemoveNotificationEventsAsync(DateTimeOffset before, int max, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(conn,
            "DELETE FROM notification_events WHERE (operation_id, event_key) IN (SELECT operation_id, event_key FROM notification_events " +
            "WHERE recorded_at < @before LIMIT @max FOR UPDATE SKIP LOCKED)", ("before", before), ("max", max));
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ReportRemoval?> ReportsRemovedAsync(long operationId, CancellationToken cancellationToken)
    {
        var rows = await ListAsync("SELECT files, removed_at FROM expired_reports WHERE operation_id = @op", [("op", operationId)],
            r => new ReportRemoval(1, r.GetInt32(0), Time(r, 1)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    // ---- notification events

    /// <inheritdoc />
    public async Task<bool> EnqueueEventAsync(NotificationEvent notificationEvent, IReadOnlyList<OutboxNotification> notifications, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notificationEvent);
        ArgumentNullException.ThrowIfNull(notifications);
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // A concurrent recorder of the same event waits here for the first to commit, then inserts nothing.
        await using (var record = Command(conn, "INSERT INTO notification_events (operation_id, event_key, recorded_at) VALUES (@op, @key, @at) ON CONFLICT DO NOTHING",
            ("op", notificationEvent.OperationId), ("key", notificationEvent.Key), ("at", notificationEvent.At)))
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
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<NotificationEvent>> ListUnrecordedEventsAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken) =>
        ListAsync("""
            SELECT operation_id, event_key, at FROM (
                SELECT a.operation_id, 'decision:' || a.id AS event_key, a.decided_at AS at FROM approvals a
                WHERE a.decided_at >= @from AND a.decided_at <= @to
                UNION ALL
                SELECT v.operation_id, 'approval_needed:' || v.version, v.created_at FROM operation_versions v
                WHERE v.reason IN ('created', 'updated', 'data_source_changed') AND v.created_at >= @from AND v.created_at <= @to
                UNION ALL
                SELECT o.id, 'run_end', o.finished_at FROM operations o
                WHERE o.started_at IS NOT NULL AND o.status IN ('succeeded', 'failed', 'cancelled', 'rolled_back') AND o.finished_at >= @from AND o.finished_at <= @to
            ) candidates
            WHERE NOT EXISTS (SELECT 1 FROM notification_events e WHERE e.operation_id = candidates.operation_id AND e.event_key = candidates.event_key)
            ORDER BY at, operation_id LIMIT @max
            """, [("from", from), ("to", to), ("max", max)], ReadEvent, cancellationToken);

    private static NotificationEvent ReadEvent(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), Time(r, 2));
}
