using System.CommandLine;
using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Discovery;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura scan</c>: find the personal data in a database and draft the config that anonymizes it.</summary>
internal static class ScanCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var source = CliOptions.Source();
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Directory for pii-inventory.csv, obscura.yaml (draft config) and schema-catalog.json.",
            DefaultValueFactory = _ => new DirectoryInfo("obscura-scan"),
        };
        var sample = new Option<int>("--sample")
        {
            Description = "Rows sampled per table, spread over the table.",
            DefaultValueFactory = _ => ScanOptions.DefaultSampleSize,
        };
        var tables = new Option<string[]>("--tables")
        {
            Description = "Only these tables (comma-separated or repeated; schema.table or table).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("scan", "Find personal data (names, emails, phones, IDs, birth dates, addresses...) by column names and sampled values; write an inventory and a draft obscura.yaml.")
        {
            source, output, sample, tables,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var size = parse.GetValue(sample);
            if (size < 1) throw new ObscuraConfigException("--sample must be at least 1");
            var uri = DatabaseUri.Parse(parse.GetValue(source)!, "OBSCURA_SOURCE_PASSWORD");
            var options = new ScanOptions
            {
                SampleSize = size,
                Tables = (parse.GetValue(tables) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
            };
            var console = CommandRunner.Errors;
            await using var endpoint = runtime.Connect(uri);
            ScanResult result = null!;
            await console.Status().StartAsync($"scanning {Markup.Escape(uri.ToString())}", async _ =>
            {
                result = await new ScanService(runtime).ScanAsync(endpoint, options, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
            var dir = parse.GetValue(output)!.FullName;
            await ScanFiles.WriteAsync(result, dir, token).ConfigureAwait(false);
            Render(result, dir);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>A table of the personal-data columns (kinds, confidence, evidence: never a value) and where the files went.</summary>
    private static void Render(ScanResult result, string dir)
    {
        var console = CommandRunner.Errors;
        foreach (var w in result.Warnings) console.MarkupLine("[yellow]warning: " + Markup.Escape(w) + "[/]");
        var pii = result.Findings.Where(f => f.IsPii).ToList();
        if (pii.Count > 0)
        {
            var table = new Table().AddColumns("table", "column", "kind", "confidence", "evidence");
            foreach (var f in pii)
            {
                table.AddRow(Markup.Escape(f.Table.ToString()), Markup.Escape(f.Column), Markup.Escape(f.Kind!),
                    f.Confidence.ToString("0.00", CultureInfo.InvariantCulture), Markup.Escape(f.Evidence));
            }
            console.Write(table);
        }
        foreach (var d in result.Draft.MapperErrors)
            console.MarkupLine("[yellow]draft: the planner refused a first choice, replaced by a fallback (please report): " + Markup.Escape(d.ToString()) + "[/]");
        foreach (var d in result.Draft.Diagnostics.Where(d => d.Severity == Severity.Error))
            console.MarkupLine("[red]draft: " + Markup.Escape(d.ToString()) + "[/]");
        console.MarkupLine($"[green]{pii.Count}[/] personal-data columns in {pii.Select(f => f.Table).Distinct().Count()} of {result.TablesScanned} tables " +
            $"({result.Findings.Count} columns examined, {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s); " +
            $"draft config with {result.Draft.Rules} rules.");
        console.MarkupLine($"Wrote [bold]{Markup.Escape(Path.Combine(dir, ScanFiles.Inventory))}[/], [bold]{Markup.Escape(Path.Combine(dir, ScanFiles.Config))}[/], " +
            $"[bold]{Markup.Escape(Path.Combine(dir, ScanFiles.Catalog))}[/].");
    }
}
