using System.Data.Common;
using Obscura.Core.Schema;
using Obscura.Data;

namespace Obscura.Engine;

/// <summary>One database a command works on: its URI (password never printed), provider and connection pool.</summary>
public sealed class DatabaseEndpoint : IAsyncDisposable
{
    private readonly Lazy<DbDataSource> _dataSource;

    /// <summary>Creates an endpoint; nothing connects until <see cref="OpenAsync"/>.</summary>
    public DatabaseEndpoint(DatabaseUri uri, DatabaseProvider provider)
    {
        Uri = uri;
        Provider = provider;
        _dataSource = new Lazy<DbDataSource>(() => provider.CreateDataSource(uri));
    }

    /// <summary>The URI.</summary>
    public DatabaseUri Uri { get; }
    /// <summary>The engine's provider.</summary>
    public DatabaseProvider Provider { get; }
    /// <summary>The engine's SQL.</summary>
    public SqlDialect Dialect => Provider.Dialect;

    /// <summary>Opens a pooled connection, with failures worded for users.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        Provider.OpenAsync(_dataSource.Value, Uri, cancellationToken);

    /// <summary>Reads the database's schema catalog on a connection of its own.</summary>
    public async Task<Catalog> InspectAsync(CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await Provider.InspectAsync(conn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one statement on a new connection.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(conn, sql, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one statement on an open connection, with no command timeout.</summary>
    public static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The rows <paramref name="table"/> holds now, counted on <paramref name="connection"/> (a connection to this database).</summary>
    public async Task<long> CountRowsAsync(DbConnection connection, TableName table, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarAsync(connection, Dialect.CountRows(table), cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs a scalar query on an open connection.</summary>
    public static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        var v = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return v is DBNull ? null : v;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated) await _dataSource.Value.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => Uri.ToString();
}
