using System.Globalization;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Discovery;

namespace Obscura.Engine.Tests.Discovery;

/// <summary>A scan without value sampling (for sources whose values the caller may not read), and the draft's one writer.</summary>
public sealed class NamesOnlyScanTests
{
    private static async Task<ScanResult> ScanAsync(Data.DatabaseUri uri, ScanOptions options)
    {
        var runtime = ObscuraRuntime.CreateDefault();
        await using var endpoint = runtime.Connect(uri);
        return await new ScanService(runtime).ScanAsync(endpoint, options, CancellationToken.None);
    }

    public static TheoryData<string> Engines => ["sqlite", "postgres", "mysql"];

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Without_sampling_only_names_and_types_decide_and_no_row_is_counted_as_sampled(string provider)
    {
        var uri = await TestDatabases.CreateAsync(provider, "scan_names_only");
        try
        {
            var rows = Enumerable.Range(1, 60).Select(i => string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO notes VALUES ({i}, 'person{i}@example.org', 'x{i}@example.com')"));
            await TestDatabases.ExecuteAsync(uri, ["CREATE TABLE notes (id INTEGER PRIMARY KEY, c1 VARCHAR(100), email VARCHAR(100))", .. rows]);

            var sampled = await ScanAsync(uri, new ScanOptions());
            Assert.Contains(sampled.Findings, f => f is { Column: "c1", Kind: "email" });

            var namesOnly = await ScanAsync(uri, new ScanOptions { SampleValues = false });
            Assert.DoesNotContain(namesOnly.Findings, f => f.Column == "c1" && f.IsPii);
            Assert.Contains(namesOnly.Findings, f => f is { Column: "email", Kind: "email" });
            Assert.All(namesOnly.Findings, f => Assert.Equal(0, f.Sampled));
            Assert.DoesNotContain("c1:", namesOnly.Draft.Yaml, StringComparison.Ordinal);
        }
        finally
        {
            await DropAsync(provider, uri);
        }
    }

    private static Task DropAsync(string provider, Data.DatabaseUri uri) => provider switch
    {
        "postgres" => TestDatabases.ExecuteAsync(TestDatabases.PostgresServer, $"DROP DATABASE IF EXISTS \"{uri.Database}\" WITH (FORCE)"),
        "mysql" => TestDatabases.ExecuteAsync(TestDatabases.MySqlServer, $"DROP DATABASE IF EXISTS `{uri.Database}`"),
        _ => Task.CompletedTask,
    };

    [Fact]
    public async Task The_drafts_own_lines_written_again_give_the_same_text()
    {
        var uri = await TestDatabases.CreateAsync("sqlite", "scan_writer");
        var rows = Enumerable.Range(1, 60).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO \"Customer List\" VALUES ({i}, 'person{i}@example.org', '+44 20 7946 {1000 + i}')"));
        await TestDatabases.ExecuteAsync(uri, [
            "CREATE TABLE \"Customer List\" (\"No\" INTEGER PRIMARY KEY, \"E-mail Address\" TEXT, \"Phone #\" TEXT)",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER REFERENCES \"Customer List\"(\"No\"), email TEXT)", .. rows]);
        var result = await ScanAsync(uri, new ScanOptions());
        Assert.NotEmpty(result.Draft.Tables);
        Assert.Equal(result.Draft.Yaml, DraftWriter.Write(result.Draft.Tables, uri.ToString()));
    }
}
