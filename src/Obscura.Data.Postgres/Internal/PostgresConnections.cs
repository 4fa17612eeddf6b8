using System.Data.Common;
using System.Globalization;
using Npgsql;
using Obscura.Core.Diagnostics;

namespace Obscura.Data.Postgres.Internal;

/// <summary>Builds Npgsql data sources from <see cref="DatabaseUri"/>s, opens connections and creates databases.</summary>
internal static class PostgresConnections
{
    /// <summary>PostgreSQL's default port.</summary>
    public const int DefaultPort = 5432;

    // Larger than Npgsql's 8 KiB default: fewer socket calls on COPY and on wide streaming reads.
    private const int BufferSize = 64 * 1024;

    private static readonly string[] MaintenanceDatabases = ["postgres", "template1"];

    /// <summary>libpq URI option names and the Npgsql keyword each one becomes.</summary>
    private static readonly Dictionary<string, string> LibpqOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["channel_binding"] = "Channel Binding",
        ["passfile"] = "Passfile",
        ["gssencmode"] = "GSS Encryption Mode",
        ["krbsrvname"] = "Kerberos Service Name",
        ["client_encoding"] = "Client Encoding",
        ["host"] = "Host",
        ["port"] = "Port",
        ["user"] = "Username",
        ["search_path"] = "Search Path",
        ["keepalives_idle"] = "Tcp Keepalive Time",
        ["require_auth"] = "Require Auth",
    };

    /// <summary>The Npgsql connection string for a URI (with its password), after URI options are applied.</summary>
    /// <exception cref="ObscuraConfigException">A URI option is unknown or has an invalid value.</exception>
    public static NpgsqlConnectionStringBuilder BuildConnectionString(DatabaseUri uri)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port ?? DefaultPort,
            Database = uri.Database,
            ApplicationName = "obscura",
            // Data commands (streaming reads, COPY, index builds after load) may run for hours.
            CommandTimeout = 0,
            ReadBufferSize = BufferSize,
            WriteBufferSize = BufferSize,
        };
        if (uri.User is not null) builder.Username = uri.User;
        if (!string.IsNullOrEmpty(uri.Password)) builder.Password = uri.Password;
        foreach (var (key, value) in uri.Options)
        {
            ApplyOption(builder, uri, key, value);
        }
        return builder;
    }

    /// <summary>Creates an Npgsql data source (pool) for the URI.</summary>
    public static NpgsqlDataSource CreateDataSource(DatabaseUri uri) =>
        new NpgsqlDataSourceBuilder(BuildConnectionString(uri).ConnectionString).Build();

    /// <summary>Opens a connection, mapping driver failures to <see cref="ObscuraDatabaseException"/>.</summary>
    public static async Task<DbConnection> OpenAsync(DbDataSource dataSource, DatabaseUri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw PostgresErrors.ForConnect(ex, uri);
        }
    }

    /// <summary>Creates the URI's database when the server says it does not exist.</summary>
    public static async Task EnsureDatabaseAsync(DatabaseUri uri, CancellationToken cancellationToken)
    {
        if (await DatabaseReachableAsync(uri, cancellationToken).ConfigureAwait(false)) return;

        ObscuraDatabaseException? last = null;
        foreach (var maintenance in MaintenanceDatabases)
        {
            var admin = uri.WithDatabase(maintenance);
            var dataSource = CreateDataSource(admin);
            await using (dataSource.ConfigureAwait(false))
            {
                DbConnection connection;
                try
                {
                    connection = await OpenAsync(dataSource, admin, cancellationToken).ConfigureAwait(false);
                }
                catch (ObscuraDatabaseException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName })
                {
                    last = ex;
                    continue;
                }
                await using (connection.ConfigureAwait(false))
                {
                    await CreateDatabaseAsync((NpgsqlConnection)connection, uri, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
        throw new ObscuraDatabaseException(
            $"cannot create database '{uri.Database}' for {uri}: neither the 'postgres' nor the 'template1' maintenance database accepts connections; create the database by hand",
            last!);
    }

    private static async Task<bool> DatabaseReachableAsync(DatabaseUri uri, CancellationToken cancellationToken)
    {
        var dataSource = CreateDataSource(uri);
        await using (dataSource.ConfigureAwait(false))
        {
            try
            {
                var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
                return true;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                return false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw PostgresErrors.ForConnect(ex, uri);
            }
        }
    }

    private static async Task CreateDatabaseAsync(NpgsqlConnection connection, DatabaseUri uri, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = uri.Database });
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null) return;

        await using var create = new NpgsqlCommand("CREATE DATABASE " + PostgresDialect.QuoteIdentifier(uri.Database), connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Created concurrently by another run: that is what we wanted.
        }
        catch (PostgresException ex)
        {
            throw new ObscuraDatabaseException(
                $"cannot create database '{uri.Database}' on {uri}: {ex.MessageText} (SQLSTATE {ex.SqlState}). Grant CREATEDB to the user or create the database by hand.",
                ex);
        }
    }

    private static void ApplyOption(NpgsqlConnectionStringBuilder builder, DatabaseUri uri, string key, string value)
    {
        if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
        {
            var normalized = value.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
            if (!Enum.TryParse<SslMode>(normalized, ignoreCase: true, out var mode) || int.TryParse(normalized, CultureInfo.InvariantCulture, out _))
            {
                throw new ObscuraConfigException(
                    $"invalid sslmode '{value}' in {uri}: use disable, allow, prefer, require, verify-ca or verify-full");
            }
            builder.SslMode = mode;
            return;
        }
        var keyword = LibpqOptions.TryGetValue(key, out var mapped) ? mapped : key;
        try
        {
            builder[keyword] = value;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // The value is not repeated: options such as sslpassword are secrets.
            throw new ObscuraConfigException(
                $"URI option '{key}' in {uri} is not a PostgreSQL connection option or its value is invalid (libpq names such as sslmode, sslrootcert, connect_timeout, application_name, options, or Npgsql keywords are accepted)");
        }
    }
}
