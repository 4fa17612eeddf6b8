using System.Text.Json;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura sample</c> as a user runs it: files and reports written, bad input refused with exit code 2 and nothing written.</summary>
public sealed class SampleCommandTests
{
    private static readonly Dictionary<string, string> Secret = new() { ["OBSCURA_SECRET"] = "cli-sample-secret-0123456789abcdef" };

    [Fact]
    public async Task Sample_of_the_demo_writes_csv_files_with_the_closure_and_both_reports()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var r = await CliRunner.RunAsync(dir, Secret, "sample", "--source", "sqlite:demo/source.db", "--table", "visit", "--size", "30",
            "--mix", "boundary=20,anomaly=20,risk=10,cluster=20,random=30", "--config", "demo/obscura.yaml", "--out", "out", "--seed", "9");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("succeeded", r.StdErr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "out", "visit.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "out", "sample-report.html")));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "out", "sample-report.json")));
        var root = report.RootElement;
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal(30, root.GetProperty("selected").GetInt32());
        Assert.Equal(31, (await File.ReadAllLinesAsync(Path.Combine(dir, "out", "visit.csv"))).Length);
        // The visits' parents came along.
        Assert.True(root.GetProperty("tables").GetArrayLength() > 1);
        Assert.All(root.GetProperty("tables").EnumerateArray(), t => Assert.True(File.Exists(Path.Combine(dir, "out", t.GetProperty("target").GetString()!.Split('/').Last()))));
    }

    [Theory]
    [InlineData("--mix", "anomaly=50,random=40", "sum to 90")]
    [InlineData("--mix", "anomaly=50,odd=50", "unknown strategy 'odd'")]
    [InlineData("--size", "0", "--size must be a positive number")]
    [InlineData("--table", "visits", "unknown table 'visits'")]
    [InlineData("--stratify", "colour", "--stratify colour")]
    public async Task Bad_input_exits_2_with_the_reason_and_writes_nothing(string option, string value, string message)
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var args = new List<string> { "sample", "--source", "sqlite:demo/source.db", "--out", "out" };
        if (option != "--table") args.AddRange(["--table", "visit"]);
        if (option != "--size") args.AddRange(["--size", "10"]);
        args.AddRange([option, value]);
        var r = await CliRunner.RunAsync(dir, null, [.. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public async Task Sample_has_help()
    {
        var r = await CliRunner.RunAsync(CliRunner.TempDirectory(), null, "sample", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--mix", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("--stratify", r.StdOut, StringComparison.Ordinal);
    }
}
