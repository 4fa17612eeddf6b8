using System.Diagnostics;
using Obscura.Data;

namespace Obscura.Engine.Tests.Dump;

/// <summary>Loads a SQL script with the engine's real client tool; passwords go through PGPASSWORD / MYSQL_PWD, never the command line.</summary>
internal static class ClientTools
{
    public static async Task LoadAsync(DatabaseUri target, string script)
    {
        var start = target.Scheme switch
        {
            "sqlite" => new ProcessStartInfo("sqlite3") { ArgumentList = { "-bail", target.Database } },
            "postgres" => new ProcessStartInfo("psql")
            {
                ArgumentList = { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", target.Host!, "-p", target.Port!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", target.User!, "-d", target.Database },
                Environment = { ["PGPASSWORD"] = target.Password ?? "" },
            },
            "mysql" => new ProcessStartInfo("mariadb")
            {
                ArgumentList = { "--no-defaults", "-h", target.Host!, "-P", target.Port!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", target.User!, target.Database },
                Environment = { ["MYSQL_PWD"] = target.Password ?? "" },
            },
            _ => throw new ArgumentException(target.Scheme),
        };
        start.RedirectStandardInput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await using (var input = File.OpenRead(script))
        {
            await input.CopyToAsync(process.StandardInput.BaseStream);
        }
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var errors = await stderr;
        await stdout;
        Assert.True(process.ExitCode == 0, $"{start.FileName} failed to load the dump (exit {process.ExitCode}): {errors}");
        // psql reports some failures on stderr without ON_ERROR_STOP catching them (e.g. COPY data problems are errors too).
        Assert.DoesNotContain("ERROR", errors, StringComparison.Ordinal);
    }
}
