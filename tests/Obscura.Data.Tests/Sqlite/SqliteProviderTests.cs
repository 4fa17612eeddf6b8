using Obscura.Core.Diagnostics;
using Obscura.Data.Sqlite;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests.Sqlite;

/// <summary>Registration, data sources, creating files and the messages users see when a file is wrong.</summary>
public sealed class SqliteProviderTests
{
    private static readonly SqliteProvider Provider = SqliteTestFiles.Provider;

    [Fact]
    public void The_provider_is_registered_under_sqlite_and_allows_one_writer()
    {
        var registry = new ProviderRegistryBuilder().AddSqlite().Build();
        var provider = registry.Resolve(DatabaseUri.Parse("sqlite:data/x.db"));
        Assert.IsType<SqliteProvider>(provider);
        Assert.Equal("sqlite", provider.Name);
        Assert.Equal("sqlite", provider.Dialect.Name);
        Assert.Equal(1, provider.MaxConcurrentWriters);
        Assert.IsType<SqliteProvider>(TestDatabases.Registry.Resolve(DatabaseUri.Parse("sqlite3:other.db")));
    }

    [Fact]
    public void The_data_source_points_at_the_full_path_of_the_file()
    {
        var path = SqliteTestFiles.NewPath("ds");
        using var ds = Provider.CreateDataSource(DatabaseUri.Parse("sqlite:" + path));
        Assert.Contains("Data Source=" + path, ds.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Mode=ReadWriteCreate", ds.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_source_file_fails_clearly_and_is_not_created()
    {
        var path = SqliteTestFiles.NewPath("missing");
        var uri = DatabaseUri.Parse("sqlite:" + path);
        await using var ds = Provider.CreateDataSource(uri);
        var ex = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => Provider.OpenAsync(ds, uri, CancellationToken.None));
        Assert.StartsWith($"sqlite:{path} does not exist", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_fails_clearly()
    {
        var path = SqliteTestFiles.NewPath("notadb");
        await File.WriteAllTextAsync(path, "name,email\nana,ana@example.com\n" + new string('x', 4096));
        var uri = DatabaseUri.Parse("sqlite:" + path);
        await using var ds = Provider.CreateDataSource(uri);
        var ex = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => Provider.OpenAsync(ds, uri, CancellationToken.None));
        Assert.Equal($"sqlite:{path} is not a SQLite database: the file exists but does not start with a SQLite header (is it encrypted, or another kind of file?)", ex.Message);
        Assert.DoesNotContain("ana@example.com", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_is_not_taken_for_a_database()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-tests");
        var uri = DatabaseUri.Parse("sqlite:" + dir);
        await using var ds = Provider.CreateDataSource(uri);
        var ex = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => Provider.OpenAsync(ds, uri, CancellationToken.None));
        Assert.Contains("is a directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ensuring_a_database_creates_its_directory_and_an_empty_database_file()
    {
        var path = Path.Combine(SqliteTestFiles.NewPath("nested").Replace(".db", string.Empty, StringComparison.Ordinal), "deeper", "target.db");
        var uri = DatabaseUri.Parse("sqlite:" + path);
        await Provider.EnsureDatabaseAsync(uri, CancellationToken.None);
        Assert.True(File.Exists(path));
        Assert.True(new FileInfo(path).Length > 0);
        var catalog = await SqliteTestFiles.InspectAsync(uri);
        Assert.Empty(catalog.Tables);
        Assert.Equal("target.db", catalog.Database);
        // A second call leaves the existing file alone.
        await SqliteTestFiles.ExecuteAsync(uri, "CREATE TABLE keep (x)");
        await Provider.EnsureDatabaseAsync(uri, CancellationToken.None);
        Assert.Single((await SqliteTestFiles.InspectAsync(uri)).Tables);
    }

    [Fact]
    public async Task Ordinary_connections_enforce_foreign_keys_and_load_connections_do_not()
    {
        var uri = await SqliteTestFiles.NewDatabaseAsync("fk");
        await using var ds = Provider.CreateDataSource(uri);
        await using var conn = await Provider.OpenAsync(ds, uri, CancellationToken.None);
        Assert.Equal(1L, await ScalarAsync(conn, "PRAGMA foreign_keys"));
        await Provider.PrepareForLoadAsync(conn, CancellationToken.None);
        Assert.Equal(0L, await ScalarAsync(conn, "PRAGMA foreign_keys"));
        Assert.Equal(0L, await ScalarAsync(conn, "PRAGMA synchronous"));
        Assert.Equal("memory", await ScalarAsync(conn, "PRAGMA journal_mode"));
        // Settings belong to that connection only: the next one is back to normal.
        await using var next = await Provider.OpenAsync(ds, uri, CancellationToken.None);
        Assert.Equal(1L, await ScalarAsync(next, "PRAGMA foreign_keys"));
        Assert.Equal("delete", await ScalarAsync(next, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_database_in_wal_mode_stays_in_wal_mode_when_loading()
    {
        var uri = await SqliteTestFiles.NewDatabaseAsync("wal");
        await SqliteTestFiles.ExecuteAsync(uri, "PRAGMA journal_mode = WAL");
        await using var ds = Provider.CreateDataSource(uri);
        await using var conn = await Provider.OpenAsync(ds, uri, CancellationToken.None);
        await Provider.PrepareForLoadAsync(conn, CancellationToken.None);
        Assert.Equal("wal", await ScalarAsync(conn, "PRAGMA journal_mode"));
    }

    private static async Task<object?> ScalarAsync(System.Data.Common.DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }
}
