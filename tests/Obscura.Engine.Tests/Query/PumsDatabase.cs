using System.Globalization;
using System.Text;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine;
using Obscura.Engine.Query;
using Xunit;

namespace Obscura.Engine.Tests.Query;

/// <summary>
/// SmartNoise's PUMS fixtures (read from ../shared/datasets/pums, never copied) loaded into a fresh database of one engine,
/// with a second table keyed by the same person (<c>visits</c>, up to 5 rows each) and a public lookup table (<c>regions</c>);
/// plus a policy file (the shared privacy.yaml with those tables added) and a budget store in a temporary SQLite file.
/// The database and files are removed afterwards.
/// </summary>
public abstract class PumsDatabase : IAsyncLifetime
{
    protected abstract string Provider { get; }

    public DatabaseUri Uri { get; private set; } = null!;
    public string PolicyPath { get; private set; } = null!;
    public string Directory { get; private set; } = null!;
    public ObscuraRuntime Runtime { get; } = ObscuraRuntime.CreateDefault();

    /// <summary>Exact facts to compare noisy answers with.</summary>
    public long TrueSumAge { get; private set; }
    public long TrueBoundedVisits { get; private set; }

    public async Task InitializeAsync()
    {
        Uri = await TestDatabases.CreateAsync(Provider, "dpq");
        var text = Provider == "mysql" ? "VARCHAR(40)" : "TEXT";
        await TestDatabases.ExecuteAsync(Uri,
            $"CREATE TABLE PUMS (age INTEGER, sex {text}, educ {text}, race {text}, income INTEGER, married {text}, pid INTEGER)",
            $"CREATE TABLE PUMS_ROW (age INTEGER, sex {text}, educ {text}, race {text}, income INTEGER, married {text})",
            $"CREATE TABLE PUMS_DUP (age INTEGER, sex {text}, educ {text}, race {text}, income INTEGER, married {text}, pid INTEGER)",
            $"CREATE TABLE visits (pid INTEGER, cost INTEGER, score INTEGER, note {text}, day DATE)",
            $"CREATE TABLE regions (race VARCHAR(10) PRIMARY KEY, name {text})");
        await LoadAsync("PUMS", "PUMS_pid.csv", withPid: true);
        await LoadAsync("PUMS_ROW", "PUMS.csv", withPid: false);
        await LoadAsync("PUMS_DUP", "PUMS_dup.csv", withPid: true);
        var visits = new List<string>();
        for (var pid = 1; pid <= 1000; pid++)
        {
            var n = 1 + pid * 7 % 5;
            for (var j = 0; j < n; j++)
                visits.Add(string.Create(CultureInfo.InvariantCulture, $"({pid}, {(pid * 31 + j * 17) % 201}, {pid % 1000 * 1000}, 'n', '2024-{1 + (pid + j) % 12:00}-{1 + pid % 28:00}')"));
            TrueBoundedVisits += Math.Min(n, 3);
        }
        await InsertAsync("visits", visits);
        await TestDatabases.ExecuteAsync(Uri,
            "INSERT INTO regions VALUES ('1', 'white'), ('2', 'black'), ('3', 'native'), ('4', 'asian'), ('5', 'pacific'), ('6', 'other')");
        TrueSumAge = await TestDatabases.CountAsync(Uri, "SELECT SUM(age) FROM PUMS");
        Directory = Path.Combine(Path.GetTempPath(), "obscura-query-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        PolicyPath = Path.Combine(Directory, "privacy.yaml");
        await File.WriteAllTextAsync(PolicyPath, Policy());
    }

    /// <summary>The shared privacy.yaml with the test tables, roles and rules added, its budget store in this fixture's directory.</summary>
    private string Policy()
    {
        var shared = File.ReadAllText(Datasets.PathOf("pums/privacy.yaml"));
        var tables = shared[..shared.IndexOf("\nroles:", StringComparison.Ordinal)]
            .Replace("budget_store: sqlite:obscura-budget.db", "budget_store: sqlite:budget.db", StringComparison.Ordinal);
        return tables + """

              visits:
                privacy_unit: pid
                max_contributions: 3
                columns:
                  pid:   { type: int, private_id: true }
                  cost:  { type: int, lower: 0, upper: 200 }
                  score: { type: int }
                  note:  { type: string }
                  day:   { type: date }
            roles:
              analyst: { epsilon_per_query: 1.0, delta_per_query: 1.0e-6, budget: { epsilon: 100000.0, delta: 0.5, reset: monthly } }
              intern:  { epsilon_per_query: 0.5, delta_per_query: 1.0e-7, budget: { epsilon: 5.0, delta: 1.0e-5, reset: daily } }
              small:   { epsilon_per_query: 1.0, delta_per_query: 1.0e-6, budget: { epsilon: 10.0, delta: 0.5 } }
            users:
              alice: [analyst]
              bob: [analyst, intern]
              carol: [small]
            rules:
              - { match: "*.note|*.ssn", class: restricted }
              - { match: "regions", class: public }
            """;
    }

    public QueryService Service(IBudgetStore? budget = null) =>
        new(Runtime, new PolicySource(PolicyPath), budget ?? new LedgerBudgetStore(Runtime, DatabaseUri.Parse("sqlite:" + Path.Combine(Directory, "budget-" + Guid.NewGuid().ToString("N") + ".db"))));

    private async Task LoadAsync(string table, string file, bool withPid)
    {
        var lines = await File.ReadAllLinesAsync(Datasets.PathOf("pums/" + file));
        var header = lines[0].Split(',');
        var rows = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            string V(string name) => f[Array.IndexOf(header, name)];
            var values = new StringBuilder();
            values.Append(CultureInfo.InvariantCulture, $"({V("age")}, '{V("sex")}', '{V("educ")}', '{V("race")}', {(long)double.Parse(V("income"), CultureInfo.InvariantCulture)}, '{V("married")}'");
            if (withPid) values.Append(", ").Append(V("pid"));
            rows.Add(values.Append(')').ToString());
        }
        await InsertAsync(table, rows);
    }

    private async Task InsertAsync(string table, List<string> rows)
    {
        foreach (var chunk in rows.Chunk(500)) await TestDatabases.ExecuteAsync(Uri, $"INSERT INTO {table} VALUES {string.Join(", ", chunk)}");
    }

    public async Task DisposeAsync()
    {
        switch (Provider)
        {
            case "sqlite":
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Delete(Uri.Database);
                break;
            case "postgres":
                await TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{Uri.Database}\" WITH (FORCE)");
                break;
            default:
                await TestDatabases.ExecuteAsync(TestDatabases.MySqlServer, $"DROP DATABASE IF EXISTS `{Uri.Database}`");
                break;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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

public sealed class SqlitePums : PumsDatabase
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresPums : PumsDatabase
{
    protected override string Provider => "postgres";
}

public sealed class MariaDbPums : PumsDatabase
{
    protected override string Provider => "mysql";
}
