using System.CommandLine;
using Obscura.Cli.Rendering;
using Obscura.Engine;
using Obscura.Engine.Demo;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura demo</c>: generate a health-registry SQLite database and an anonymized copy; no server needed.</summary>
internal static class DemoCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Directory for source.db, anonymized.db, obscura.yaml and run-summary.json.",
            DefaultValueFactory = _ => new DirectoryInfo("obscura-demo"),
        };
        var secretFile = CliOptions.SecretFile();
        var command = new Command("demo", "Generate a realistic health-registry SQLite database, anonymize it into a second one, and show rows before and after.")
        {
            output, secretFile,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var dir = parse.GetValue(output)!.FullName;
            var secret = CliOptions.ReadSecret(parse.GetValue(secretFile));
            var console = CommandRunner.Errors;
            if (secret is null) console.MarkupLine("[grey]OBSCURA_SECRET is not set: using the built-in demo secret (never use it for real data).[/]");
            var progress = new ConsoleCopyProgress(console);
            var result = await progress.RunAsync(() => new DemoService(runtime).RunAsync(dir, secret, progress, token)).ConfigureAwait(false);
            CopyCommand.RenderOutcome(result.Copy);
            if (result.Copy.Failure is { } failure)
            {
                CommandRunner.Report(failure);
                return ExitCodes.For(failure);
            }

            Render("Before (source.db)", result.Before);
            Render("After (anonymized.db): keys changed, joins intact", result.After);
            AnsiConsole.MarkupLine($"Generated {string.Join(", ", result.GeneratedRows.Select(kv => $"{kv.Key} {kv.Value:N0}"))} rows.");
            AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(Path.Combine(dir, "source.db"))}[/], [bold]{Markup.Escape(Path.Combine(dir, "anonymized.db"))}[/], " +
                $"[bold]{Markup.Escape(Path.Combine(dir, "obscura.yaml"))}[/], [bold]{Markup.Escape(Path.Combine(dir, "run-summary.json"))}[/].");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static void Render(string title, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0) return;
        var table = new Table { Title = new TableTitle(title) };
        foreach (var h in rows[0]) table.AddColumn(Markup.Escape(h));
        foreach (var r in rows.Skip(1)) table.AddRow(r.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
    }
}
