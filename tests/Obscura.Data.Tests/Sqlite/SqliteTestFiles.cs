using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Obscura.Core.Schema;
using Obscura.Data.Sqlite;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests.Sqlite;

/// <summary>
/// Temporary SQLite files, the shared sample datasets (loaded with the sqlite3 CLI into temporary files, once per test
/// run) and small helpers to open, run and inspect them through the provider under test.
/// </summary>
internal static class SqliteTestFiles
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The provider under test.</summary>
    public static SqliteProvider Provider { get; } = new();

    /// <summary>A new, not yet existing database path in the temporary directory.</summary>
    public static string NewPath(string prefix = "sqlite")
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-tests");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, TestDatabases.UniqueName(prefix) + ".db");
    }

    /// <summary>The URI of a new, empty database file.</summary>
    public static async Task<DatabaseUri> NewDatabaseAsync(string prefix = "sqlite")
    {
        var uri = DatabaseUri.Parse("sqlite:" + NewPath(prefix));
        await Provider.EnsureDatabaseAsync(uri, CancellationToken.None);
        return uri;
    }

    /// <summary>Runs statements, one per item, on a new connection.</summary>
    public static async Task ExecuteAsync(DatabaseUri uri, params string[] statements)
    {
        await using var ds = Provider.CreateDataSource(uri);
        await using var conn = await Provider.OpenAsync(ds, uri, CancellationToken.None);
        foreach (var sql in statements)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Inspects a database.</summary>
    public static async Task<Catalog> InspectAsync(DatabaseUri uri)
    {
        await using var ds = Provider.CreateDataSource(uri);
        await using var conn = await Provider.OpenAsync(ds, uri, CancellationToken.None);
        return await Provider.InspectAsync(conn, CancellationToken.None);
    }

    /// <summary>The shared datasets directory: <c>shared/datasets</c> beside the repository (found by walking up from the test assembly).</summary>
    public static string DatasetsDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "datasets");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new InvalidOperationException(
                $"shared/datasets was not found above {AppContext.BaseDirectory}: the sample datasets must sit beside the repository (<repo>/../shared/datasets)");
        }
    }

    /// <summary>Chinook, loaded from chinook/Chinook_Sqlite.sql.</summary>
    public static Task<DatabaseUri> ChinookAsync() => DatasetAsync("chinook", ["chinook/Chinook_Sqlite.sql"], wrapInTransaction: false);

    /// <summary>Sakila, loaded from the sakila-sqlite schema and data scripts.</summary>
    public static Task<DatabaseUri> SakilaAsync() =>
        DatasetAsync("sakila", ["sakila-sqlite/sqlite-sakila-schema.sql", "sakila-sqlite/sqlite-sakila-data.sql"], wrapInTransaction: false);

    /// <summary>Northwind, loaded from northwind-sqlite/create.sql (in one transaction: it autocommits every INSERT otherwise) and update.sql.</summary>
    public static Task<DatabaseUri> NorthwindAsync() =>
        DatasetAsync("northwind", ["northwind-sqlite/create.sql", "northwind-sqlite/update.sql"], wrapInTransaction: true);

    private static async Task<DatabaseUri> DatasetAsync(string name, string[] scripts, bool wrapInTransaction)
    {
        var path = await Loaded.GetOrAdd(name, _ => new Lazy<Task<string>>(() => LoadAsync(name, scripts, wrapInTransaction))).Value;
        return DatabaseUri.Parse("sqlite:" + path);
    }

    private static async Task<string> LoadAsync(string name, string[] scripts, bool wrapInTransaction)
    {
        var path = NewPath(name);
        foreach (var script in scripts)
        {
            var file = Path.Combine(DatasetsDirectory, script);
            var info = new ProcessStartInfo("sqlite3")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(file)!,
            };
            info.ArgumentList.Add("-bail");
            info.ArgumentList.Add(path);
            using var process = Process.Start(info) ?? throw new InvalidOperationException("sqlite3 could not be started");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var input = process.StandardInput.BaseStream;
            if (wrapInTransaction) await input.WriteAsync(Encoding.UTF8.GetBytes("BEGIN;\n"));
            await using (var source = File.OpenRead(file)) await source.CopyToAsync(input);
            if (wrapInTransaction) await input.WriteAsync(Encoding.UTF8.GetBytes("\nCOMMIT;\n"));
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            await stdout;
            var errors = await stderr;
            if (process.ExitCode != 0) throw new InvalidOperationException($"sqlite3 failed on {script} (exit {process.ExitCode}): {errors}");
        }
        return path;
    }
}
