using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;
using Obscura.Core.Diagnostics;

namespace Obscura.Data.MySql.Internal;

/// <summary>Connection strings from <see cref="DatabaseUri"/>s, session set-up, and user-worded connection failures.</summary>
internal static class MySqlConnections
{
    /// <summary>Port used when the URI names none.</summary>
    public const int DefaultPort = 3306;

    /// <summary>Builds the connection string: URI options first, then the settings this provider relies on.</summary>
    /// <param name="uri">The parsed URI.</param>
    /// <param name="database">Overrides the URI's database (empty connects without one).</param>
    /// <exception cref="ObscuraConfigException">A URI option is not a MySqlConnector connection-string option.</exception>
    public static MySqlConnectionStringBuilder Build(DatabaseUri uri, string? database = null)
    {
        var csb = new MySqlConnectionStringBuilder
        {
            Server = uri.Host ?? "localhost",
            Port = (uint)(uri.Port ?? DefaultPort),
            Database = database ?? uri.Database,
            // Server-side statement timeouts stay off: loads and full-table reads can run for hours.
            DefaultCommandTimeout = 0,
        };
        if (uri.User is not null) csb.UserID = uri.User;
        if (uri.Password is not null) csb.Password = uri.Password;
        foreach (var (key, value) in uri.Options)
        {
            try
            {
                csb[key] = value;
            }
            catch (ArgumentException)
            {
                // The value is not repeated: an option could carry a secret.
                throw new ObscuraConfigException($"option '{key}' in {uri} is not a MySQL connection option (see https://mysqlconnector.net/connection-options/)");
            }
        }
        // What the bulk writer, the readers and the type mapping rely on; a URI option cannot turn these off.
        csb.AllowLoadLocalInfile = true;
        csb.AllowUserVariables = true;
        csb.ConvertZeroDateTime = true;
        csb.GuidFormat = MySqlGuidFormat.None;
        csb.CharacterSet = "utf8mb4";
        return csb;
    }

    /// <summary>A data source whose every new or reset connection runs in UTC (<c>time_zone = '+00:00'</c>).</summary>
    public static MySqlDataSource CreateDataSource(DatabaseUri uri, string? database = null)
    {
        var builder = new MySqlDataSourceBuilder(Build(uri, database).ConnectionString);
        builder.UseConnectionOpenedCallback(InitializeSessionAsync);
        return builder.Build();
    }

    /// <summary>Opens a connection from <paramref name="dataSource"/>, mapping failures to <see cref="ObscuraDatabaseException"/>.</summary>
    public static async Task<MySqlConnection> OpenAsync(DbDataSource dataSource, DatabaseUri uri, CancellationToken cancellationToken)
    {
        var connection = (MySqlConnection)dataSource.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (ex is MySqlException or SocketException or TimeoutException or IOException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw await DescribeOpenFailureAsync(ex, uri, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Words a connection failure for users: what failed, where (the URI without its password), and what to check.</summary>
    public static async Task<ObscuraDatabaseException> DescribeOpenFailureAsync(Exception ex, DatabaseUri uri, CancellationToken cancellationToken)
    {
        var host = uri.Host ?? "localhost";
        var port = (uri.Port ?? DefaultPort).ToString(CultureInfo.InvariantCulture);
        var code = (ex as MySqlException)?.ErrorCode;
        string message;
        if (code == MySqlErrorCode.AccessDenied)
            message = $"access denied for user '{uri.User}' at {uri}: check the user name and the password (from the URI or the password environment variable)";
        else if (code == MySqlErrorCode.DatabaseAccessDenied)
            message = $"user '{uri.User}' may not use database '{uri.Database}' at {uri}: grant access or pick another database";
        else if (code == MySqlErrorCode.UnknownDatabase)
            message = $"database '{uri.Database}' does not exist at {uri}: create it or check the name";
        else if (IsTimeout(ex))
            message = $"timed out connecting to {host}:{port} ({uri}): check that the host is reachable and no firewall drops the port";
        else if (code == MySqlErrorCode.UnableToConnectToHost && !await ResolvesAsync(host, cancellationToken).ConfigureAwait(false))
            message = $"host name '{host}' could not be resolved ({uri}): check the host in the URI";
        else if (code == MySqlErrorCode.UnableToConnectToHost || ex is SocketException)
            message = $"cannot connect to {host}:{port} ({uri}): the connection was refused or the host is unreachable; check that the server runs and listens on that port";
        else if (ex is MySqlException mex)
            message = $"cannot open {uri}: {MySqlErrorText.Describe(mex.Number, mex.Message)}";
        else
            message = $"cannot open {uri}: {ex.GetType().Name}";
        return new ObscuraDatabaseException(message, ex);
    }

    private static async ValueTask InitializeSessionAsync(MySqlConnectionOpenedContext context, CancellationToken cancellationToken)
    {
        // Nothing to do when the pool hands back a session that was neither new nor reset: it still has the setting.
        if (context.Conditions == MySqlConnectionOpenedConditions.None) return;
        using var command = context.Connection.CreateCommand();
        // TIMESTAMP columns are read and written as UTC whatever the server's zone.
        command.CommandText = "SET time_zone = '+00:00'";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsTimeout(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException) return true;
            if (e is SocketException { SocketErrorCode: SocketError.TimedOut }) return true;
            if (e.Message.Contains("Timeout", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static async Task<bool> ResolvesAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out _)) return true;
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
