using System.CommandLine;
using System.Globalization;
using Obscura.Cli.Rendering;
using Obscura.Core.Config;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Copy;
using Obscura.Engine.Validation;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura copy</c>: copy (and anonymize) one database into another.</summary>
internal static class CopyCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var source = CliOptions.Source();
        var target = CliOptions.Target();
        var config = new Option<FileInfo?>("--config", "-c") { Description = "obscura.yaml with per-column strategies (none: a plain copy)." };
        var tables = new Option<string[]>("--tables")
        {
            Description = "Only these tables (comma-separated or repeated; schema.table or table).",
            AllowMultipleArgumentsPerToken = true,
        };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Tables loaded in parallel (default: number of cores).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var dropExisting = new Option<bool>("--drop-existing") { Description = "Replace target tables that already hold rows." };
        var summary = new Option<FileInfo?>("--summary") { Description = "Also write the JSON run summary to this file (it always goes to stdout)." };
        var secretFile = CliOptions.SecretFile();
        var where = new Option<string[]>("--where")
        {
            Description = "Copy a subset: keep the rows of TABLE matching a SQL predicate in the source's dialect ('TABLE=PREDICATE', repeatable); rows they reference and their children follow (docs/subset.md).",
        };
        var sample = new Option<string[]>("--sample") { Description = "Copy a subset: a deterministic sample of TABLE ('TABLE=5%' or 'TABLE=1000' rows; repeatable)." };
        var withChildren = new Option<bool>("--with-children") { Description = "Subset: also keep the children of rows pulled in only because kept rows reference them." };
        var depth = new Option<int?>("--depth") { Description = "Subset: generations of children --with-children follows (default 1)." };
        var seed = new Option<long>("--seed") { Description = "Subset: seed of the sampling hash; the same seed keeps the same rows (default 0)." };
        var report = ValidateCommand.ReportOption();
        report.Description = "After a successful copy, validate the target (as 'obscura validate') and write validation-report.json and .html here; exit 1 when a check fails.";
        var command = new Command("copy", "Copy a database into another (any of sqlite, postgres, mysql to any), applying the config's strategies on the way.")
        {
            source, target, config, tables, jobs, dropExisting, summary, secretFile, report, where, sample, withChildren, depth, seed,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var jobCount = parse.GetValue(jobs);
            if (jobCount < 1) throw new Core.Diagnostics.ObscuraConfigException("--jobs must be at least 1");
            if (parse.GetValue(depth) is not null && !parse.GetValue(withChildren)) throw new Core.Diagnostics.ObscuraConfigException("--depth needs --with-children");
            var subset = new Engine.Subset.SubsetOptions
            {
                Filters = [
                    .. (parse.GetValue(where) ?? []).Select(w => Engine.Subset.SubsetOptions.ParseOption("--where", w)),
                    .. (parse.GetValue(sample) ?? []).Select(w => Engine.Subset.SubsetOptions.ParseOption("--sample", w)),
                ],
                WithChildren = parse.GetValue(withChildren),
                Depth = parse.GetValue(depth) ?? 1,
                Seed = parse.GetValue(seed),
            };
            var options = new CopyOptions
            {
                Source = DatabaseUri.Parse(parse.GetValue(source)!, "OBSCURA_SOURCE_PASSWORD"),
                Target = DatabaseUri.Parse(parse.GetValue(target)!, "OBSCURA_TARGET_PASSWORD"),
                Config = parse.GetValue(config) is { } file ? ConfigLoader.LoadFile(file.FullName) : ObscuraConfig.Empty,
                Tables = (parse.GetValue(tables) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
                Jobs = jobCount,
                DropExisting = parse.GetValue(dropExisting),
                Secret = CliOptions.ReadSecret(parse.GetValue(secretFile)),
                Subset = subset,
            };
            var progress = new ConsoleCopyProgress(CommandRunner.Errors);
            var result = await progress.RunAsync(() => new CopyService(runtime).RunAsync(options, progress, token)).ConfigureAwait(false);
            var json = result.Summary.ToJson();
            await Console.Out.WriteLineAsync(json).ConfigureAwait(false);
            if (parse.GetValue(summary) is { } summaryFile) await File.WriteAllTextAsync(summaryFile.FullName, json, token).ConfigureAwait(false);
            RenderOutcome(result);
            if (result.Failure is not null)
            {
                CommandRunner.Report(result.Failure);
                return ExitCodes.For(result.Failure);
            }
            if (parse.GetValue(report) is { } reportDirectory)
            {
                // A subset's target holds the rows the subset kept: those are the counts to compare, not the source tables'.
                var validation = await new ValidationService(runtime).RunAsync(options.Source, options.Target, options.Config, options.Secret,
                    new ValidationOptions
                    {
                        Tables = options.Tables, Jobs = Math.Max(2, jobCount),
                        SourceRowCounts = result.Summary.Subset is null ? null : result.RowsBySource,
                    }, token).ConfigureAwait(false);
                return await ValidateCommand.FinishAsync(validation, reportDirectory, token).ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>A short human summary on stderr: tables, rows, speed, warnings.</summary>
    internal static void RenderOutcome(CopyResult result)
    {
        var console = CommandRunner.Errors;
        var s = result.Summary;
        foreach (var w in s.Warnings) console.MarkupLine("[yellow]" + Markup.Escape(w) + "[/]");
        foreach (var o in s.Objects.Where(o => o.Status != "recreated"))
            console.MarkupLine($"[yellow]{Markup.Escape(o.Kind)} {Markup.Escape(o.Name)} {o.Status}: {Markup.Escape(o.Reason ?? "")}[/]");
        if (s.Subset is { } subset)
        {
            console.MarkupLine($"subset computed in {subset.Seconds:0.0} s (seed {subset.Seed}{(subset.WithChildrenDepth is { } d ? $", with children to depth {d}" : "")}):");
            foreach (var t in subset.Tables)
            {
                var rows = t.Rows is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) + " rows" : "all rows";
                var why = string.Join("; ", t.Reasons.Select(x => x.Rows is { } n ? $"{x.Reason}: {n.ToString("N0", CultureInfo.InvariantCulture)}" : x.Reason));
                console.MarkupLine($"  {Markup.Escape(t.Table)}: {rows} ({Markup.Escape(why)})");
            }
        }
        var rate = s.Seconds > 0 ? s.Rows / s.Seconds : s.Rows;
        var colour = result.Succeeded ? "green" : "red";
        console.MarkupLine($"[{colour}]{s.Status}[/]: {s.Tables.Count(t => t.Status == "copied")}/{s.Tables.Count} tables, " +
            $"{s.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows in {s.Seconds:0.0} s ({rate.ToString("N0", CultureInfo.InvariantCulture)} rows/s)");
    }
}
