namespace Obscura.Cli.Tests;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_refuses_invalid_notification_settings_before_it_starts_and_never_echoes_a_password()
    {
        var dir = CliRunner.TempDirectory();
        var file = Path.Combine(dir, "notify.json");
        await File.WriteAllTextAsync(file, """
            { "webhooks": ["ftp://chat.example.org/hook"],
              "smtp": { "host": "smtp.example.org", "from": "obscura@example.org", "username": "u", "password": "literal-Secret-42" } }
            """);
        var r = await CliRunner.RunAsync(dir, null, "serve", "--urls", "http://127.0.0.1:0", "--store", "sqlite:" + Path.Combine(dir, "s.db"), "--notifications", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("OBS942", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("smtp.password", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("literal-Secret-42", r.StdOut + r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_refuses_a_report_size_limit_that_is_not_positive_with_OBS966()
    {
        var dir = CliRunner.TempDirectory();
        var r = await CliRunner.RunAsync(dir, null, "serve", "--urls", "http://127.0.0.1:0", "--store", "sqlite:" + Path.Combine(dir, "s.db"), "--report-max-bytes", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("OBS966", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("report size limit", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_refuses_a_negative_retention_with_OBS971_naming_the_option()
    {
        var dir = CliRunner.TempDirectory();
        var r = await CliRunner.RunAsync(dir, null, "serve", "--urls", "http://127.0.0.1:0", "--store", "sqlite:" + Path.Combine(dir, "s.db"),
            "--report-retention-days", "-1", "--notification-retention-days", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("OBS971", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("--report-retention-days", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("--notification-retention-days", r.StdErr, StringComparison.Ordinal);
    }
}
