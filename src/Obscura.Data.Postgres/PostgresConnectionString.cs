namespace Obscura.Data.Postgres;

/// <summary>The Npgsql connection string for a <c>postgres://</c> URI, for components that take one (a job runner's storage).</summary>
public static class PostgresConnectionString
{
    /// <summary>The connection string with the URI's password and options; never put it in a message.</summary>
    public static string Build(DatabaseUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var builder = Internal.PostgresConnections.BuildConnectionString(uri);
        // Store queries are short; a data command's unlimited timeout is not wanted here.
        builder.CommandTimeout = 60;
        return builder.ConnectionString;
    }
}
