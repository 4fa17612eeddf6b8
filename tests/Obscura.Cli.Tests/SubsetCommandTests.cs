using System.Text.Json;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura copy --where/--sample/--with-children</c>: the subset options end to end, and their refusals.</summary>
public sealed class SubsetCommandTests
{
    private static readonly Dictionary<string, string> Env = new() { ["OBSCURA_SECRET"] = "cli-subset-secret-0123456789" };

    [Fact]
    public async Task A_subset_of_the_demo_is_copied_anonymized_and_reported_per_table()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var r = await CliRunner.RunAsync(dir, Env, "copy", "--source", "sqlite:demo/source.db", "--target", "sqlite:subset.db",
            "--config", "demo/obscura.yaml", "--where", "beneficiary=ben_reg_id % 7 = 0", "--sample", "facility=50%", "--seed", "3", "--summary", "s.json",
            "--report", "report");
        Assert.True(r.ExitCode == 0, r.StdErr);
        // Validation compares the target with the rows the subset kept, so a correct subset passes.
        using (var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "report", "validation-report.json"))))
        {
            Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        }
        Assert.Contains("subset computed", r.StdErr, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "s.json")));
        var tables = summary.RootElement.GetProperty("subset").GetProperty("tables").EnumerateArray()
            .ToDictionary(t => t.GetProperty("table").GetString()!, t => t);
        var source = Data.DatabaseUri.Parse("sqlite:" + Path.Combine(dir, "demo", "source.db"));
        var target = Data.DatabaseUri.Parse("sqlite:" + Path.Combine(dir, "subset.db"));
        var kept = await TestDatabases.CountAsync(source, "SELECT COUNT(*) FROM beneficiary WHERE ben_reg_id % 7 = 0");
        Assert.Equal(kept, tables["beneficiary"].GetProperty("rows").GetInt64());
        Assert.Equal(kept, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM beneficiary"));
        Assert.Equal("subset", tables["visit"].GetProperty("mode").GetString());
        Assert.Equal(0, await TestDatabases.CountAsync(target,
            "SELECT COUNT(*) FROM visit v WHERE NOT EXISTS (SELECT 1 FROM facility f WHERE f.facility_id = v.facility_id)"));
    }

    [Theory]
    [InlineData("--where", "beneficiary")]
    [InlineData("--sample", "visit=lots")]
    [InlineData("--where", "nosuchtable=1 = 1")]
    [InlineData("--depth", "2")]
    public async Task Bad_subset_options_exit_2_and_write_nothing(string option, string value)
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var r = await CliRunner.RunAsync(dir, Env, "copy", "--source", "sqlite:demo/source.db", "--target", "sqlite:out.db", option, value);
        Assert.True(r.ExitCode == 2, r.StdErr);
        Assert.True(!File.Exists(Path.Combine(dir, "out.db")) || new FileInfo(Path.Combine(dir, "out.db")).Length < 8192);
    }
}
