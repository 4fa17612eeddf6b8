using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Service.Tests;

/// <summary>Throwaway databases for service tests, registered as data sources through the API (SQLite or the shared PostgreSQL server).</summary>
public static class ServiceDatabases
{
    /// <summary>Registers <paramref name="uri"/> as a data source (its password goes in as the write-only field) and returns the id.</summary>
    public static Task<string> RegisterAsync(this ServiceFixture f, HttpClient admin, string name, DatabaseUri uri, string environment) =>
        uri.Scheme == "sqlite"
            ? f.DataSourceAsync(admin, new { name, kind = "sqlite", database = uri.Database, environment })
            : f.DataSourceAsync(admin, new { name, kind = uri.Scheme, host = uri.Host, port = uri.Port, database = uri.Database, username = uri.User, password = uri.Password, environment });

    /// <summary>A database with users (id, email, status) and orders (id, user_id → users, total): <paramref name="users"/> users, three orders each.</summary>
    public static async Task<DatabaseUri> UsersAndOrdersAsync(string kind, int users, string prefix = "svc_src")
    {
        var db = await TestDatabases.CreateAsync(kind, prefix);
        if (kind == "postgres")
        {
            await TestDatabases.ExecuteAsync(db,
                "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL UNIQUE, status text NOT NULL)",
                "CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users(id), total numeric(10,2) NOT NULL)",
                $"INSERT INTO users SELECT i, 'user' || i || '@example.com', CASE WHEN i % 4 = 0 THEN 'closed' ELSE 'active' END FROM generate_series(1, {users}) i",
                $"INSERT INTO orders SELECT i, (i % {users}) + 1, i * 1.25 FROM generate_series(1, {users * 3}) i");
        }
        else
        {
            await TestDatabases.ExecuteAsync(db,
                "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, status TEXT NOT NULL)",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), total NUMERIC(10,2) NOT NULL)",
                $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {users}) INSERT INTO users SELECT i, 'user' || i || '@example.com', CASE WHEN i % 4 = 0 THEN 'closed' ELSE 'active' END FROM n",
                $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {users * 3}) INSERT INTO orders SELECT i, (i % {users}) + 1, i * 1.25 FROM n");
        }
        return db;
    }

    /// <summary>Drops a server database (a SQLite file is left to the temp directory).</summary>
    public static async Task DropAsync(DatabaseUri uri)
    {
        if (uri.Scheme == "sqlite") return;
        var server = uri.Scheme == "postgres" ? TestDatabases.PostgresServer : TestDatabases.MySqlServer;
        var quoted = uri.Scheme == "postgres" ? $"\"{uri.Database}\" WITH (FORCE)" : $"`{uri.Database}`";
        await TestDatabases.ExecuteAsync(server, $"DROP DATABASE IF EXISTS {quoted}");
    }

    /// <summary>An order-independent digest of a PostgreSQL table's rows, to prove a table unchanged.</summary>
    public static async Task<string> DigestAsync(DatabaseUri uri, string table) =>
        (string)(await TestDatabases.QueryAsync(uri, $"SELECT md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t"))[0][0]!;
}
