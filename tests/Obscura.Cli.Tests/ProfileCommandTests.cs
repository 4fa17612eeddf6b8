using System.Text.Json;
using System.Text.RegularExpressions;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura profile</c> as a user runs it on the demo database.</summary>
public sealed partial class ProfileCommandTests
{
    [Fact]
    public async Task Profile_of_the_demo_database_writes_json_and_a_self_contained_html_page()
    {
        var dir = CliRunner.TempDirectory();
        var demo = await CliRunner.RunAsync(dir, null, "demo", "--out", "demo");
        Assert.True(demo.ExitCode == 0, demo.StdErr);

        var r = await CliRunner.RunAsync(dir, null, "profile", "--source", "sqlite:demo/source.db", "--out", "profile");
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        var json = Path.Combine(dir, "profile", "profile.json");
        var html = Path.Combine(dir, "profile", "profile.html");
        Assert.True(File.Exists(json) && File.Exists(html));

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(5, report.RootElement.GetProperty("tables").GetArrayLength());
        var beneficiary = report.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "beneficiary");
        var aadhar = beneficiary.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "aadhar_no");
        Assert.True(aadhar.GetProperty("pii").GetBoolean());
        Assert.False(aadhar.TryGetProperty("top_values", out _));
        Assert.False(aadhar.TryGetProperty("min", out _));

        var page = await File.ReadAllTextAsync(html);
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalReference(), page);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("beneficiary", page, StringComparison.Ordinal);
        Assert.Contains("profiled 5 tables", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_table_exits_2_naming_it()
    {
        var dir = CliRunner.TempDirectory();
        var demo = await CliRunner.RunAsync(dir, null, "demo", "--out", "demo");
        Assert.Equal(0, demo.ExitCode);
        var r = await CliRunner.RunAsync(dir, null, "profile", "--source", "sqlite:demo/source.db", "--tables", "visit,no_such_table", "--out", "p");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown table 'no_such_table'", r.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "p")));
    }

    // Anything that would load from outside the page: src/href to a URL or protocol-relative path, CSS url()/@import, scripts, links.
    [GeneratedRegex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//|url\(|@import|<script|<link|<img|<iframe", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
