using System.Text.Json;
using System.Text.RegularExpressions;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura validate</c> and <c>copy --report</c> as a user runs them: exit codes, messages, report files.</summary>
public sealed partial class ValidateCommandTests
{
    private const string Config = "tables:\n  person:\n    columns:\n      full_name: { strategy: hash }\n      email: { strategy: hash }\n";

    private static async Task<(string Dir, string Source, string Target)> DatabasesAsync(bool leak)
    {
        var dir = CliRunner.TempDirectory();
        var source = Path.Combine(dir, "source.db");
        var target = Path.Combine(dir, "target.db");
        foreach (var (file, anonymized) in new[] { (source, false), (target, true) })
        {
            var uri = Obscura.Data.DatabaseUri.Parse("sqlite:" + file);
            await TestDatabases.Registry.Resolve(uri).EnsureDatabaseAsync(uri, CancellationToken.None);
            await TestDatabases.ExecuteAsync(uri,
                "CREATE TABLE person (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, notes TEXT)",
                anonymized
                    ? "INSERT INTO person VALUES (1, 'a1f3', 'x1@example.invalid', 'called'), (2, 'b7e2', 'x2@example.invalid', 'no answer')"
                    : "INSERT INTO person VALUES (1, 'Nandini Raghavan', 'nandini.r@example.org', 'called'), (2, 'Arjun Pillai', 'arjun.p@example.org', 'no answer')");
        }
        if (leak) await TestDatabases.ExecuteAsync(Obscura.Data.DatabaseUri.Parse("sqlite:" + target), "UPDATE person SET notes = 'forwarded to nandini.r@example.org' WHERE id = 2");
        await File.WriteAllTextAsync(Path.Combine(dir, "obscura.yaml"), Config);
        return (dir, source, target);
    }

    [Fact]
    public async Task A_clean_target_exits_0_and_writes_both_reports()
    {
        var (dir, source, target) = await DatabasesAsync(leak: false);
        var r = await CliRunner.RunAsync(dir, null, "validate", "--source", "sqlite:" + source, "--target", "sqlite:" + target, "--config", "obscura.yaml", "--report", "report");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.True(File.Exists(Path.Combine(dir, "report", "validation-report.json")));
        var html = await File.ReadAllTextAsync(Path.Combine(dir, "report", "validation-report.html"));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("validation passed", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leak_exits_1_naming_the_check_and_the_report_never_shows_the_value()
    {
        var (dir, source, target) = await DatabasesAsync(leak: true);
        var r = await CliRunner.RunAsync(dir, null, "validate", "--source", "sqlite:" + source, "--target", "sqlite:" + target, "--config", "obscura.yaml", "--report", "report");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("validation failed: pii leakage", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("id=2", r.StdErr, StringComparison.Ordinal);
        foreach (var text in new[] { r.StdOut, r.StdErr, await File.ReadAllTextAsync(Path.Combine(dir, "report", "validation-report.json")),
                     await File.ReadAllTextAsync(Path.Combine(dir, "report", "validation-report.html")) })
        {
            Assert.DoesNotContain("nandini", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_bad_config_exits_2_and_a_missing_target_exits_3()
    {
        var (dir, source, target) = await DatabasesAsync(leak: false);
        await File.WriteAllTextAsync(Path.Combine(dir, "bad.yaml"), "tables:\n  person:\n    columns:\n      no_such_column: hash\n");
        var bad = await CliRunner.RunAsync(dir, null, "validate", "--source", "sqlite:" + source, "--target", "sqlite:" + target, "--config", "bad.yaml");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("no_such_column", bad.StdErr, StringComparison.Ordinal);
        var missing = await CliRunner.RunAsync(dir, null, "validate", "--source", "sqlite:" + source, "--target", "sqlite:" + Path.Combine(dir, "nope.db"), "--config", "obscura.yaml");
        Assert.Equal(3, missing.ExitCode);
    }

    [Fact]
    public async Task Copy_with_report_validates_the_copy()
    {
        var (dir, source, _) = await DatabasesAsync(leak: false);
        var env = new Dictionary<string, string> { ["OBSCURA_SECRET"] = "cli-validate-secret-0123456789" };
        var r = await CliRunner.RunAsync(dir, env, "copy", "--source", "sqlite:" + source, "--target", "sqlite:copy.db", "--config", "obscura.yaml", "--report", "copy-report");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var summary = JsonDocument.Parse(r.StdOut);
        Assert.Equal("succeeded", summary.RootElement.GetProperty("status").GetString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "copy-report", "validation-report.json")));
        Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        Assert.Contains("validation passed", r.StdErr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//|url\(|@import|<script|<link|<img|<iframe", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
