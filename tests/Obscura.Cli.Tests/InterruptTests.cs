using System.Diagnostics;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Cli.Tests;

/// <summary>Ctrl-C (SIGINT) stops a copy cleanly: non-zero exit, nothing half-copied left in the target.</summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task Ctrl_C_during_a_copy_exits_130_and_leaves_no_tables_in_the_target()
    {
        var source = await TestDatabases.CreateAsync("postgres", "interrupt_src");
        await TestDatabases.ExecuteAsync(source,
            "CREATE TABLE big (id bigint PRIMARY KEY, payload text NOT NULL)",
            "INSERT INTO big SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 2000000) g");
        var dir = CliRunner.TempDirectory();
        var target = Path.Combine(dir, "target.db");

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, WorkingDirectory = dir };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "obscura.dll"));
        foreach (var a in new[] { "copy", "--source", $"postgres://{source.User}@{source.Host}:{source.Port}/{source.Database}", "--target", "sqlite:" + target })
            psi.ArgumentList.Add(a);
        psi.Environment["OBSCURA_SOURCE_PASSWORD"] = source.Password!;
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var started = new TaskCompletionSource();
        var log = new System.Text.StringBuilder();
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (log) log.AppendLine(line);
                if (line.Contains("big: started", StringComparison.Ordinal)) started.TrySetResult();
            }
        });
        await started.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(1500);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill!.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await stderr;
        await stdout;

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {log}");
        Assert.Contains("cancelled", log.ToString(), StringComparison.Ordinal);
        var tables = await TestDatabases.QueryAsync(Obscura.Data.DatabaseUri.Parse("sqlite:" + target), "SELECT name FROM sqlite_master WHERE type = 'table'");
        Assert.Empty(tables);
    }
}
