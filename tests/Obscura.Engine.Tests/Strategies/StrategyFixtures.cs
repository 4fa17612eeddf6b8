using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Tests.Strategies;

/// <summary>Small source tables with known value frequencies, key files and a copy helper for the engine strategies' tests.</summary>
internal static class StrategyFixtures
{
    public static readonly RunSecret Secret = RunSecret.FromText("engine-strategies-secret-0123456789");

    /// <summary>City frequencies of the <c>person</c> table (plus 3 NULL cities).</summary>
    public static readonly IReadOnlyDictionary<string, int> Cities = new Dictionary<string, int>
    {
        ["Amsterdam"] = 10, ["Berlin"] = 5, ["Cairo"] = 4, ["Dakar"] = 1, ["Évora"] = 2,
    };

    public const int NullCities = 3;

    /// <summary>person(id, city, zip NOT NULL, score): zip = 1000 + index of the city, score 7 for even ids.</summary>
    public static async Task<DatabaseUri> PersonSourceAsync(string provider)
    {
        var uri = await TestDatabases.CreateAsync(provider, "strat_src");
        var statements = new List<string> { "CREATE TABLE person (id INTEGER PRIMARY KEY, city VARCHAR(20), zip INTEGER NOT NULL, score INTEGER)" };
        var id = 0;
        var values = new List<string>();
        var index = 0;
        foreach (var (city, count) in Cities)
        {
            for (var i = 0; i < count; i++)
            {
                id++;
                values.Add(string.Create(CultureInfo.InvariantCulture, $"({id}, '{city}', {1000 + index}, {(id % 2 == 0 ? "7" : "NULL")})"));
            }
            index++;
        }
        for (var i = 0; i < NullCities; i++)
        {
            id++;
            values.Add(string.Create(CultureInfo.InvariantCulture, $"({id}, NULL, 999, 7)"));
        }
        statements.Add("INSERT INTO person (id, city, zip, score) VALUES " + string.Join(", ", values));
        await TestDatabases.ExecuteAsync(uri, [.. statements]);
        return uri;
    }

    /// <summary>A fresh random vault key written to a temp file as hex.</summary>
    public static string NewKeyFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-tests");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, TestDatabases.UniqueName("vaultkey") + ".key");
        File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), Encoding.ASCII);
        return path;
    }

    /// <summary>A path for a new SQLite store.</summary>
    public static string NewStorePath(string prefix) =>
        Path.Combine(Path.GetTempPath(), "obscura-tests", TestDatabases.UniqueName(prefix) + ".db");

    /// <summary>Copies <paramref name="source"/> into a new database of <paramref name="targetProvider"/> with a config.</summary>
    public static async Task<(DatabaseUri Target, CopyResult Result)> CopyAsync(DatabaseUri source, string targetProvider, string config, string[]? tables = null)
    {
        var target = await TestDatabases.CreateAsync(targetProvider, "strat_dst");
        var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source,
            Target = target,
            Config = ConfigLoader.Parse(config),
            Secret = Secret,
            Tables = tables ?? [],
        });
        return (target, result);
    }

    /// <summary>URI text (with password) of a new PostgreSQL database for a vault or mapping store.</summary>
    public static async Task<string> PostgresStoreAsync(string prefix) => await ServerStoreAsync("postgres", "OBSCURA_TEST_PG", prefix);

    /// <summary>URI text (with password) of a new MariaDB database for a vault or mapping store.</summary>
    public static async Task<string> MySqlStoreAsync(string prefix) => await ServerStoreAsync("mysql", "OBSCURA_TEST_MYSQL", prefix);

    private static async Task<string> ServerStoreAsync(string provider, string variable, string prefix)
    {
        var uri = await TestDatabases.CreateAsync(provider, prefix);
        var server = Environment.GetEnvironmentVariable(variable)!;
        return server[..(server.LastIndexOf('/') + 1)] + uri.Database;
    }

    /// <summary>Rows of a query as text (NULL as null).</summary>
    public static async Task<List<string?[]>> RowsAsync(DatabaseUri uri, string sql) =>
        (await TestDatabases.QueryAsync(uri, sql))
        .Select(r => r.Select(v => v is null ? null : Convert.ToString(v, CultureInfo.InvariantCulture)).ToArray())
        .ToList();
}
