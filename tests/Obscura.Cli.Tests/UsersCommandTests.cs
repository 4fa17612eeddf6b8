namespace Obscura.Cli.Tests;

public sealed class UsersCommandTests
{
    [Fact]
    public async Task Users_add_prints_a_token_once_and_list_disable_rotate_work_on_the_store()
    {
        var dir = CliRunner.TempDirectory();
        var store = "sqlite:" + Path.Combine(dir, "service.db");
        var add = await CliRunner.RunAsync(dir, null, "users", "add", "alice", "--role", "ADMIN", "--role", "auditor", "--store", store);
        Assert.Equal(0, add.ExitCode);
        var token = add.StdOut.Trim();
        Assert.StartsWith("obs_", token, StringComparison.Ordinal);

        var list = await CliRunner.RunAsync(dir, null, "users", "list", "--store", store);
        Assert.Contains("alice\tADMIN,AUDITOR\tenabled", list.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list.StdOut, StringComparison.Ordinal);

        var rotated = await CliRunner.RunAsync(dir, null, "users", "rotate-token", "alice", "--store", store);
        Assert.Equal(0, rotated.ExitCode);
        Assert.NotEqual(token, rotated.StdOut.Trim());
        Assert.Equal(0, (await CliRunner.RunAsync(dir, null, "users", "disable", "alice", "--store", store)).ExitCode);
        Assert.Contains("alice\tADMIN,AUDITOR\tdisabled", (await CliRunner.RunAsync(dir, null, "users", "list", "--store", store)).StdOut, StringComparison.Ordinal);

        var bad = await CliRunner.RunAsync(dir, null, "users", "add", "bob", "--role", "KING", "--store", store);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("unknown role 'KING'", bad.StdErr, StringComparison.Ordinal);
        var duplicate = await CliRunner.RunAsync(dir, null, "users", "add", "alice", "--role", "DBA", "--store", store);
        Assert.Equal(2, duplicate.ExitCode);
        var wrongStore = await CliRunner.RunAsync(dir, null, "users", "list", "--store", "mysql://x@y/z");
        Assert.Equal(2, wrongStore.ExitCode);
        Assert.Contains("OBS910", wrongStore.StdErr, StringComparison.Ordinal);
        // A PostgreSQL store nobody answers for: a database error, and the password stays out of it.
        var unreachable = await CliRunner.RunAsync(dir, null, "users", "list", "--store", "postgres://x:hunter2-secret@127.0.0.1:1/z");
        Assert.Equal(3, unreachable.ExitCode);
        Assert.DoesNotContain("hunter2-secret", unreachable.StdErr + unreachable.StdOut, StringComparison.Ordinal);
    }
}
