using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura dump</c> as a user runs it: the script loads with sqlite3 into what <c>obscura copy</c> writes.</summary>
public sealed class DumpCommandTests
{
    private static readonly Dictionary<string, string> Secret = new() { ["OBSCURA_SECRET"] = "cli-dump-secret-0123456789abcdef" };

    [Fact]
    public async Task Dump_of_the_demo_loads_with_sqlite3_into_the_same_rows_as_a_copy()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var copy = await CliRunner.RunAsync(dir, Secret, "copy", "--source", "sqlite:demo/source.db", "--target", "sqlite:copy.db", "--config", "demo/obscura.yaml");
        Assert.True(copy.ExitCode == 0, copy.StdErr);
        var dump = await CliRunner.RunAsync(dir, Secret, "dump", "--source", "sqlite:demo/source.db", "--out", "dump.sql", "--config", "demo/obscura.yaml", "--summary", "dump.json");
        Assert.True(dump.ExitCode == 0, dump.StdErr);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "dump.json")));
        Assert.Equal("succeeded", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal("sqlite", summary.RootElement.GetProperty("dialect").GetString());
        Assert.Equal(5, summary.RootElement.GetProperty("tables").GetArrayLength());

        using (var sqlite = Process.Start(new ProcessStartInfo("sqlite3") { ArgumentList = { "-bail", "loaded.db", ".read dump.sql" }, WorkingDirectory = dir, RedirectStandardError = true })!)
        {
            var errors = await sqlite.StandardError.ReadToEndAsync();
            await sqlite.WaitForExitAsync();
            Assert.True(sqlite.ExitCode == 0, errors);
        }
        var copied = DatabaseUri.Parse("sqlite:" + Path.Combine(dir, "copy.db"));
        var loaded = DatabaseUri.Parse("sqlite:" + Path.Combine(dir, "loaded.db"));
        foreach (var table in new[] { "facility", "staff", "beneficiary", "visit", "prescription" })
        {
            var expected = await RowsAsync(copied, table);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await RowsAsync(loaded, table));
        }
    }

    [Fact]
    public async Task Unknown_dialect_exits_2_and_writes_nothing()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var r = await CliRunner.RunAsync(dir, null, "dump", "--source", "sqlite:demo/source.db", "--out", "dump.sql", "--dialect", "oracle");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown dialect 'oracle'", r.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "dump.sql")));
        Assert.Empty(Directory.GetFiles(dir, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Dump_has_help()
    {
        var r = await CliRunner.RunAsync(CliRunner.TempDirectory(), null, "dump", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--dialect", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("--format", r.StdOut, StringComparison.Ordinal);
    }

    /// <summary>Every row of a table as text, with each value's storage class, sorted.</summary>
    private static async Task<List<string>> RowsAsync(DatabaseUri db, string table)
    {
        var rows = await TestDatabases.QueryAsync(db, $"SELECT * FROM {table}");
        return rows.Select(r => string.Join("|", r.Select(v => v switch
        {
            null => "NULL",
            byte[] b => "x" + Convert.ToHexString(b),
            IFormattable f => $"{v.GetType().Name}:{f.ToString(null, CultureInfo.InvariantCulture)}",
            _ => $"{v.GetType().Name}:{v}",
        }))).Order(StringComparer.Ordinal).ToList();
    }
}
