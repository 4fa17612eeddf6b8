using System.Globalization;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Service.Tests;

/// <summary>
/// SmartNoise's PUMS people (read from ../shared/datasets/pums, never copied) in a fresh database of one engine, a privacy
/// policy for them with a budget store and a query audit log in a temporary directory; all removed afterwards.
/// </summary>
public sealed class PumsSource : IAsyncDisposable
{
    private PumsSource(string provider, DatabaseUri uri, string directory)
    {
        Provider = provider;
        Uri = uri;
        Directory = directory;
    }

    public string Provider { get; }
    public DatabaseUri Uri { get; }
    public string Directory { get; }
    public string PolicyPath => Path.Combine(Directory, "privacy.yaml");
    public string QueryAuditPath => Path.Combine(Directory, "query-audit.jsonl");

    public static async Task<PumsSource> CreateAsync(string provider)
    {
        var uri = await TestDatabases.CreateAsync(provider, "svcq");
        await TestDatabases.ExecuteAsync(uri, "CREATE TABLE PUMS (age INTEGER, sex TEXT, educ TEXT, race TEXT, income INTEGER, married TEXT, pid INTEGER)");
        var lines = await File.ReadAllLinesAsync(Datasets.PathOf("pums/PUMS_pid.csv"));
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(line =>
        {
            var f = line.Split(',');
            string V(string name) => f[Array.IndexOf(header, name)];
            return string.Create(CultureInfo.InvariantCulture,
                $"({V("age")}, '{V("sex")}', '{V("educ")}', '{V("race")}', {(long)double.Parse(V("income"), CultureInfo.InvariantCulture)}, '{V("married")}', {V("pid")})");
        }).ToList();
        foreach (var chunk in rows.Chunk(500)) await TestDatabases.ExecuteAsync(uri, $"INSERT INTO PUMS VALUES {string.Join(", ", chunk)}");
        var dir = Path.Combine(Path.GetTempPath(), "obscura-service-query-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "privacy.yaml"), """
            audit: query-audit.jsonl
            budget_store: sqlite:budget.db
            tables:
              PUMS:
                privacy_unit: pid
                max_contributions: 1
                columns:
                  age:     { type: int, lower: 0, upper: 100 }
                  sex:     { type: string }
                  educ:    { type: string }
                  race:    { type: string }
                  income:  { type: int, lower: 0, upper: 500000 }
                  married: { type: string }
                  pid:     { type: int, private_id: true }
            roles:
              analyst: { epsilon_per_query: 1.0, delta_per_query: 1.0e-6, budget: { epsilon: 10.0, delta: 1.0e-5, reset: monthly } }
              small:   { epsilon_per_query: 1.0, delta_per_query: 1.0e-6, budget: { epsilon: 1.5, delta: 1.0e-5 } }
            users:
              ana: [analyst]
              tiny: [small]
            """);
        return new PumsSource(provider, uri, dir);
    }

    /// <summary>The data-source registration body for this database (the password, if any, travels write-only).</summary>
    public object DataSourceBody(string name, string classification = "Confidential") => Provider == "sqlite"
        ? new { name, kind = "sqlite", database = Uri.Database, environment = "ANALYTICS", classification }
        : new { name, kind = Provider, host = Uri.Host, port = Uri.Port, database = Uri.Database, username = Uri.User, password = Uri.Password, environment = "ANALYTICS", classification };

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Provider == "postgres") await TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{Uri.Database}\" WITH (FORCE)");
        else if (Provider == "sqlite") File.Delete(Uri.Database);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a budget file still open by a pooled connection: the temp directory is cleaned by the OS
        }
    }
}
