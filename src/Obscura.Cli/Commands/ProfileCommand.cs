using System.CommandLine;
using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Discovery;
using Obscura.Engine.Profiling;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura profile</c>: one streaming pass over each table, written as profile.json and profile.html.</summary>
internal static class ProfileCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var source = CliOptions.Source();
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Directory for profile.json and profile.html (created when missing).",
            DefaultValueFactory = _ => new DirectoryInfo("obscura-profile"),
        };
        var tables = new Option<string[]>("--tables")
        {
            Description = "Only these tables (comma-separated or repeated; schema.table or table).",
            AllowMultipleArgumentsPerToken = true,
        };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Readers at once: tables, and key ranges of large tables (default: number of cores).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var partitionRows = new Option<long>("--partition-rows")
        {
            Description = "Split tables with an integer primary key and at least twice this many rows into parallel key ranges.",
            DefaultValueFactory = _ => 250_000,
        };
        var command = new Command("profile", "Profile every column in one streaming pass (nulls, distinct, min/max, mean, lengths, top values, shapes, histograms) into profile.json and profile.html; values of personal-data columns are never shown.")
        {
            source, output, tables, jobs, partitionRows,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var jobCount = parse.GetValue(jobs);
            if (jobCount < 1) throw new ObscuraConfigException("--jobs must be at least 1");
            if (parse.GetValue(partitionRows) < 1) throw new ObscuraConfigException("--partition-rows must be at least 1");
            var options = new ProfileOptions
            {
                Source = DatabaseUri.Parse(parse.GetValue(source)!, "OBSCURA_SOURCE_PASSWORD"),
                Tables = (parse.GetValue(tables) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
                Jobs = jobCount,
                MinPartitionRows = parse.GetValue(partitionRows),
            };
            var dir = parse.GetValue(output)!;
            var console = CommandRunner.Errors;
            // Which columns hold personal data comes from scan's detection (names and a sample of values, a second or two).
            HashSet<(TableName, string)> personal;
            await using (var endpoint = runtime.Connect(options.Source))
            {
                var scan = await new ScanService(runtime).ScanAsync(endpoint, new ScanOptions { Tables = options.Tables.Count > 0 ? options.Tables : null }, token).ConfigureAwait(false);
                personal = scan.Findings.Where(f => f.IsPii).Select(f => (f.Table, f.Column)).ToHashSet();
            }
            var report = await new ProfileService(runtime, (table, column) => personal.Contains((table, column))).RunAsync(options, new Progress(console), token).ConfigureAwait(false);

            dir.Create();
            var json = Path.Combine(dir.FullName, "profile.json");
            var html = Path.Combine(dir.FullName, "profile.html");
            await File.WriteAllTextAsync(json, ProfileJson.Serialize(report), token).ConfigureAwait(false);
            await File.WriteAllTextAsync(html, ProfileHtml.Render(report), token).ConfigureAwait(false);

            var pii = report.Tables.Sum(t => t.Columns.Count(c => c.Pii));
            console.MarkupLine($"[green]profiled[/] {report.Tables.Count} tables, {N(report.Rows)} rows in {report.Seconds.ToString("0.0#", CultureInfo.InvariantCulture)} s " +
                $"({N((long)report.RowsPerSecond)} rows/s; reading {N((long)report.RowsPerCpuSecond)} rows per CPU second); {pii} personal-data columns with values withheld");
            console.MarkupLine($"wrote [bold]{Markup.Escape(json)}[/] and [bold]{Markup.Escape(html)}[/]");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>One line per finished table on stderr (names and counts only, never values).</summary>
    private sealed class Progress(IAnsiConsole console) : IProfileProgress
    {
        private readonly Lock _gate = new();

        public void Phase(string description)
        {
            lock (_gate) console.MarkupLine("[grey]" + Markup.Escape(description) + "[/]");
        }

        public void TableFinished(TableProfile table)
        {
            var partitions = table.Partitions > 1 ? $", {table.Partitions} key ranges" : "";
            lock (_gate)
            {
                console.MarkupLine($"  {Markup.Escape(table.Name)}: {N(table.Rows)} rows, {table.Columns.Count} columns in " +
                    $"{table.Seconds.ToString("0.0##", CultureInfo.InvariantCulture)} s{partitions}");
            }
        }
    }
}
