using System.Data.Common;
using Microsoft.Data.Sqlite;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data.Sqlite.Internal;

namespace Obscura.Data.Sqlite;

/// <summary>
/// SQLite files (<c>sqlite:PATH</c>) through Microsoft.Data.Sqlite. One writer at a time; a missing source file is an
/// error, never silently created; only <see cref="EnsureDatabaseAsync"/> creates files.
/// </summary>
public sealed class SqliteProvider : DatabaseProvider
{
    private static readonly SqliteDialect SharedDialect = new();

    /// <inheritdoc />
    public override string Name => "sqlite";

    /// <inheritdoc />
    public override SqlDialect Dialect => SharedDialect;

    /// <summary>1: SQLite allows one writer per database file.</summary>
    public override int MaxConcurrentWriters => 1;

    /// <summary>
    /// A data source for the file named by the URI (read-write, created on open when missing, which
    /// <see cref="OpenAsync"/> refuses for files that do not exist). Connections are not pooled, so per-connection load
    /// settings never leak into later connections and the file is released as soon as a connection is closed.
    /// </summary>
    public override DbDataSource CreateDataSource(DatabaseUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return new SqliteDataSource(ConnectionString(uri));
    }

    /// <inheritdoc />
    /// <exception cref="ObscuraDatabaseException">The file does not exist, is not a SQLite database, is locked or cannot be read.</exception>
    public override async Task<DbConnection> OpenAsync(DbDataSource dataSource, DatabaseUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(uri);
        if (!IsInMemory(uri))
        {
            var path = FullPath(uri);
            if (Directory.Exists(path)) throw new ObscuraDatabaseException($"{uri} is a directory, not a SQLite database file");
            if (!File.Exists(path))
            {
                throw new ObscuraDatabaseException(
                    $"{uri} does not exist: check the path (a source database is never created; a copy creates its target itself)");
            }
        }

        var connection = dataSource.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = connection.CreateCommand();
            // Declared foreign keys are enforced on ordinary connections (PrepareForLoadAsync turns them off for loads);
            // reading the schema makes SQLite look at the file, so "not a database" and locks surface here.
            cmd.CommandText = "PRAGMA foreign_keys = ON; SELECT COUNT(*) FROM sqlite_master;";
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw SqliteErrors.Open(uri, ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the file's directory and an empty database file when the file does not exist.</summary>
    /// <exception cref="ObscuraDatabaseException">The directory or file cannot be created.</exception>
    public override async Task EnsureDatabaseAsync(DatabaseUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (IsInMemory(uri)) return;
        var path = FullPath(uri);
        if (File.Exists(path)) return;
        try
        {
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            await using var connection = new SqliteConnection(ConnectionString(uri));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = connection.CreateCommand();
            // Writing the header makes the file a real (empty) database rather than a zero-length placeholder.
            cmd.CommandText = "PRAGMA user_version = 0";
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw SqliteErrors.Create(uri, ex);
        }
    }

    /// <inheritdoc />
    public override Task<Catalog> InspectAsync(DbConnection connection, CancellationToken cancellationToken) =>
        SqliteInspector.InspectAsync(AsSqlite(connection), cancellationToken);

    /// <summary>
    /// Streams a SELECT. Values come back in SQLite's storage classes (long, double, string, byte[]); callers make them
    /// canonical with <see cref="ValueCoercion.ToCanonical"/> and the column's <see cref="TypeClass"/>.
    /// </summary>
    public override async Task<DbDataReader> ReadAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        var sqlite = AsSqlite(connection);
        // The command is released with the connection; the reader only needs it while it is read.
        var cmd = sqlite.CreateCommand();
        try
        {
            cmd.CommandText = sql;
            cmd.CommandTimeout = 0;
            return await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await cmd.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public override IBulkWriter CreateBulkWriter() => new SqliteBulkWriter();

    /// <summary>
    /// Settings for a fast load on this connection only: foreign keys off (tables load in any order and cycles are
    /// fine), no fsync, the rollback journal in memory (unless the file is in WAL mode, which is kept), a 64 MB page cache.
    /// </summary>
    public override async Task PrepareForLoadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sqlite = AsSqlite(connection);
        await using var cmd = sqlite.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        var mode = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        cmd.CommandText = "PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;" +
                          (string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase) ? string.Empty : " PRAGMA journal_mode = MEMORY;");
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteConnection AsSqlite(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection as SqliteConnection
            ?? throw new ArgumentException($"the SQLite provider needs a SqliteConnection, not a {connection.GetType().Name}", nameof(connection));
    }

    private static bool IsInMemory(DatabaseUri uri) =>
        uri.Database == ":memory:" || uri.Database.StartsWith("file::memory:", StringComparison.OrdinalIgnoreCase);

    private static string FullPath(DatabaseUri uri) => Path.GetFullPath(uri.Database);

    private static string ConnectionString(DatabaseUri uri) => new SqliteConnectionStringBuilder
    {
        DataSource = IsInMemory(uri) ? uri.Database : FullPath(uri),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
    }.ToString();
}
