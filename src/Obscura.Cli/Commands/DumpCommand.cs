using System.CommandLine;
using System.Globalization;
using Obscura.Cli.Rendering;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Dump;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura dump</c>: an anonymized SQL script, or CSV/Parquet files per table, from a database.</summary>
internal static class DumpCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var source = CliOptions.Source();
        var output = new Option<string>("--out", "-o")
        {
            Description = "The SQL script to write (FILE.sql, FILE.sql.gz), or the directory for one file per table (--format csv|parquet).",
            Required = true,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "sql (default): one script for psql, mariadb or sqlite3; csv or parquet: one file per table.",
            DefaultValueFactory = _ => "sql",
        };
        format.AcceptOnlyFromAmong("sql", "csv", "parquet");
        var dialect = new Option<string?>("--dialect", "-d") { Description = "The script's SQL dialect: postgres, mysql (mariadb) or sqlite (default: the source's)." };
        var config = new Option<FileInfo?>("--config", "-c") { Description = "obscura.yaml with per-column strategies (none: a plain dump)." };
        var tables = new Option<string[]>("--tables")
        {
            Description = "Only these tables (comma-separated or repeated; schema.table or table).",
            AllowMultipleArgumentsPerToken = true,
        };
        var compress = new Option<bool>("--compress", "-z") { Description = "Gzip the script (adds .gz) or the CSV files; Parquet files use gzip pages instead of snappy." };
        var summary = new Option<FileInfo?>("--summary") { Description = "Also write the JSON run summary to this file (it always goes to stdout)." };
        var secretFile = CliOptions.SecretFile();
        var command = new Command("dump", "Write an anonymized SQL script (postgres, mysql or sqlite dialect) or CSV/Parquet files per table, applying the config's strategies.")
        {
            source, output, format, dialect, config, tables, compress, summary, secretFile,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var options = new DumpOptions
            {
                Source = DatabaseUri.Parse(parse.GetValue(source)!, "OBSCURA_SOURCE_PASSWORD"),
                Output = parse.GetValue(output)!,
                Format = parse.GetValue(format) switch
                {
                    "csv" => DumpFormat.Csv,
                    "parquet" => DumpFormat.Parquet,
                    "sql" => DumpFormat.Sql,
                    var other => throw new ObscuraConfigException($"unknown --format '{other}': use sql, csv or parquet"),
                },
                Dialect = parse.GetValue(dialect),
                Config = parse.GetValue(config) is { } file ? ConfigLoader.LoadFile(file.FullName) : ObscuraConfig.Empty,
                Tables = (parse.GetValue(tables) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
                Compress = parse.GetValue(compress),
                Secret = CliOptions.ReadSecret(parse.GetValue(secretFile)),
            };
            var progress = new ConsoleCopyProgress(CommandRunner.Errors);
            var result = await progress.RunAsync(() => new DumpService(runtime).RunAsync(options, progress, token)).ConfigureAwait(false);
            var json = result.Summary.ToJson();
            await Console.Out.WriteLineAsync(json).ConfigureAwait(false);
            if (parse.GetValue(summary) is { } summaryFile) await File.WriteAllTextAsync(summaryFile.FullName, json, token).ConfigureAwait(false);
            RenderOutcome(result);
            if (result.Failure is null) return ExitCodes.Ok;
            CommandRunner.Report(result.Failure);
            return ExitCodes.For(result.Failure);
        }, ct));
        return command;
    }

    private static void RenderOutcome(DumpResult result)
    {
        var console = CommandRunner.Errors;
        var s = result.Summary;
        foreach (var w in s.Warnings) console.MarkupLine("[yellow]" + Markup.Escape(w) + "[/]");
        var rate = s.Seconds > 0 ? s.Rows / s.Seconds : s.Rows;
        var colour = result.Succeeded ? "green" : "red";
        console.MarkupLine($"[{colour}]{s.Status}[/]: {s.Tables.Count(t => t.Status == "dumped")} tables, " +
            $"{s.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows in {s.Seconds:0.0} s ({rate.ToString("N0", CultureInfo.InvariantCulture)} rows/s) → {Markup.Escape(s.Output)}");
    }
}
