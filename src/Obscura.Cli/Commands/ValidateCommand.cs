using System.CommandLine;
using System.Globalization;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Validation;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura validate</c>: prove a target is consistent and holds no original values; exit 1 when a check fails.</summary>
internal static class ValidateCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var source = CliOptions.Source();
        var target = new Option<string>("--target", "-t")
        {
            Description = "The anonymized database to validate. Password from OBSCURA_TARGET_PASSWORD.",
            Required = true,
        };
        var config = new Option<FileInfo?>("--config", "-c") { Description = "obscura.yaml the target was made with (its transformed columns are what the leakage scan looks for)." };
        var report = ReportOption();
        var tables = new Option<string[]>("--tables")
        {
            Description = "Only these source tables (comma-separated or repeated; schema.table or table).",
            AllowMultipleArgumentsPerToken = true,
        };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Queries and table scans at once (default: number of cores).",
            DefaultValueFactory = _ => Math.Max(2, Environment.ProcessorCount),
        };
        var strict = new Option<bool>("--strict") { Description = "Also scan transformed text columns for originals (fake values can coincide with real ones)." };
        var ignore = new Option<string[]>("--leak-ignore")
        {
            Description = "Target columns (table.column) the leakage scan skips because their text is known to be benign; listed in the report.",
            AllowMultipleArgumentsPerToken = true,
        };
        var secretFile = CliOptions.SecretFile();
        var command = new Command("validate",
            "Check a target against its source: row counts, orphaned foreign keys (physical and relations:), unique keys, NOT NULL, and a scan of all text for original values of transformed columns. Exit 1 when a check fails.")
        {
            source, target, config, report, tables, jobs, strict, ignore, secretFile,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            if (parse.GetValue(jobs) < 1) throw new ObscuraConfigException("--jobs must be at least 1");
            var options = new ValidationOptions
            {
                Tables = (parse.GetValue(tables) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
                Jobs = parse.GetValue(jobs),
                ScanTransformedColumns = parse.GetValue(strict),
                LeakageIgnore = (parse.GetValue(ignore) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
            };
            var result = await new ValidationService(runtime).RunAsync(
                DatabaseUri.Parse(parse.GetValue(source)!, "OBSCURA_SOURCE_PASSWORD"),
                DatabaseUri.Parse(parse.GetValue(target)!, "OBSCURA_TARGET_PASSWORD"),
                parse.GetValue(config) is { } file ? ConfigLoader.LoadFile(file.FullName) : ObscuraConfig.Empty,
                CliOptions.ReadSecret(parse.GetValue(secretFile)),
                options, token).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(ValidationJson.Serialize(result)).ConfigureAwait(false);
            return await FinishAsync(result, parse.GetValue(report), token).ConfigureAwait(false);
        }, ct));
        return command;
    }

    /// <summary>--report DIR (shared with copy).</summary>
    public static Option<DirectoryInfo?> ReportOption() => new("--report")
    {
        Description = "Write validation-report.json and validation-report.html into this directory (created when missing).",
    };

    /// <summary>Writes the report files when asked, renders the verdict on stderr, and returns 0 or 1.</summary>
    public static async Task<int> FinishAsync(ValidationReport report, DirectoryInfo? directory, CancellationToken token)
    {
        var console = CommandRunner.Errors;
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("check", "status", "checked", "failures", "examples");
        foreach (var c in report.Checks)
        {
            var status = c.Status switch
            {
                ValidationStatus.Passed => "[green]passed[/]",
                ValidationStatus.Failed => "[red]failed[/]",
                _ => "[grey]skipped[/]",
            };
            var examples = string.Join("; ", c.Examples.Take(3).Select(e => $"{e.Table}.{e.Column} {e.Key}"));
            table.AddRow(Markup.Escape(Name(c.Check)), status, N(c.Checked), N(c.Failures), Markup.Escape(examples + (c.Examples.Count > 3 ? " …" : "")));
        }
        console.Write(table);
        if (directory is not null)
        {
            var (json, html) = await ValidationReportFiles.WriteAsync(report, directory.FullName, token).ConfigureAwait(false);
            console.MarkupLine($"wrote [bold]{Markup.Escape(json)}[/] and [bold]{Markup.Escape(html)}[/]");
        }
        // The verdict as one plain line (no console wrapping), for people and scripts alike.
        var failed = report.Checks.Where(c => c.Status == ValidationStatus.Failed).Select(c => Name(c.Check)).ToList();
        if (failed.Count == 0)
        {
            await Console.Error.WriteLineAsync($"validation passed: {report.Checks.Count(c => c.Status == ValidationStatus.Passed)} checks on {report.Tables} tables in " +
                $"{report.Seconds.ToString("0.0#", CultureInfo.InvariantCulture)} s").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        await Console.Error.WriteLineAsync($"error: validation failed: {string.Join(", ", failed)}" +
            (directory is null ? " (pass --report DIR for the full report)" : $" (see {Path.Combine(directory.FullName, ValidationReportFiles.HtmlFileName)})")).ConfigureAwait(false);
        return ExitCodes.ValidationFailed;
    }

    private static string Name(ValidationCheckKind kind) => kind switch
    {
        ValidationCheckKind.RowCounts => "row counts",
        ValidationCheckKind.ForeignKeys => "foreign keys",
        ValidationCheckKind.Unique => "unique keys",
        ValidationCheckKind.NotNull => "not null",
        ValidationCheckKind.PiiLeakage => "pii leakage",
        _ => kind.ToString(),
    };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
