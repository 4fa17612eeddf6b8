using System.Data.Common;

namespace Obscura.Service.Store;

public sealed partial class SqliteServiceStore : IOperationJobStore
{
    private const string OperationJobsTable = """
        CREATE TABLE operation_jobs (
            operation_id INTEGER NOT NULL REFERENCES operations(id), job_key TEXT NOT NULL, spec TEXT, status TEXT NOT NULL,
            attempt_id TEXT, worker TEXT, rows_estimated INTEGER NOT NULL DEFAULT 0, rows_done INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0, started_at TEXT, finished_at TEXT, error TEXT, updated_at TEXT NOT NULL,
            PRIMARY KEY (operation_id, job_key));
        """;

    private const string JobColumns = "operation_id, job_key, spec, status, attempt_id, worker, rows_estimated, rows_done, attempts, started_at, finished_at, error";

    /// <inheritdoc />
    public Task AddJobsAsync(IReadOnlyList<OperationJobRecord> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return WriteAsync(async conn =>
        {
            await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var j in jobs)
            {
                await using var cmd = Command(conn,
                    "INSERT INTO operation_jobs (operation_id, job_key, spec, status, rows_estimated, updated_at) VALUES ($op, $key, $spec, $status, $est, $now) ON CONFLICT DO NOTHING",
                    ("$op", j.OperationId), ("$key", j.Key), ("$spec", j.Spec), ("$status", j.Status), ("$est", j.RowsEstimated), ("$now", Time(DateTimeOffset.UtcNow)));
                cmd.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)tx;
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OperationJobRecord>> ListJobsAsync(long operationId, CancellationToken cancellationToken) =>
        ListAsync($"SELECT {JobColumns} FROM operation_jobs WHERE operation_id = $op ORDER BY job_key", [("$op", operationId)], ReadJob, cancellationToken);

    /// <inheritdoc />
    public Task<OperationJobRecord?> ClaimJobAsync(long operationId, string key, string attemptId, string worker, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async conn =>
        {
            await using var cmd = Command(conn,
                "UPDATE operation_jobs SET status = 'running', attempt_id = $attempt, worker = $worker, rows_done = 0, attempts = attempts + 1, started_at = $now, " +
                $"updated_at = $now, error = NULL WHERE operation_id = $op AND job_key = $key AND status IN ('pending', 'running') RETURNING {JobColumns}",
                ("$attempt", attemptId), ("$worker", worker), ("$now", Time(now)), ("$op", operationId), ("$key", key));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadJob(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateJobAsync(long operationId, string key, string attemptId, string status, long rowsDone, string? error, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync("UPDATE operation_jobs SET status = $status, rows_done = $rows, error = $error, updated_at = $now, " +
            "finished_at = CASE WHEN $status IN ('done', 'failed', 'cancelled') THEN $now ELSE finished_at END " +
            "WHERE operation_id = $op AND job_key = $key AND attempt_id = $attempt AND status = 'running'",
            cancellationToken, ("$status", status), ("$rows", rowsDone), ("$error", error), ("$now", Time(now)), ("$op", operationId), ("$key", key), ("$attempt", attemptId));

    /// <inheritdoc />
    public Task<bool> SetJobStatusAsync(long operationId, string key, string expectedStatus, string status, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync("UPDATE operation_jobs SET status = $status, updated_at = $now, " +
            "finished_at = CASE WHEN $status IN ('done', 'failed', 'cancelled') THEN $now ELSE finished_at END " +
            "WHERE operation_id = $op AND job_key = $key AND status = $expected",
            cancellationToken, ("$status", status), ("$now", Time(now)), ("$op", operationId), ("$key", key), ("$expected", expectedStatus));

    private static OperationJobRecord ReadJob(DbDataReader r) => new()
    {
        OperationId = r.GetInt64(0), Key = r.GetString(1), Spec = Text(r, 2), Status = r.GetString(3), AttemptId = Text(r, 4), Worker = Text(r, 5),
        RowsEstimated = r.GetInt64(6), RowsDone = r.GetInt64(7), Attempts = r.GetInt32(8), StartedAt = ParseTimeOrNull(Text(r, 9)),
        FinishedAt = ParseTimeOrNull(Text(r, 10)), Error = Text(r, 11),
    };
}
