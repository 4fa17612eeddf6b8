using System.Data;
using System.Data.Common;
using MySqlConnector;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data.MySql.Internal;

namespace Obscura.Data.MySql;

/// <summary>
/// MariaDB and MySQL through MySqlConnector: URIs <c>mysql://user[:password]@host[:port]/database[?option=value]</c>
/// (also <c>mariadb://</c>), where options are MySqlConnector connection-string options such as <c>sslmode=required</c>.
/// </summary>
/// <remarks>
/// Every session runs with <c>time_zone = '+00:00'</c>, so TIMESTAMP values are read and written as UTC.
/// Connections allow LOAD DATA LOCAL INFILE (the bulk path) and user variables; CHAR(36) stays text (only MariaDB's
/// native <c>uuid</c> is a UUID column); zero dates read as <see cref="DateTime.MinValue"/>.
/// </remarks>
public sealed class MySqlProvider : DatabaseProvider
{
    /// <summary>The provider name and URI scheme.</summary>
    public const string ProviderName = "mysql";

    private static readonly MySqlDialect s_dialect = new();

    /// <inheritdoc />
    public override string? DescribeError(Exception error) =>
        error is MySqlConnector.MySqlException m ? MySqlErrorText.Describe(m.Number, m.Message) : null;

    /// <inheritdoc />
    public override string Name => ProviderName;

    /// <inheritdoc />
    public override SqlDialect Dialect => s_dialect;

    /// <inheritdoc />
    public override DbDataSource CreateDataSource(DatabaseUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return MySqlConnections.CreateDataSource(uri);
    }

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync(DbDataSource dataSource, DatabaseUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(uri);
        return await MySqlConnections.OpenAsync(dataSource, uri, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Connects without a database and runs <c>CREATE DATABASE IF NOT EXISTS `name` CHARACTER SET utf8mb4</c>.</remarks>
    public override async Task EnsureDatabaseAsync(DatabaseUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (string.IsNullOrEmpty(uri.Database)) throw new ObscuraConfigException($"the URI {uri} names no database");
        await using var dataSource = MySqlConnections.CreateDataSource(uri, database: string.Empty);
        await using var connection = await MySqlConnections.OpenAsync(dataSource, uri.WithDatabase(string.Empty), cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE IF NOT EXISTS {MySqlSyntax.Quote(uri.Database)} CHARACTER SET utf8mb4";
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            throw new ObscuraDatabaseException($"cannot create database '{uri.Database}' at {uri}: {MySqlErrorText.Describe(ex.Number, ex.Message)}", ex);
        }
    }

    /// <inheritdoc />
    public override Task<Catalog> InspectAsync(DbConnection connection, CancellationToken cancellationToken) =>
        MySqlInspector.InspectAsync(AsMySql(connection), cancellationToken);

    /// <inheritdoc />
    /// <remarks>The reader streams rows from the server as they are read; there is no command timeout.</remarks>
    public override async Task<DbDataReader> ReadAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = AsMySql(connection).CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        try
        {
            return await command.ExecuteReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await command.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public override IBulkWriter CreateBulkWriter() => new MySqlBulkWriter();

    /// <inheritdoc />
    /// <remarks>
    /// Turns off foreign-key and unique checks for the session, keeps strict mode (so bad values fail rather than being
    /// adjusted) and sets NO_AUTO_VALUE_ON_ZERO so a copied 0 in an AUTO_INCREMENT column stays 0. Run the
    /// <see cref="TableDdl.ForeignKeys"/> statements on such a session too: MariaDB then adds the constraints without
    /// copying the table (the validator checks the references afterwards).
    /// </remarks>
    public override async Task PrepareForLoadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = AsMySql(connection).CreateCommand();
        command.CommandText = """
            SET SESSION foreign_key_checks = 0, SESSION unique_checks = 0, SESSION time_zone = '+00:00',
                SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_TRANS_TABLES', 'NO_AUTO_VALUE_ON_ZERO')
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static MySqlConnection AsMySql(DbConnection connection) =>
        connection as MySqlConnection ?? throw new ArgumentException("the connection was not opened by the mysql provider", nameof(connection));
}
