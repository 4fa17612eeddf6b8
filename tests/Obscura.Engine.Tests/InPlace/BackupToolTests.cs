using System.Diagnostics;
using Obscura.Data;
using Obscura.Engine.InPlace;

namespace Obscura.Engine.Tests.InPlace;

/// <summary>The dump and restore tools run as child processes: a cancelled run must not leave one behind.</summary>
public sealed class BackupToolTests
{
    [Fact]
    public async Task A_cancelled_tool_is_stopped_not_left_running()
    {
        // A stand-in for a dump tool that blocks (on a lock, a slow disk): it would run for minutes.
        var marker = $"{Random.Shared.Next(100_000, 999_999)}.{Random.Shared.Next(1, 9)}";
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var run = BackupService.RunToolAsync("sleep", [marker], DatabaseUri.Parse("sqlite:unused.db"), null, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(SleepersWith(marker));
    }

    [Fact]
    public async Task A_failing_tool_is_reported_with_its_exit_code_and_first_error_line()
    {
        var error = await Assert.ThrowsAsync<Core.Diagnostics.ObscuraException>(
            () => BackupService.RunToolAsync("sh", ["-c", "echo 'pg_dump: error: connection refused' >&2; exit 3"], DatabaseUri.Parse("sqlite:unused.db"), null, CancellationToken.None));
        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
    }

    private static List<int> SleepersWith(string marker)
    {
        var found = new List<int>();
        foreach (var process in Process.GetProcessesByName("sleep"))
        {
            using (process)
            {
                try
                {
                    var cmdline = File.ReadAllText($"/proc/{process.Id}/cmdline");
                    if (cmdline.Contains(marker, StringComparison.Ordinal) && !process.HasExited) found.Add(process.Id);
                }
                catch (IOException)
                {
                    // Gone while looking.
                }
            }
        }
        return found;
    }
}
