using System.CommandLine;
using System.Globalization;
using Obscura.Cli.Rendering;
using Obscura.Core.Config;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Dump;
using Obscura.Engine.Sampling;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura sample</c>: a small, interesting test sample of one table's rows, with its referential closure (docs/sample.md).</summary>
internal static class SampleCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var source = CliOptions.Source();
        var table = new Option<string>("--table") { Description = "The table to sample (schema.table or table).", Required = true };
        var size = new Option<int>("--size", "-n") { Description = "Rows to pick (all rows when the table has fewer).", Required = true };
        var mix = new Option<string?>("--mix")
        {
            Description = "Share of each strategy in percent, summing to 100: anomaly, boundary, risk, cluster, random (default anomaly=30,boundary=20,risk=10,random=40).",
        };
        var stratify = new Option<string?>("--stratify") { Description = "A column whose values get proportional shares of the sample, within each strategy." };
        var target = new Option<string?>("--target", "-t")
        {
            Description = "Copy the sample and its referential closure into this database (created when missing; password from OBSCURA_TARGET_PASSWORD). Without it: files in --out.",
        };
        var dropExisting = new Option<bool>("--drop-existing") { Description = "Replace target tables that already hold rows." };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Directory for sample-report.json/.html and, without --target, one file per table (default: the current directory).",
            DefaultValueFactory = _ => ".",
        };
        var format = new Option<string>("--format", "-f") { Description = "Files without --target: csv (default) or parquet.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "parquet");
        var config = new Option<FileInfo?>("--config", "-c") { Description = "obscura.yaml: strategies applied to the sample, and sample: risk: rules." };
        var seed = new Option<long>("--seed") { Description = "Seed of every random choice; the same seed picks the same rows (default 0)." };
        var secretFile = CliOptions.SecretFile();
        var command = new Command("sample", "Pick a small, interesting test sample of one table (boundary, anomaly, risk, cluster, random; stratified) with its referential closure, anonymized by the config, into a database or CSV/Parquet files, with a report of why each row was chosen.")
        {
            source, table, size, mix, stratify, target, dropExisting, output, format, config, seed, secretFile,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var options = new SampleOptions
            {
                Source = DatabaseUri.Parse(parse.GetValue(source)!, "OBSCURA_SOURCE_PASSWORD"),
                Table = parse.GetValue(table)!,
                Size = parse.GetValue(size),
                Mix = parse.GetValue(mix) is { } m ? SampleMix.Parse(m) : SampleMix.Default,
                Stratify = parse.GetValue(stratify),
                Target = parse.GetValue(target) is { } t ? DatabaseUri.Parse(t, "OBSCURA_TARGET_PASSWORD") : null,
                DropExisting = parse.GetValue(dropExisting),
                Output = parse.GetValue(output)!,
                Format = parse.GetValue(format) == "parquet" ? DumpFormat.Parquet : DumpFormat.Csv,
                Config = parse.GetValue(config) is { } file ? ConfigLoader.LoadFile(file.FullName) : ObscuraConfig.Empty,
                Seed = parse.GetValue(seed),
                Secret = CliOptions.ReadSecret(parse.GetValue(secretFile)),
            };
            var progress = new ConsoleCopyProgress(CommandRunner.Errors);
            var result = await progress.RunAsync(() => new SampleService(runtime).RunAsync(options, progress, token)).ConfigureAwait(false);
            Render(result);
            if (result.Failure is null) return ExitCodes.Ok;
            CommandRunner.Report(result.Failure);
            return ExitCodes.For(result.Failure);
        }, ct));
        return command;
    }

    private static void Render(SampleResult result)
    {
        var console = CommandRunner.Errors;
        var r = result.Report;
        foreach (var w in r.Warnings.Concat(r.Notes)) console.MarkupLine("[yellow]" + Markup.Escape(w) + "[/]");
        var grid = new Table().Border(TableBorder.Rounded).AddColumn("strategy").AddColumn(new TableColumn("asked").RightAligned())
            .AddColumn(new TableColumn("counted").RightAligned()).AddColumn(new TableColumn("with reason").RightAligned());
        foreach (var s in r.Strategies.Where(s => s.Percent > 0 || s.Selected > 0))
            grid.AddRow(s.Strategy, N(s.Requested), N(s.Selected), N(s.WithReason));
        console.Write(grid);
        var colour = result.Succeeded ? "green" : "red";
        console.MarkupLine($"[{colour}]{r.Status}[/]: {N(r.Selected)} of {N(r.TableRows)} rows of {Markup.Escape(r.Table)} " +
            $"({N(r.Tables.Sum(t => t.Rows))} rows with the closure) in {r.Seconds:0.0} s (selection {r.SelectionSeconds:0.0} s) → {Markup.Escape(r.Output ?? "")}");
        foreach (var file in result.ReportFiles) console.MarkupLine("report: " + Markup.Escape(file));
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
