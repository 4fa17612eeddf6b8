using System.Text.Json;

namespace Obscura.Cli.Tests;

public sealed class GenerateCommandTests
{
    [Fact]
    public async Task Generates_the_demo_schema_from_a_catalog_and_repeats_it_for_the_same_seed()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "inspect", "--source", "sqlite:demo/source.db", "--out", "catalog.json")).ExitCode);
        foreach (var target in new[] { "a.db", "b.db" })
        {
            var run = await CliRunner.RunAsync(dir, null, "generate", "--schema", "catalog.json", "--target", "sqlite:" + target,
                "--rows", "beneficiary=300,visit=700", "--seed", "9", "--locale", "en_IND", "--summary", target + ".json");
            Assert.True(run.ExitCode == 0, run.StdErr);
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, target + ".json")));
            Assert.Equal("succeeded", summary.RootElement.GetProperty("status").GetString());
            Assert.Equal(9, summary.RootElement.GetProperty("seed").GetInt64());
            var tables = summary.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("target").GetString()!, t => t.GetProperty("rows").GetInt64());
            Assert.Equal(300, tables["beneficiary"]);
            Assert.Equal(700, tables["visit"]);
            Assert.True(tables["facility"] > 0, "parents of NOT NULL keys follow the source's ratios");
        }
        var a = await CliRunner.RunAsync(dir, null, "dump", "--source", "sqlite:a.db", "--out", "a.sql");
        var b = await CliRunner.RunAsync(dir, null, "dump", "--source", "sqlite:b.db", "--out", "b.sql");
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.StdErr + b.StdErr);
        // The dumps' header comments name their source file; everything else (every row) must be the same.
        async Task<string[]> BodyAsync(string file) => (await File.ReadAllLinesAsync(Path.Combine(dir, file))).Where(l => !l.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var bodyA = await BodyAsync("a.sql");
        Assert.True(bodyA.Length > 1000);
        Assert.Equal(bodyA, await BodyAsync("b.sql"));
    }

    [Theory]
    [InlineData("needs a schema", "--rows", "beneficiary=10")]
    [InlineData("--rows beneficiary=ten", "--schema", "catalog.json", "--rows", "beneficiary=ten")]
    [InlineData("OBS701", "--schema", "catalog.json", "--rows", "beneficiaries=10")]
    [InlineData("nothing to generate", "--schema", "catalog.json")]
    [InlineData("no such file", "--schema", "missing.json", "--rows", "beneficiary=10")]
    [InlineData("--locale", "--schema", "catalog.json", "--rows", "beneficiary=10", "--locale", "xx_YY")]
    public async Task Bad_input_is_refused_before_anything_is_written(string expected, params string[] args)
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "inspect", "--source", "sqlite:demo/source.db", "--out", "catalog.json")).ExitCode);
        var run = await CliRunner.RunAsync(dir, null, ["generate", "--target", "sqlite:out.db", .. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, System.Text.RegularExpressions.Regex.Replace(run.StdErr, @"\s+", " "), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "out.db")) && new FileInfo(Path.Combine(dir, "out.db")).Length > 0, "nothing may be written");
    }
}
