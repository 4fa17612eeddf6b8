using System.Globalization;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Engine.Tests.Release;

/// <summary>
/// UCI Adult as ARX ships it (../shared/datasets/adult: 30,162 rows, read from there, never copied), loaded into a fresh
/// database with an <c>id</c> column (the row's position) so a test can match each released row with its original.
/// </summary>
internal static class AdultDataset
{
    public static readonly string[] QuasiIdentifiers = ["sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation"];

    public static string Directory => Datasets.PathOf("adult");
    public static string Hierarchies => Path.Combine(Directory, "hierarchies");

    /// <summary>The rows: column name → value, plus "id".</summary>
    public static IReadOnlyList<Dictionary<string, string>> Rows { get; } = Read();

    private static List<Dictionary<string, string>> Read()
    {
        var lines = File.ReadAllLines(Path.Combine(Directory, "adult.csv"));
        var header = lines[0].Split(';');
        var rows = new List<Dictionary<string, string>>(lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(';');
            var row = new Dictionary<string, string>(StringComparer.Ordinal) { ["id"] = rows.Count.ToString(CultureInfo.InvariantCulture) };
            for (var c = 0; c < header.Length; c++) row[header[c]] = fields[c];
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Creates a database on <paramref name="provider"/>'s server with table <c>adult</c> and loads every row.</summary>
    public static async Task<DatabaseUri> LoadAsync(string provider)
    {
        var uri = await TestDatabases.CreateAsync(provider, "adult");
        var p = TestDatabases.Registry.Resolve(uri);
        var q = p.Dialect;
        var columns = new[] { "id", "sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation", "salary-class" };
        var ddl = $"CREATE TABLE {q.Quote("adult")} ({string.Join(", ", columns.Select(c => $"{q.Quote(c)} {(c is "id" or "age" ? "INTEGER" : "VARCHAR(64)")} NOT NULL"))})";
        await TestDatabases.ExecuteAsync(uri, ddl);
        await using var ds = p.CreateDataSource(uri);
        await using var conn = await p.OpenAsync(ds, uri, CancellationToken.None);
        var table = (await p.InspectAsync(conn, CancellationToken.None)).FindTable("adult")!;
        var values = Rows.Select(r => table.Columns.Select(c => c.Name is "id" or "age" ? (object)long.Parse(r[c.Name], CultureInfo.InvariantCulture) : r[c.Name]).ToArray<object?>());
        using var reader = new RowSourceReader(table.Columns, values);
        await p.CreateBulkWriter().WriteAsync(conn, table, reader, null, CancellationToken.None);
        return uri;
    }

    /// <summary>Drops a database <see cref="LoadAsync"/> created.</summary>
    public static async Task DropAsync(DatabaseUri uri)
    {
        switch (uri.Scheme)
        {
            case "sqlite":
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Delete(uri.Database);
                break;
            case "postgres":
                await TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{uri.Database}\" WITH (FORCE)");
                break;
            default:
                await TestDatabases.ExecuteAsync(TestDatabases.MySqlServer, $"DROP DATABASE IF EXISTS `{uri.Database}`");
                break;
        }
    }
}
