using System.CommandLine;
using System.Text;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Schema;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura schema sync</c>: create or update the target's schema (no rows) to match the source's.</summary>
internal static class SchemaCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var command = new Command("schema", "Work on database schemas without copying rows.");
        command.Subcommands.Add(Sync(runtime));
        return command;
    }

    private static Command Sync(ObscuraRuntime runtime)
    {
        var source = CliOptions.Source();
        var target = CliOptions.Target();
        var tables = new Option<string[]>("--tables")
        {
            Description = "Only these source tables (comma-separated or repeated; schema.table or table). Without it, target tables the source lacks count as extra.",
            AllowMultipleArgumentsPerToken = true,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the DDL the sync would run (stdout) and a summary (stderr); change nothing." };
        var allowDrop = new Option<bool>("--allow-drop")
        {
            Description = "Also drop tables, columns, constraints and indexes the source lacks, and make type changes that could lose data.",
        };
        var command = new Command("sync",
            "Create or update the target's tables, columns, keys, unique constraints, indexes and foreign keys to match the source (as 'copy' would create them); rows are kept.")
        {
            source, target, tables, dryRun, allowDrop,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var options = new SchemaSyncOptions
            {
                Source = DatabaseUri.Parse(parse.GetValue(source)!, "OBSCURA_SOURCE_PASSWORD"),
                Target = DatabaseUri.Parse(parse.GetValue(target)!, "OBSCURA_TARGET_PASSWORD"),
                Tables = (parse.GetValue(tables) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
                DryRun = parse.GetValue(dryRun),
                AllowDrop = parse.GetValue(allowDrop),
            };
            var result = await new SchemaSyncService(runtime).RunAsync(options, token).ConfigureAwait(false);
            // stdout: the DDL that ran (or would run), so it can be reviewed or piped; stderr: what and why.
            var ran = options.DryRun ? result.Plan.Steps.Count : result.StepsRun;
            await Console.Out.WriteAsync(FormatSql(result.Plan.Steps.Take(ran))).ConfigureAwait(false);
            RenderSummary(result, options.DryRun);
            if (result.Failure is not null)
            {
                CommandRunner.Report(result.Failure);
                return ExitCodes.For(result.Failure);
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>Each statement ends with <c>;</c> and is followed by a blank line; each step starts with a comment saying why.</summary>
    internal static string FormatSql(IEnumerable<SchemaSyncStep> steps)
    {
        var sb = new StringBuilder();
        foreach (var step in steps)
        {
            sb.Append("-- ").Append(step.Kind).Append(": ").Append(step.Reason.ReplaceLineEndings(" ")).Append('\n');
            foreach (var sql in step.Statements) sb.Append(sql.TrimEnd().TrimEnd(';')).Append(";\n\n");
        }
        return sb.ToString();
    }

    private static void RenderSummary(SchemaSyncResult result, bool dryRun)
    {
        var console = CommandRunner.Errors;
        var plan = result.Plan;
        foreach (var w in plan.Warnings) console.MarkupLine("[yellow]" + Markup.Escape(w) + "[/]");
        foreach (var step in plan.Steps) console.MarkupLine($"  {Markup.Escape(step.Kind)} {Markup.Escape(step.Table)}: {Markup.Escape(step.Reason)}");
        foreach (var k in plan.Kept) console.MarkupLine("[grey]  kept: " + Markup.Escape(k) + "[/]");
        foreach (var n in plan.NotApplied) console.MarkupLine("[yellow]  not applied: " + Markup.Escape(n) + "[/]");
        string verdict;
        if (plan.IsEmpty) verdict = "[green]in sync[/]: nothing to do";
        else if (dryRun) verdict = $"[green]dry run[/]: {plan.Steps.Count} step{(plan.Steps.Count == 1 ? "" : "s")} would run; nothing was changed";
        else if (result.Succeeded) verdict = $"[green]synced[/]: {result.StepsRun} step{(result.StepsRun == 1 ? "" : "s")} ran";
        else verdict = $"[red]failed[/]: {result.StepsRun} of {plan.Steps.Count} steps ran";
        console.MarkupLine($"{verdict} ({plan.Kept.Count} kept, {plan.NotApplied.Count} not applied)");
    }
}
