using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Obscura.Service.Store;

/// <summary>
/// The embedded store: one SQLite file (WAL), plain SQL, a schema version table for migrations. Writes are serialized in
/// process (SQLite has one writer), so compare-and-set updates need no retry loop.
/// </summary>
public sealed partial class SqliteServiceStore : IServiceStore, IOperationVersionStore, IDisposable
{
    /// <summary>One version per migration, so appending a migration is the whole change.</summary>
    private static int SchemaVersion => Migrations.Length;
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, roles TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
            disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
        CREATE TABLE data_sources (
            id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, host TEXT, port INTEGER, database TEXT NOT NULL,
            username TEXT, environment TEXT NOT NULL, classification TEXT, tls_mode TEXT, password_cipher TEXT, password_ref TEXT,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE operations (
            id INTEGER PRIMARY KEY, operation_type TEXT NOT NULL, requested_by INTEGER NOT NULL REFERENCES users(id),
            request_json TEXT NOT NULL, fingerprint TEXT NOT NULL, status TEXT NOT NULL, required_roles TEXT NOT NULL,
            scheduled_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
            error TEXT, report_json TEXT, attempts INTEGER NOT NULL DEFAULT 0, cancel_requested INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX operations_status ON operations(status, scheduled_at);
        CREATE TABLE approvals (
            id INTEGER PRIMARY KEY, operation_id INTEGER NOT NULL REFERENCES operations(id), user_id INTEGER NOT NULL REFERENCES users(id),
            role TEXT NOT NULL, decision TEXT NOT NULL, comments TEXT, fingerprint TEXT NOT NULL, decided_at TEXT NOT NULL);
        CREATE INDEX approvals_operation ON approvals(operation_id);
        CREATE TABLE operation_progress (operation_id INTEGER PRIMARY KEY REFERENCES operations(id), json TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT, action TEXT NOT NULL, target TEXT,
            remote_address TEXT, outcome TEXT NOT NULL, audit_seq INTEGER NOT NULL, audit_hash TEXT NOT NULL);
        CREATE INDEX audit_at ON audit(at);
        """,
        OperationJobsTable,
        DataProtectionKeysTable,
        SharedStateTables,
        OperationVersionsTable,
        AuditLinesColumns,
        RetentionTables,
        ReconcileIndexes,
    ];

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>A store in the SQLite file at <paramref name="path"/> (created when missing).</summary>
    public SqliteServiceStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    /// <summary>Parses <c>sqlite:PATH</c>.</summary>
    public static SqliteServiceStore FromSpec(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) || spec.Length <= "sqlite:".Length)
            throw new Core.Diagnostics.ObscuraConfigException($"--store '{spec}' is not supported: use sqlite:PATH or postgres://user@host/database");
        return new SqliteServiceStore(spec["sqlite:".Length..]);
    }

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecAsync(conn, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken).ConfigureAwait(false);
            var current = Convert.ToInt32(await ScalarAsync(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (current > SchemaVersion)
                throw new Core.Diagnostics.ObscuraConfigException($"the store {Path} has schema version {current}, newer than this obscura ({SchemaVersion}): upgrade obscura");
            for (var v = current; v < SchemaVersion; v++)
            {
                await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecAsync(conn, Migrations[v], cancellationToken, tx).ConfigureAwait(false);
                await ExecAsync(conn, $"INSERT INTO schema_version (version) VALUES ({v + 1})", cancellationToken, tx).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await ScalarAsync(conn, "SELECT MAX(version) FROM schema_version", cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    // ---- users

    /// <inheritdoc />
    public async Task<ServiceUser> AddUserAsync(string name, IReadOnlyList<string> roles, string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = await WriteAsync(async conn =>
        {
            await using var cmd = Command(conn, "INSERT INTO users (name, roles, token_hash, disabled, created_at) VALUES ($name, $roles, $hash, 0, $now) RETURNING id",
                ("$name", name), ("$roles", string.Join(',', roles)), ("$hash", tokenHash), ("$now", Time(now)));
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }, cancellationToken).ConfigureAwait(false);
        return new ServiceUser(id, name, roles, false, now);
    }

    /// <inheritdoc />
    public Task<ServiceUser?> FindUserByTokenHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        SingleAsync("SELECT id, name, roles, disabled, created_at FROM users WHERE token_hash = $v", tokenHash, ReadUser, cancellationToken);

    /// <inheritdoc />
    public Task<ServiceUser?> FindUserAsync(string name, CancellationToken cancellationToken) =>
        SingleAsync("SELECT id, name, roles, disabled, created_at FROM users WHERE name = $v", name, ReadUser, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ServiceUser>> ListUsersAsync(CancellationToken cancellationToken) =>
        ListAsync("SELECT id, name, roles, disabled, created_at FROM users ORDER BY name", [], ReadUser, cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetUserDisabledAsync(string name, bool disabled, CancellationToken cancellationToken) =>
        ChangeAsync("UPDATE users SET disabled = $d WHERE name = $name", cancellationToken, ("$d", disabled ? 1 : 0), ("$name", name));

    /// <inheritdoc />
    public Task<bool> SetUserTokenAsync(string name, string tokenHash, CancellationToken cancellationToken) =>
        ChangeAsync("UPDATE users SET token_hash = $hash WHERE name = $name", cancellationToken, ("$hash", tokenHash), ("$name", name));

    private static ServiceUser ReadUser(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries), r.GetInt64(3) != 0, ParseTime(r.GetString(4)));

    // ---- data sources

    private const string DataSourceColumns = "id, name, kind, host, port, database, username, environment, classification, tls_mode, password_cipher, password_ref, created_at, updated_at";

    /// <inheritdoc />
    public Task AddDataSourceAsync(DataSourceRecord source, CancellationToken cancellationToken) =>
        ChangeAsync($"INSERT INTO data_sources ({DataSourceColumns}) VALUES ($id, $name, $kind, $host, $port, $database, $username, $environment, $classification, $tls, $cipher, $ref, $created, $updated)",
            cancellationToken, DataSourceParameters(source));

    /// <inheritdoc />
    public Task<DataSourceRecord?> GetDataSourceAsync(string id, CancellationToken cancellationToken) =>
        SingleAsync($"SELECT {DataSourceColumns} FROM data_sources WHERE id = $v", id, ReadDataSource, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DataSourceRecord>> ListDataSourcesAsync(CancellationToken cancellationToken) =>
        ListAsync($"SELECT {DataSourceColumns} FROM data_sources ORDER BY name", [], ReadDataSource, cancellationToken);

    /// <inheritdoc />
    public Task UpdateDataSourceAsync(DataSourceRecord source, CancellationToken cancellationToken) =>
        ChangeAsync("UPDATE data_sources SET name = $name, kind = $kind, host = $host, port = $port, database = $database, username = $username, " +
            "environment = $environment, classification = $classification, tls_mode = $tls, password_cipher = $cipher, password_ref = $ref, " +
            "created_at = $created, updated_at = $updated WHERE id = $id", cancellationToken, DataSourceParameters(source));

    /// <inheritdoc />
    public Task<bool> DeleteDataSourceAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync("DELETE FROM data_sources WHERE id = $id", cancellationToken, ("$id", id));

    private static (string, object?)[] DataSourceParameters(DataSourceRecord s) =>
    [
        ("$id", s.Id), ("$name", s.Name), ("$kind", s.Kind), ("$host", s.Host), ("$port", s.Port), ("$database", s.Database),
        ("$username", s.Username), ("$environment", s.Environment), ("$classification", s.Classification), ("$tls", s.TlsMode),
        ("$cipher", s.PasswordCipher), ("$ref", s.PasswordRef), ("$created", Time(s.CreatedAt)), ("$updated", Time(s.UpdatedAt)),
    ];

    private static DataSourceRecord ReadDataSource(DbDataReader r) => new()
    {
        Id = r.GetString(0), Name = r.GetString(1), Kind = r.GetString(2), Host = Text(r, 3), Port = r.IsDBNull(4) ? null : r.GetInt32(4),
        Database = r.GetString(5), Username = Text(r, 6), Environment = r.GetString(7), Classification = Text(r, 8), TlsMode = Text(r, 9),
        PasswordCipher = Text(r, 10), PasswordRef = Text(r, 11), CreatedAt = ParseTime(r.GetString(12)), UpdatedAt = ParseTime(r.GetString(13)),
    };

    // ---- operations

    private const string OperationColumns = "id, operation_type, requested_by, request_json, fingerprint, status, required_roles, scheduled_at, created_at, updated_at, started_at, finished_at, error, report_json, attempts, cancel_requested";

    private const string InsertOperation =
        "INSERT INTO operations (operation_type, requested_by, request_json, fingerprint, status, required_roles, scheduled_at, created_at, updated_at, started_at, finished_at, error, report_json, attempts, cancel_requested) " +
        "VALUES ($type, $by, $request, $fp, $status, $roles, $scheduled, $created, $updated, $started, $finished, $error, $report, $attempts, $cancel) RETURNING id";

    /// <inheritdoc />
    public async Task<OperationRecord> AddOperationAsync(OperationRecord operation, CancellationToken cancellationToken)
    {
        var id = await WriteAsync(async conn =>
        {
            await using var cmd = Command(conn, InsertOperation, OperationParameters(operation));
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }, cancellationToken).ConfigureAwait(false);
        return operation with { Id = id };
    }

    /// <inheritdoc />
    public Task<OperationRecord?> GetOperationAsync(long id, CancellationToken cancellationToken) =>
        SingleAsync($"SELECT {OperationColumns} FROM operations WHERE id = $v", id, ReadOperation, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(string? status, CancellationToken cancellationToken) =>
        ListAsync($"SELECT {OperationColumns} FROM operations WHERE $status IS NULL OR status = $status ORDER BY id DESC", [("$status", status)], ReadOperation, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateOperationAsync(OperationRecord operation, string expectedStatus, CancellationToken cancellationToken) =>
        ChangeAsync(UpdateOperation, cancellationToken, [.. OperationParameters(operation), ("$id", operation.Id), ("$expected", expectedStatus)]);

    /// <inheritdoc />
    public Task<bool> UpdateOperationAsync(OperationRecord operation, string expectedStatus, string expectedFingerprint, CancellationToken cancellationToken) =>
        ChangeAsync(UpdateOperation + " AND fingerprint = $expected_fp", cancellationToken,
            [.. OperationParameters(operation), ("$id", operation.Id), ("$expected", expectedStatus), ("$expected_fp", expectedFingerprint)]);

    private const string UpdateOperation =
        "UPDATE operations SET operation_type = $type, requested_by = $by, request_json = $request, fingerprint = $fp, status = $status, " +
        "required_roles = $roles, scheduled_at = $scheduled, created_at = $created, updated_at = $updated, started_at = $started, finished_at = $finished, " +
        "error = $error, report_json = $report, attempts = $attempts, cancel_requested = $cancel WHERE id = $id AND status = $expected";

    /// <inheritdoc />
    public Task<OperationRecord?> ClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async conn =>
        {
            await using var cmd = Command(conn,
                $"UPDATE operations SET status = 'running', started_at = $now, updated_at = $now, attempts = attempts + 1 WHERE id = (" +
                "SELECT id FROM operations WHERE status = 'queued' OR (status = 'scheduled' AND scheduled_at <= $now) " +
                $"ORDER BY COALESCE(scheduled_at, created_at), id LIMIT 1) RETURNING {OperationColumns}", ("$now", Time(now)));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadOperation(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<int> RequeueInterruptedAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync(async conn =>
        {
            // A cancellation asked for before the stop is honoured rather than run again.
            await using var cancel = Command(conn, "UPDATE operations SET status = 'cancelled', finished_at = $now, updated_at = $now WHERE status = 'running' AND cancel_requested = 1", ("$now", Time(now)));
            await cancel.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = Command(conn, "UPDATE operations SET status = 'queued', updated_at = $now WHERE status = 'running'", ("$now", Time(now)));
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    private static (string, object?)[] OperationParameters(OperationRecord o) =>
    [
        ("$type", o.OperationType), ("$by", o.RequestedBy), ("$request", o.RequestJson), ("$fp", o.Fingerprint), ("$status", o.Status),
        ("$roles", string.Join(',', o.RequiredRoles)), ("$scheduled", Time(o.ScheduledAt)), ("$created", Time(o.CreatedAt)), ("$updated", Time(o.UpdatedAt)),
        ("$started", Time(o.StartedAt)), ("$finished", Time(o.FinishedAt)), ("$error", o.Error), ("$report", o.ReportJson), ("$attempts", o.Attempts),
        ("$cancel", o.CancelRequested ? 1 : 0),
    ];

    private static OperationRecord ReadOperation(DbDataReader r) => new()
    {
        Id = r.GetInt64(0), OperationType = r.GetString(1), RequestedBy = r.GetInt64(2), RequestJson = r.GetString(3), Fingerprint = r.GetString(4),
        Status = r.GetString(5), RequiredRoles = r.GetString(6).Split(',', StringSplitOptions.RemoveEmptyEntries), ScheduledAt = ParseTimeOrNull(Text(r, 7)),
        CreatedAt = ParseTime(r.GetString(8)), UpdatedAt = ParseTime(r.GetString(9)), StartedAt = ParseTimeOrNull(Text(r, 10)), FinishedAt = ParseTimeOrNull(Text(r, 11)),
        Error = Text(r, 12), ReportJson = Text(r, 13), Attempts = r.GetInt32(14), CancelRequested = r.GetInt64(15) != 0,
    };

    // ---- approvals

    /// <inheritdoc />
    public Task AddApprovalAsync(ApprovalRecord approval, CancellationToken cancellationToken) =>
        ChangeAsync(InsertApproval, cancellationToken, ApprovalParameters(approval));

    /// <inheritdoc />
    public Task<bool> DecideAsync(ApprovalRecord approval, OperationRecord updated, string expectedStatus, string expectedFingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(updated);
        return WriteAsync(async conn =>
        {
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var update = Command(conn, UpdateOperation + " AND fingerprint = $expected_fp",
                [.. OperationParameters(updated), ("$id", updated.Id), ("$expected", expectedStatus), ("$expected_fp", expectedFingerprint)]))
            {
                update.Transaction = tx;
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0) return false; // disposing rolls back
            }
            await using (var insert = Command(conn, InsertApproval, ApprovalParameters(approval)))
            {
                insert.Transaction = tx;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    private const string InsertApproval =
        "INSERT INTO approvals (operation_id, user_id, role, decision, comments, fingerprint, decided_at, version) VALUES ($op, $user, $role, $decision, $comments, $fp, $at, $version)";

    private static (string Name, object? Value)[] ApprovalParameters(ApprovalRecord approval) =>
    [
        ("$op", approval.OperationId), ("$user", approval.UserId), ("$role", approval.Role), ("$decision", approval.Decision),
        ("$comments", approval.Comments), ("$fp", approval.Fingerprint), ("$at", Time(approval.DecidedAt)), ("$version", approval.Version),
    ];

    /// <inheritdoc />
    public Task<IReadOnlyList<ApprovalRecord>> ListApprovalsAsync(long operationId, CancellationToken cancellationToken) =>
        ListAsync("SELECT a.id, a.operation_id, a.user_id, u.name, a.role, a.decision, a.comments, a.fingerprint, a.decided_at, a.version FROM approvals a JOIN users u ON u.id = a.user_id WHERE a.operation_id = $op ORDER BY a.id",
            [("$op", operationId)],
            r => new ApprovalRecord(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), Text(r, 6), r.GetString(7), ParseTime(r.GetString(8)))
            {
                Version = r.IsDBNull(9) ? null : r.GetInt32(9),
            },
            cancellationToken);

    // ---- progress

    /// <inheritdoc />
    public Task SaveProgressAsync(long operationId, string json, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync("INSERT INTO operation_progress (operation_id, json, updated_at) VALUES ($op, $json, $at) ON CONFLICT (operation_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at " +
            "WHERE COALESCE(json_extract(excluded.json, '$.status'), '') <> 'running' OR COALESCE(json_extract(operation_progress.json, '$.status'), '') NOT IN " + Operations.OperationStatus.FinalSqlList,
            cancellationToken, ("$op", operationId), ("$json", json), ("$at", Time(at))); // a running snapshot never replaces a final one

    /// <inheritdoc />
    public Task<string?> GetProgressAsync(long operationId, CancellationToken cancellationToken) =>
        SingleAsync("SELECT json FROM operation_progress WHERE operation_id = $v", operationId, r => r.GetString(0), cancellationToken);

    // ---- audit

    /// <inheritdoc />
    public Task AddAuditAsync(AuditRecord record, CancellationToken cancellationToken) =>
        ChangeAsync("INSERT INTO audit (at, actor, role, action, target, remote_address, outcome, audit_seq, audit_hash, audit_line, audit_log) VALUES ($at, $actor, $role, $action, $target, $addr, $outcome, $seq, $hash, $line, $log)",
            cancellationToken, ("$at", Time(record.At)), ("$actor", record.Actor), ("$role", record.Role), ("$action", record.Action), ("$target", record.Target),
            ("$addr", record.RemoteAddress), ("$outcome", record.Outcome), ("$seq", record.AuditSequence), ("$hash", record.AuditHash), ("$line", record.Line), ("$log", record.Log));

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditRecord>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ListAsync(
            "SELECT id, at, actor, role, action, target, remote_address, outcome, audit_seq, audit_hash FROM audit WHERE " +
            "($actor IS NULL OR actor = $actor) AND ($action IS NULL OR action = $action) AND ($outcome IS NULL OR outcome = $outcome) AND " +
            "($target IS NULL OR target = $target) AND ($since IS NULL OR at >= $since) AND ($until IS NULL OR at < $until) ORDER BY id DESC LIMIT $limit",
            [("$actor", query.Actor), ("$action", query.Action), ("$outcome", query.Outcome), ("$target", query.Target), ("$since", Time(query.Since)),
             ("$until", Time(query.Until)), ("$limit", Math.Clamp(query.Limit, 1, 10_000))],
            r => new AuditRecord(r.GetInt64(0), ParseTime(r.GetString(1)), r.GetString(2), Text(r, 3), r.GetString(4), Text(r, 5), Text(r, 6), r.GetString(7), r.GetInt64(8), r.GetString(9)),
            cancellationToken);
    }

    // ---- plumbing

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var conn = new SqliteConnection(_connectionString);
        await conn.OpenAsync(ct).ConfigureAwait(false);
        return conn;
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct)
    {
        await _writer.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var conn = await OpenAsync(ct).ConfigureAwait(false);
            return await work(conn).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    private Task<bool> ChangeAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        WriteAsync(async conn =>
        {
            await using var cmd = Command(conn, sql, parameters);
            return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
        }, ct);

    private async Task<T?> SingleAsync<T>(string sql, object value, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var rows = await ListAsync(sql, [("$v", value)], read, ct).ConfigureAwait(false);
        return rows.Count == 0 ? default : rows[0];
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string sql, (string Name, object? Value)[] parameters, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = Command(conn, sql, parameters);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) rows.Add(read(reader));
        return rows;
    }

    private static SqliteCommand Command(SqliteConnection conn, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private static async Task ExecAsync(SqliteConnection conn, string sql, CancellationToken ct, DbTransaction? tx = null)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = (SqliteTransaction?)tx;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        var v = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return v is DBNull ? null : v;
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? t) => t is { } v ? Time(v) : null;

    private static DateTimeOffset ParseTime(string s) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(s, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc));

    private static DateTimeOffset? ParseTimeOrNull(string? s) => s is null ? null : ParseTime(s);

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        using var conn = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(conn);
    }
}
