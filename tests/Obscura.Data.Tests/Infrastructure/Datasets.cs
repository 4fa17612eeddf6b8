using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Obscura.Data;

namespace Obscura.Data.Tests.Infrastructure;

/// <summary>
/// Loads the public sample databases from <c>../shared/datasets</c> (beside the repository; never copied into it)
/// into fresh, uniquely named databases with the engines' own client tools, as a user would.
/// </summary>
public static partial class Datasets
{
    /// <summary>The datasets directory: <c>&lt;repo&gt;/../shared/datasets</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path inside the datasets directory.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Loads SQL files into a new database of <paramref name="provider"/>, stripping their own CREATE/USE DATABASE lines.</summary>
    public static async Task<DatabaseUri> LoadAsync(string provider, string prefix, params string[] files)
    {
        var uri = await TestDatabases.CreateAsync(provider, prefix);
        foreach (var file in files)
        {
            var full = PathOf(file);
            switch (provider)
            {
                case "sqlite":
                    await RunAsync("sqlite3", [uri.Database], File.ReadAllText(full, Encoding.UTF8).TrimStart('\uFEFF'), Path.GetDirectoryName(full)!);
                    break;
                case "postgres":
                    await RunAsync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", uri.Host!, "-p", uri.Port!.ToString()!, "-U", uri.User!, "-d", uri.Database],
                        StripDatabaseStatements(File.ReadAllText(full)), Path.GetDirectoryName(full)!, ("PGPASSWORD", uri.Password!));
                    break;
                case "mysql":
                    await RunAsync("mariadb", ["--no-defaults", "-h", uri.Host!, "-P", uri.Port!.ToString()!, "-u", uri.User!, "--default-character-set=utf8mb4", uri.Database],
                        StripDatabaseStatements(File.ReadAllText(full)), Path.GetDirectoryName(full)!, ("MYSQL_PWD", uri.Password!));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown provider");
            }
        }
        return uri;
    }

    /// <summary>Removes statements that create, drop or switch databases so the script loads into the database we made.</summary>
    public static string StripDatabaseStatements(string sql) =>
        DatabaseQualifier().Replace(DatabaseStatement().Replace(sql.TrimStart('\uFEFF'), string.Empty), string.Empty);

    /// <summary>Sakila's views name their own database (<c>sakila.film</c>): unqualify so they work in ours.</summary>
    [GeneratedRegex(@"\b(sakila|chinook|employee|northwind)\.(?=[A-Za-z_`])")]
    private static partial Regex DatabaseQualifier();

    [GeneratedRegex(@"^\s*(DROP\s+(DATABASE|SCHEMA)\s+IF\s+EXISTS\s+[^;]+;|CREATE\s+(DATABASE|SCHEMA)\s+(IF\s+NOT\s+EXISTS\s+)?[`""]?(chinook|sakila|employee|northwind)[`""]?[^;]*;|USE\s+[^;]+;|\\c\s+\S+;?)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex DatabaseStatement();

    private static async Task RunAsync(string tool, string[] args, string stdin, string workingDirectory, params (string Name, string Value)[] env)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in env) psi.Environment[name] = value;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var err = await stderr;
        await stdout;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {err[..Math.Min(err.Length, 2000)]}");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate) && dir.GetFiles("*.slnx").Length == 0) return candidate;
            if (dir.GetFiles("Obscura.slnx").Length > 0)
            {
                var beside = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets"));
                if (Directory.Exists(beside)) return beside;
            }
        }
        throw new InvalidOperationException("../shared/datasets was not found beside the repository");
    }
}
