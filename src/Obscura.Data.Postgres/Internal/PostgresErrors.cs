using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;
using Obscura.Core.Diagnostics;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// Turns Npgsql failures into messages worded for users. Messages name the URI through
/// <see cref="DatabaseUri.ToString"/> (which has no password) and never contain a row value or a secret.
/// </summary>
internal static class PostgresErrors
{
    /// <summary>Maps a failure to open a connection to <paramref name="uri"/>; the driver exception stays the inner exception.</summary>
    public static ObscuraDatabaseException ForConnect(Exception exception, DatabaseUri uri) =>
        new(Scrub(DescribeConnectFailure(exception, uri), uri.Password), exception);

    private static string DescribeConnectFailure(Exception exception, DatabaseUri uri)
    {
        var user = uri.User ?? Environment.UserName;
        var endpoint = $"{uri.Host}:{uri.Port ?? PostgresConnections.DefaultPort}";
        if (Find<PostgresException>(exception) is { } pg)
        {
            return pg.SqlState switch
            {
                PostgresErrorCodes.InvalidPassword =>
                    $"authentication failed for {uri}: the server rejected user '{user}' with the given password (a wrong password, or no such role). Check the user name and the password in the URI or in its password environment variable.",
                PostgresErrorCodes.InvalidAuthorizationSpecification when pg.MessageText.Contains("does not exist", StringComparison.OrdinalIgnoreCase) =>
                    $"cannot connect to {uri}: role '{user}' does not exist on the server. Check the user name in the URI.",
                PostgresErrorCodes.InvalidAuthorizationSpecification =>
                    $"cannot connect to {uri}: the server does not accept this connection ({pg.MessageText}). Check the user name and the server's pg_hba.conf.",
                PostgresErrorCodes.InvalidCatalogName =>
                    $"cannot connect to {uri}: database '{uri.Database}' does not exist on {endpoint}. Check the database name, or create it first.",
                PostgresErrorCodes.InsufficientPrivilege =>
                    $"cannot connect to {uri}: user '{user}' may not connect to database '{uri.Database}' ({pg.MessageText}). Grant CONNECT on the database.",
                PostgresErrorCodes.TooManyConnections =>
                    $"cannot connect to {uri}: the server has too many connections. Retry later or lower obscura's parallelism.",
                PostgresErrorCodes.CannotConnectNow =>
                    $"cannot connect to {uri}: the server is starting up or shutting down. Retry in a moment.",
                _ => $"cannot connect to {uri}: {pg.MessageText} (SQLSTATE {pg.SqlState}).",
            };
        }
        if (Find<SocketException>(exception) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused =>
                    $"cannot connect to {uri}: connection refused at {endpoint}. Is PostgreSQL running and listening on that host and port?",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
                    $"cannot connect to {uri}: host '{uri.Host}' was not found. Check the host name.",
                SocketError.TimedOut =>
                    $"cannot connect to {uri}: timed out connecting to {endpoint}. Is the host reachable (firewall, VPN)?",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown =>
                    $"cannot connect to {uri}: host {endpoint} is unreachable. Check the host name and the network.",
                _ => $"cannot connect to {uri}: network error at {endpoint} ({socket.SocketErrorCode}).",
            };
        }
        if (Find<TimeoutException>(exception) is not null)
        {
            return $"cannot connect to {uri}: timed out waiting for the server at {endpoint}. Is the host reachable, and is the server overloaded? (The URI option connect_timeout=SECONDS sets the limit.)";
        }
        if (Find<AuthenticationException>(exception) is { } tls)
        {
            return $"cannot connect to {uri}: the TLS handshake failed ({tls.Message}). Check sslmode and the certificates.";
        }
        if (string.IsNullOrEmpty(uri.Password) && exception.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return $"cannot connect to {uri}: the server requires a password for user '{user}'. Put it in the URI or in its password environment variable.";
        }
        return $"cannot connect to {uri}: {FirstLine(exception.Message)}";
    }

    /// <summary>Removes a secret from a message, as a last line of defence.</summary>
    public static string Scrub(string message, string? secret) =>
        string.IsNullOrEmpty(secret) || secret.Length < 3 ? message : message.Replace(secret, "***", StringComparison.Ordinal);

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match) return match;
            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate && Find<T>(aggregate.InnerExceptions[0]) is { } inner) return inner;
        }
        return null;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
