using System.Diagnostics;
using System.Text;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Demo;
using Obscura.Engine.Discovery;

namespace Obscura.Engine.Tests.Discovery;

/// <summary>One sample database, scanned once with the default options.</summary>
public sealed record ScannedDataset(string Name, DatabaseUri Source, ScanResult Result, IReadOnlySet<string> Truth)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// Loads the demo database and the sample databases of ../shared/datasets (each dataset in the dialects that exercise a
/// different naming style or engine) and scans each once; shared by the quality and draft-copy tests.
/// </summary>
public sealed class ScanDatasets : IAsyncLifetime
{
    public static readonly string[] Names =
    [
        "demo (sqlite)", "chinook (sqlite)", "chinook (postgres)", "chinook (mariadb)", "northwind (postgres)", "northwind (sqlite)",
        "employees (sqlite)", "sakila (mariadb)", "sakila (sqlite)", "pagila (postgres)",
    ];

    private readonly Dictionary<string, ScannedDataset> _scanned = new(StringComparer.Ordinal);

    public IReadOnlyList<ScannedDataset> All => [.. Names.Select(n => _scanned[n])];

    public ScannedDataset this[string name] => _scanned[name];

    public async Task InitializeAsync()
    {
        var loads = new (string Name, Func<Task<DatabaseUri>> Load, IReadOnlySet<string> Truth)[]
        {
            ("demo (sqlite)", DemoAsync, GroundTruth.Demo),
            ("chinook (sqlite)", () => Datasets.LoadAsync("sqlite", "scan_chinook", "chinook/Chinook_Sqlite.sql"), GroundTruth.Chinook),
            ("chinook (postgres)", () => Datasets.LoadAsync("postgres", "scan_chinook", "chinook/Chinook_PostgreSql.sql"), GroundTruth.Chinook),
            ("chinook (mariadb)", () => Datasets.LoadAsync("mysql", "scan_chinook", "chinook/Chinook_MySql.sql"), GroundTruth.Chinook),
            ("northwind (postgres)", () => Datasets.LoadAsync("postgres", "scan_northwind", "northwind-pg/northwind.sql"), GroundTruth.Northwind),
            ("northwind (sqlite)", NorthwindSqliteAsync, GroundTruth.Northwind),
            ("employees (sqlite)", () => Datasets.LoadAsync("sqlite", "scan_employees", "employees/sqlite/dataset_small/employee.sql"), GroundTruth.Employees),
            ("sakila (mariadb)", () => Datasets.LoadAsync("mysql", "scan_sakila", "sakila-mysql/sakila-mv-schema.sql", "sakila-mysql/sakila-mv-data.sql"), GroundTruth.Sakila),
            ("sakila (sqlite)", () => Datasets.LoadAsync("sqlite", "scan_sakila", "sakila-sqlite/sqlite-sakila-schema.sql", "sakila-sqlite/sqlite-sakila-data.sql"), GroundTruth.Sakila),
            ("pagila (postgres)", () => Datasets.LoadAsync("postgres", "scan_pagila", "pagila-pg/pagila-schema.sql", "pagila-pg/pagila-data.sql"), GroundTruth.Sakila),
        };
        var runtime = ObscuraRuntime.CreateDefault();
        await Task.WhenAll(loads.Select(async l =>
        {
            var uri = await l.Load();
            await using var endpoint = runtime.Connect(uri);
            var result = await new ScanService(runtime).ScanAsync(endpoint, new ScanOptions(), CancellationToken.None);
            lock (_scanned) _scanned[l.Name] = new ScannedDataset(l.Name, uri, result, l.Truth);
        }));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The health-registry database <c>obscura demo</c> generates.</summary>
    public static async Task<DatabaseUri> DemoAsync()
    {
        var uri = await TestDatabases.CreateAsync("sqlite", "scan_demo");
        var runtime = ObscuraRuntime.CreateDefault();
        await using var endpoint = runtime.Connect(uri);
        await new HealthRegistryGenerator().LoadAsync(endpoint, CancellationToken.None);
        return uri;
    }

    /// <summary>Northwind for SQLite, loaded in one transaction (the script autocommits every INSERT otherwise).</summary>
    private static async Task<DatabaseUri> NorthwindSqliteAsync()
    {
        var uri = await TestDatabases.CreateAsync("sqlite", "scan_northwind");
        foreach (var script in new[] { "northwind-sqlite/create.sql", "northwind-sqlite/update.sql" })
        {
            var file = Datasets.PathOf(script);
            var info = new ProcessStartInfo("sqlite3")
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(file)!,
            };
            info.ArgumentList.Add("-bail");
            info.ArgumentList.Add(uri.Database);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync("BEGIN;\n" + await File.ReadAllTextAsync(file, Encoding.UTF8) + "\nCOMMIT;\n");
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            await stdout;
            if (process.ExitCode != 0) throw new InvalidOperationException($"sqlite3 failed on {script}: {await stderr}");
        }
        return uri;
    }
}

[CollectionDefinition(Name)]
public sealed class ScanDatasetsCollection : ICollectionFixture<ScanDatasets>
{
    public const string Name = "scanned sample databases";
}
