using System.Globalization;
using Obscura.Data;
using Obscura.Data.MySql;
using Obscura.Data.Postgres;
using Obscura.Data.Sqlite;

namespace Obscura.Data.Tests.Infrastructure;

/// <summary>
/// Real servers for tests. <c>scripts/test.sh</c> starts PostgreSQL and MariaDB on loopback and exports
/// OBSCURA_TEST_PG and OBSCURA_TEST_MYSQL; a test that needs a server fails (never skips) without them.
/// Each call creates a fresh, uniquely named database.
/// </summary>
public static class TestDatabases
{
    private static int _counter;

    /// <summary>The registry with every provider, as the CLI builds it.</summary>
    public static ProviderRegistry Registry { get; } = new ProviderRegistryBuilder().AddSqlite().AddPostgres().AddMySql().Build();

    /// <summary>URI of the PostgreSQL server's maintenance database.</summary>
    public static DatabaseUri PostgresServer => DatabaseUri.Parse(Require("OBSCURA_TEST_PG"));

    /// <summary>URI of the MariaDB server's system database.</summary>
    public static DatabaseUri MySqlServer => DatabaseUri.Parse(Require("OBSCURA_TEST_MYSQL"));

    /// <summary>A unique lower-case name with the given prefix.</summary>
    public static string UniqueName(string prefix) =>
        $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}_{DateTime.UtcNow.Ticks % 100000}".ToLowerInvariant();

    /// <summary>Creates a fresh database on the server for <paramref name="provider"/> ("sqlite", "postgres", "mysql") and returns its URI.</summary>
    public static async Task<DatabaseUri> CreateAsync(string provider, string prefix = "t")
    {
        var name = UniqueName(prefix);
        switch (provider)
        {
            case "sqlite":
                var dir = Path.Combine(Path.GetTempPath(), "obscura-tests");
                Directory.CreateDirectory(dir);
                var file = DatabaseUri.Parse("sqlite:" + Path.Combine(dir, name + ".db"));
                // OpenAsync refuses missing SQLite files (a source is never created by accident): create it like a target.
                await Registry.Resolve(file).EnsureDatabaseAsync(file, CancellationToken.None);
                return file;
            case "postgres":
            case "mysql":
                var server = provider == "postgres" ? PostgresServer : MySqlServer;
                var uri = server.WithDatabase(name);
                await Registry.Resolve(uri).EnsureDatabaseAsync(uri, CancellationToken.None);
                return uri;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown provider");
        }
    }

    /// <summary>Runs SQL statements (separated by <c>;\n</c>-free batches given one per array item) against a database.</summary>
    public static async Task ExecuteAsync(DatabaseUri uri, params string[] statements)
    {
        var provider = Registry.Resolve(uri);
        await using var ds = provider.CreateDataSource(uri);
        await using var conn = await provider.OpenAsync(ds, uri, CancellationToken.None);
        foreach (var sql in statements)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Runs a query and returns all rows as arrays of values (DBNull as null), in the order the query gives.</summary>
    public static async Task<List<object?[]>> QueryAsync(DatabaseUri uri, string sql)
    {
        var provider = Registry.Resolve(uri);
        await using var ds = provider.CreateDataSource(uri);
        await using var conn = await provider.OpenAsync(ds, uri, CancellationToken.None);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Scalar query converted to long.</summary>
    public static async Task<long> CountAsync(DatabaseUri uri, string sql) =>
        Convert.ToInt64((await QueryAsync(uri, sql))[0][0], CultureInfo.InvariantCulture);

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v
            ? v
            : throw new InvalidOperationException($"{variable} is not set: run the tests with scripts/test.sh, which starts PostgreSQL and MariaDB on loopback.");
}
