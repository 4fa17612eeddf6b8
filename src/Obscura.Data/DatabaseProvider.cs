using System.Data.Common;
using Obscura.Core.Schema;

namespace Obscura.Data;

/// <summary>
/// One database engine: connections, inspection, reading and bulk writing. Stateless; registered on a
/// <see cref="ProviderRegistryBuilder"/> by URI scheme (<c>AddSqlite()</c>, <c>AddPostgres()</c>, <c>AddMySql()</c>).
/// </summary>
public abstract class DatabaseProvider
{
    /// <summary>Provider name and URI scheme: sqlite, postgres, mysql.</summary>
    public abstract string Name { get; }

    /// <summary>The engine's SQL.</summary>
    public abstract SqlDialect Dialect { get; }

    /// <summary>How many tables may be written at once into one database of this engine (SQLite: 1).</summary>
    public virtual int MaxConcurrentWriters => int.MaxValue;

    /// <summary>
    /// What a user may read of a driver error of this provider: the server's message without any row value it quotes
    /// (MariaDB's "Duplicate entry '…'" names the value). Null when <paramref name="error"/> is not this provider's or
    /// its message quotes no values.
    /// </summary>
    public virtual string? DescribeError(Exception error) => null;

    /// <summary>Creates a data source (connection pool) for the URI. Does not connect.</summary>
    public abstract DbDataSource CreateDataSource(DatabaseUri uri);

    /// <summary>
    /// Opens a connection, turning driver failures (unreachable host, wrong password, missing database) into an
    /// <see cref="Core.Diagnostics.ObscuraDatabaseException"/> that names the URI without its password.
    /// </summary>
    public abstract Task<DbConnection> OpenAsync(DbDataSource dataSource, DatabaseUri uri, CancellationToken cancellationToken);

    /// <summary>Creates the target database (or SQLite file) when it does not exist yet.</summary>
    public abstract Task EnsureDatabaseAsync(DatabaseUri uri, CancellationToken cancellationToken);

    /// <summary>Reads the schema catalog: tables, columns, keys, indexes, checks, views, triggers, routines, row estimates.</summary>
    public abstract Task<Catalog> InspectAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Opens a streaming reader over a SELECT in this dialect (no command timeout; server-side streaming).</summary>
    public abstract Task<DbDataReader> ReadAsync(DbConnection connection, string sql, CancellationToken cancellationToken);

    /// <summary>The bulk writer for this engine.</summary>
    public abstract IBulkWriter CreateBulkWriter();

    /// <summary>
    /// Opens a read-only transaction on <paramref name="holder"/> and exports its snapshot, so the table reads of one
    /// run on other connections see the database at one moment (foreign keys join in the copy even while the source
    /// is being written). Keep <paramref name="holder"/> open until every read has joined. Null when the engine
    /// cannot share a snapshot between connections.
    /// </summary>
    public virtual Task<string?> ExportSnapshotAsync(DbConnection holder, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>
    /// As <see cref="ExportSnapshotAsync(DbConnection, CancellationToken)"/>, but the holder's transaction may create and
    /// fill temporary tables (a subset computes its kept keys there and reads the restricted tables on the holder).
    /// Where the engine cannot share a snapshot, null, and no transaction is started.
    /// </summary>
    public virtual Task<string?> ExportWritableSnapshotAsync(DbConnection holder, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Starts a read-only transaction on <paramref name="reader"/> that sees the exported <paramref name="snapshot"/>.</summary>
    /// <exception cref="NotSupportedException">The provider exports no snapshots.</exception>
    public virtual Task UseSnapshotAsync(DbConnection reader, string snapshot, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Name} does not share snapshots between connections");

    /// <summary>Whether <see cref="ReadRawAsync(DbConnection, Table, CancellationToken)"/> can read this table.</summary>
    public virtual bool CanReadRaw(Table table) => false;

    /// <summary>
    /// Reads a whole table as an <see cref="IRawFieldReader"/> in the engine's binary wire format, for copies into
    /// the same engine; null when this provider or one of the columns' types has no raw path (then use
    /// <see cref="ReadAsync"/>). Values read through the getters are canonical (see <see cref="Core.Schema.ValueCoercion"/>).
    /// </summary>
    public virtual Task<DbDataReader?> ReadRawAsync(DbConnection connection, Table table, CancellationToken cancellationToken) =>
        Task.FromResult<DbDataReader?>(null);

    /// <summary>
    /// <see cref="ReadRawAsync(DbConnection, Table, CancellationToken)"/> restricted to the rows matching
    /// <paramref name="where"/> (a predicate in this dialect over the table's unaliased columns; null reads every row).
    /// The default has a raw path only for whole tables.
    /// </summary>
    public virtual Task<DbDataReader?> ReadRawAsync(DbConnection connection, Table table, string? where, CancellationToken cancellationToken) =>
        where is null ? ReadRawAsync(connection, table, cancellationToken) : Task.FromResult<DbDataReader?>(null);

    /// <summary>Runs statements that must happen on a target connection before a bulk load (e.g. disable FK checks).</summary>
    public virtual Task PrepareForLoadAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;
}
