using System.Text.Json;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura anonymize</c> and <c>obscura restore</c> as a user runs them, on the demo database.</summary>
public sealed class AnonymizeCommandTests
{
    [Fact]
    public async Task Anonymize_in_place_once_refuse_a_second_time_and_restore_the_backup()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var db = "sqlite:" + Path.Combine(dir, "demo", "source.db");
        var config = Path.Combine(dir, "demo", "obscura.yaml");
        var env = new Dictionary<string, string> { ["OBSCURA_SECRET"] = "cli-anonymize-test-secret-0123456789" };

        var plan = await CliRunner.RunAsync(dir, env, "anonymize", "--database", db, "--config", config, "--dry-run");
        Assert.Equal(0, plan.ExitCode);
        Assert.Equal("planned", JsonDocument.Parse(plan.StdOut).RootElement.GetProperty("status").GetString());

        var run = await CliRunner.RunAsync(dir, env, "anonymize", "--database", db, "--config", config, "--backup", "backup");
        Assert.True(run.ExitCode == 0, run.StdErr);
        var result = JsonDocument.Parse(run.StdOut).RootElement;
        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        Assert.True(File.Exists(Path.Combine(dir, "backup", "manifest.json")));

        var again = await CliRunner.RunAsync(dir, env, "anonymize", "--database", db, "--config", config);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("OBS407", again.StdErr, StringComparison.Ordinal);
        Assert.Contains("--force", again.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync(dir, env, "anonymize", "--database", db, "--config", config, "--resume")).ExitCode);

        var restore = await CliRunner.RunAsync(dir, null, "restore", "--backup", "backup");
        Assert.True(restore.ExitCode == 0, restore.StdErr);
        Assert.Contains("checksums match", restore.StdErr, StringComparison.Ordinal);
        // Restored: the database records no anonymization, so the same command runs again.
        Assert.Equal(0, (await CliRunner.RunAsync(dir, env, "anonymize", "--database", db, "--config", config)).ExitCode);
    }
}
