using System.Text.Json;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura release</c> as a user runs it.</summary>
public sealed class ReleaseCommandTests
{
    private static async Task<string> PeopleAsync(string dir)
    {
        var db = Path.Combine(dir, "people.db");
        var uri = Obscura.Data.DatabaseUri.Parse("sqlite:" + db);
        await TestDatabases.Registry.Resolve(uri).EnsureDatabaseAsync(uri, CancellationToken.None);
        var jobs = new[] { "nurse", "doctor", "teacher", "lecturer" };
        await TestDatabases.ExecuteAsync(uri, ["CREATE TABLE people (id INTEGER PRIMARY KEY, age INTEGER, job TEXT, disease TEXT)",
            .. Enumerable.Range(0, 120).Select(i => $"INSERT INTO people VALUES ({i}, {20 + i * 7 % 45}, '{jobs[i % 4]}', '{(i % 2 == 0 ? "flu" : "cold")}')")]);
        Directory.CreateDirectory(Path.Combine(dir, "h"));
        await File.WriteAllLinesAsync(Path.Combine(dir, "h", "job.csv"), ["nurse;health;*", "doctor;health;*", "teacher;education;*", "lecturer;education;*"]);
        return "sqlite:" + db;
    }

    [Fact]
    public async Task Release_writes_the_csv_and_the_report()
    {
        var dir = CliRunner.TempDirectory();
        var source = await PeopleAsync(dir);
        var r = await CliRunner.RunAsync(dir, null, "release", "--source", source, "--table", "people", "--qi", "age,job", "--sensitive", "disease",
            "--k", "4", "--l", "2", "--hierarchies", "h", "--suppression", "2%", "--out", "out.csv", "--report", "report.json");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var lines = await File.ReadAllLinesAsync(Path.Combine(dir, "out.csv"));
        Assert.Equal("age,job,disease", lines[0]);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "report.json")));
        var root = report.RootElement;
        Assert.Equal(lines.Length - 1, root.GetProperty("released").GetInt32());
        Assert.Equal(120, root.GetProperty("released").GetInt32() + root.GetProperty("suppressed").GetInt32());
        Assert.True(root.GetProperty("ncp").GetDouble() is > 0 and < 1);
        Assert.Equal(0.02, root.GetProperty("suppression_limit").GetDouble(), 9);
        Assert.True(root.GetProperty("risk").GetProperty("prosecutor").GetProperty("highest").GetDouble() <= 0.25);
        // Every class of equal labels has at least k rows and both diseases.
        var classes = lines.Skip(1).Select(l => l.Split(',')).GroupBy(f => f[0] + "|" + f[1]).ToList();
        Assert.All(classes, c => Assert.True(c.Count() >= 4 && c.Select(f => f[2]).Distinct().Count() == 2));
        Assert.Contains("NCP", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_hierarchy_exits_2_and_writes_nothing()
    {
        var dir = CliRunner.TempDirectory();
        var source = await PeopleAsync(dir);
        var r = await CliRunner.RunAsync(dir, null, "release", "--source", source, "--table", "people", "--qi", "age,disease",
            "--k", "4", "--hierarchies", "h", "--out", "out.csv");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("OBS821", r.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "out.csv")));
        Assert.Empty(Directory.GetFiles(dir, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_bad_suppression_exits_2()
    {
        var dir = CliRunner.TempDirectory();
        var source = await PeopleAsync(dir);
        var r = await CliRunner.RunAsync(dir, null, "release", "--source", source, "--table", "people", "--qi", "age,job",
            "--k", "4", "--hierarchies", "h", "--suppression", "lots", "--out", "out.csv");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--suppression", r.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "out.csv")));
    }

    [Fact]
    public async Task Release_has_help()
    {
        var r = await CliRunner.RunAsync(CliRunner.TempDirectory(), null, "release", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var option in new[] { "--qi", "--k", "--l-kind", "--t", "--hierarchies", "--suppression", "--method", "--report" })
            Assert.Contains(option, r.StdOut, StringComparison.Ordinal);
    }
}
