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

    /// <summary>Runs statements that must happen on a target connection before a bulk load (e.g. disable FK checks).</summary>
    public virtual Task PrepareForLoadAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;
}
