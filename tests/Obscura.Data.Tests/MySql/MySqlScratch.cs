using System.Data.Common;
using Obscura.Core.Schema;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests.MySql;

/// <summary>A fresh MariaDB database for one test (or fixture), dropped again on dispose.</summary>
public sealed class MySqlScratch : IAsyncDisposable
{
    private MySqlScratch(DatabaseUri uri, DatabaseProvider provider)
    {
        Uri = uri;
        Provider = provider;
        DataSource = provider.CreateDataSource(uri);
    }

    /// <summary>The database's URI.</summary>
    public DatabaseUri Uri { get; }

    /// <summary>The mysql provider.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>A pool for the database.</summary>
    public DbDataSource DataSource { get; }

    /// <summary>Creates a uniquely named database.</summary>
    public static async Task<MySqlScratch> CreateAsync(string prefix)
    {
        var uri = await TestDatabases.CreateAsync("mysql", prefix);
        return new MySqlScratch(uri, TestDatabases.Registry.Resolve(uri));
    }

    /// <summary>Opens a connection through the provider.</summary>
    public Task<DbConnection> OpenAsync() => Provider.OpenAsync(DataSource, Uri, CancellationToken.None);

    /// <summary>Runs statements in order on one connection.</summary>
    public async Task ExecuteAsync(params string[] statements)
    {
        await using var conn = await OpenAsync();
        await ExecuteAsync(conn, statements);
    }

    /// <summary>Runs statements in order on <paramref name="conn"/>.</summary>
    public static async Task ExecuteAsync(DbConnection conn, params IEnumerable<string> statements)
    {
        foreach (var sql in statements)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>All rows of a query, DBNull as null.</summary>
    public Task<List<object?[]>> QueryAsync(string sql) => TestDatabases.QueryAsync(Uri, sql);

    /// <summary>Inspects the database.</summary>
    public async Task<Catalog> InspectAsync()
    {
        await using var conn = await OpenAsync();
        return await Provider.InspectAsync(conn, CancellationToken.None);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await TestDatabases.ExecuteAsync(TestDatabases.MySqlServer, $"DROP DATABASE IF EXISTS {Provider.Dialect.Quote(Uri.Database)}");
    }
}
