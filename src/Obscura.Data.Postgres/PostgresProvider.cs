using System.Data;
using System.Data.Common;
using Npgsql;
using Obscura.Core.Schema;
using Obscura.Data.Postgres.Internal;

namespace Obscura.Data.Postgres;

/// <summary>
/// The PostgreSQL provider (Npgsql): catalog inspection from <c>pg_catalog</c>, streaming reads and binary
/// <c>COPY</c> bulk loads. Stateless; register it with <see cref="PostgresProviderExtensions.AddPostgres"/>.
/// </summary>
public sealed partial class PostgresProvider : DatabaseProvider
{
    /// <summary>The provider name and URI scheme.</summary>
    public const string ProviderName = "postgres";

    private static readonly PostgresDialect SharedDialect = new();

    /// <inheritdoc />
    public override string Name => ProviderName;

    /// <inheritdoc />
    public override SqlDialect Dialect => SharedDialect;

    /// <inheritdoc />
    public override DbDataSource CreateDataSource(DatabaseUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return PostgresConnections.CreateDataSource(uri);
    }

    /// <inheritdoc />
    public override Task<DbConnection> OpenAsync(DbDataSource dataSource, DatabaseUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(uri);
        return PostgresConnections.OpenAsync(dataSource, uri, cancellationToken);
    }

    /// <inheritdoc />
    public override Task EnsureDatabaseAsync(DatabaseUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return PostgresConnections.EnsureDatabaseAsync(uri, cancellationToken);
    }

    /// <inheritdoc />
    public override Task<Catalog> InspectAsync(DbConnection connection, CancellationToken cancellationToken) =>
        PostgresInspector.InspectAsync(AsNpgsql(connection), cancellationToken);

    /// <inheritdoc />
    public override async Task<DbDataReader> ReadAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        // The command is not disposed here: the reader it returns must outlive it, and an Npgsql command
        // holds nothing that needs releasing once its reader is closed.
        var command = new NpgsqlCommand(sql, AsNpgsql(connection)) { CommandTimeout = 0 };
        // Npgsql streams rows from the socket as they are read; nothing is buffered beyond the current row.
        return await command.ExecuteReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Binary <c>COPY ... TO STDOUT</c> read as raw tuples; null for tables with enums, arrays, numerics, times or other types outside <see cref="PgBinary"/>.</remarks>
    public override async Task<DbDataReader?> ReadRawAsync(DbConnection connection, Table table, CancellationToken cancellationToken) =>
        await PostgresRawReader.OpenAsync(AsNpgsql(connection), table, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override async Task<DbDataReader?> ReadRawAsync(DbConnection connection, Table table, string? where, CancellationToken cancellationToken) =>
        await PostgresRawReader.OpenAsync(AsNpgsql(connection), table, where, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override bool CanReadRaw(Table table) => PostgresRawReader.RawTypes(table) is not null;

    /// <inheritdoc />
    public override IBulkWriter CreateBulkWriter() => new PostgresBulkWriter();

    /// <inheritdoc />
    public override async Task<string?> ExportSnapshotAsync(DbConnection holder, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT pg_export_snapshot()", AsNpgsql(holder));
        return (string?)await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Data errors (SQLSTATE class 22: "invalid input syntax for type integer: \"alice@…\"") and constraint violations
    /// (class 23) can quote a row value in double quotes: they keep their code, the message with quoted parts blanked, and
    /// the names the server reports separately.
    /// </remarks>
    public override string? DescribeError(Exception error)
    {
        if (error is not PostgresException pg || !(pg.SqlState.StartsWith("22", StringComparison.Ordinal) || pg.SqlState.StartsWith("23", StringComparison.Ordinal))) return null;
        var text = new System.Text.StringBuilder(pg.SqlState).Append(": ").Append(DoubleQuoted().Replace(pg.MessageText, "\"…\""));
        if (pg.TableName is { } table) text.Append(" (table ").Append(table).Append(')');
        if (pg.ColumnName is { } column) text.Append(" (column ").Append(column).Append(')');
        if (pg.ConstraintName is { } constraint) text.Append(" (constraint ").Append(constraint).Append(')');
        return text.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"(?:[^\"]|\"\")*\"")]
    private static partial System.Text.RegularExpressions.Regex DoubleQuoted();

    /// <inheritdoc />
    public override async Task<string?> ExportWritableSnapshotAsync(DbConnection holder, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT pg_export_snapshot()", AsNpgsql(holder));
        return (string?)await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task UseSnapshotAsync(DbConnection reader, string snapshot, CancellationToken cancellationToken)
    {
        // Snapshot ids are server-made (e.g. 00000003-0000001B-1); anything else is refused rather than quoted.
        if (string.IsNullOrEmpty(snapshot) || !snapshot.All(c => char.IsAsciiHexDigit(c) || c == '-'))
            throw new ArgumentException("not a PostgreSQL snapshot id", nameof(snapshot));
        await using var cmd = new NpgsqlCommand($"BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot}'", AsNpgsql(reader));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlConnection AsNpgsql(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection as NpgsqlConnection
            ?? throw new ArgumentException($"the postgres provider needs an Npgsql connection, not {connection.GetType().Name}", nameof(connection));
    }
}
