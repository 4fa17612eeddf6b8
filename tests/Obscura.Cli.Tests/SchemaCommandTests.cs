using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary><c>obscura schema sync</c> as a user runs it.</summary>
public sealed class SchemaCommandTests
{
    [Fact]
    public async Task Schema_sync_has_help()
    {
        var r = await CliRunner.RunAsync(CliRunner.TempDirectory(), null, "schema", "sync", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--dry-run", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("--allow-drop", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_prints_the_DDL_and_changes_nothing_then_sync_applies_it_and_a_second_run_has_nothing_to_do()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var target = await TestDatabases.CreateAsync("postgres", "cli_sync");
        var env = new Dictionary<string, string> { ["OBSCURA_TARGET_PASSWORD"] = target.Password ?? string.Empty };
        var targetArg = target.ToString();

        var dry = await CliRunner.RunAsync(dir, env, "schema", "sync", "--source", "sqlite:demo/source.db", "--target", targetArg, "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.StdErr);
        Assert.Contains("CREATE TABLE \"public\".\"beneficiary\"", dry.StdOut, StringComparison.Ordinal);
        Assert.Contains("FOREIGN KEY", dry.StdOut, StringComparison.Ordinal);
        // Every statement ends with a semicolon on its own line block.
        foreach (var block in dry.StdOut.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Assert.EndsWith(";", block, StringComparison.Ordinal);
        Assert.Contains("dry run", dry.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));

        var sync = await CliRunner.RunAsync(dir, env, "schema", "sync", "--source", "sqlite:demo/source.db", "--target", targetArg);
        Assert.True(sync.ExitCode == 0, sync.StdErr);
        Assert.Equal(5, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        Assert.Equal(0, await TestDatabases.CountAsync(target, "SELECT COUNT(*) FROM public.beneficiary"));

        var again = await CliRunner.RunAsync(dir, env, "schema", "sync", "--source", "sqlite:demo/source.db", "--target", targetArg);
        Assert.True(again.ExitCode == 0, again.StdErr);
        Assert.Equal(string.Empty, again.StdOut.Trim());
        Assert.Contains("nothing to do", again.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_target_password_exits_3_without_echoing_it()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var server = TestDatabases.PostgresServer;
        var r = await CliRunner.RunAsync(dir, new Dictionary<string, string> { ["OBSCURA_TARGET_PASSWORD"] = "Wr0ng-Sync-Password" },
            "schema", "sync", "--source", "sqlite:demo/source.db", "--target", $"postgres://{server.User}@{server.Host}:{server.Port}/{server.Database}");
        Assert.Equal(3, r.ExitCode);
        Assert.DoesNotContain("Wr0ng-Sync-Password", r.StdErr + r.StdOut, StringComparison.Ordinal);
        Assert.Contains("authentication", r.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unreachable_target_exits_3_naming_it()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var r = await CliRunner.RunAsync(dir, new Dictionary<string, string> { ["OBSCURA_TARGET_PASSWORD"] = "Unused-Pass-123" },
            "schema", "sync", "--source", "sqlite:demo/source.db", "--target", "mysql://nobody@127.0.0.1:1/nowhere");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("127.0.0.1", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unused-Pass-123", r.StdErr + r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_table_exits_2_with_a_suggestion_and_creates_nothing()
    {
        var dir = CliRunner.TempDirectory();
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "demo", "--out", "demo")).ExitCode);
        var r = await CliRunner.RunAsync(dir, null, "schema", "sync", "--source", "sqlite:demo/source.db", "--target", "sqlite:out.db", "--tables", "benficiary");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("benficiary", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("beneficiary", r.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "out.db")));
    }
}
