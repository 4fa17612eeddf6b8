using System.CommandLine;
using System.Globalization;
using Obscura.Cli.Rendering;
using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy.Anonymity;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Release;
using Spectre.Console;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura release</c>: a k-anonymous, optionally l-diverse or t-close, version of one table.</summary>
internal static class ReleaseCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var source = CliOptions.Source();
        var table = new Option<string>("--table") { Description = "The table to release (schema.table or table).", Required = true };
        var qi = new Option<string[]>("--qi")
        {
            Description = "Quasi-identifiers (comma-separated or repeated): generalized to ranges (numeric) or hierarchy labels.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var sensitive = new Option<string?>("--sensitive") { Description = "The sensitive column, released unchanged; --l and --t protect it." };
        var keep = new Option<string[]>("--keep")
        {
            Description = "Other columns released unchanged (every column not named is left out).",
            AllowMultipleArgumentsPerToken = true,
        };
        var k = new Option<int>("--k") { Description = "Every released row shares its quasi-identifier labels with at least k−1 others (k ≥ 2).", Required = true };
        var l = new Option<double?>("--l") { Description = "l-diversity of the sensitive column per class." };
        var lKind = new Option<string>("--l-kind") { Description = "distinct (default), entropy or recursive (with --c).", DefaultValueFactory = _ => "distinct" };
        lKind.AcceptOnlyFromAmong("distinct", "entropy", "recursive");
        var c = new Option<double?>("--c") { Description = "c of recursive (c,l)-diversity." };
        var t = new Option<double?>("--t") { Description = "t-closeness: the earth mover's distance of each class's sensitive values to the table's is at most t." };
        var tDistance = new Option<string?>("--t-distance") { Description = "equal, ordered or hierarchical (default: ordered for numbers, hierarchical with a hierarchy file, else equal)." };
        tDistance.AcceptOnlyFromAmong("equal", "ordered", "hierarchical");
        var hierarchies = new Option<DirectoryInfo>("--hierarchies")
        {
            Description = "Directory of hierarchy files COLUMN.csv in ARX's format (leaf;level1;...;*); numeric columns without one become ranges lo-hi.",
            Required = true,
        };
        var suppression = new Option<string>("--suppression") { Description = "Most rows that may be left out: 1% or 0.01 (default 0).", DefaultValueFactory = _ => "0" };
        var method = new Option<string>("--method") { Description = "mondrian (default: multidimensional local recoding, least loss) or full-domain (one level per column).", DefaultValueFactory = _ => "mondrian" };
        method.AcceptOnlyFromAmong("mondrian", "full-domain");
        var output = new Option<string>("--out", "-o") { Description = "FILE.csv, FILE.parquet, or a database URI that receives a new table (password from OBSCURA_TARGET_PASSWORD).", Required = true };
        var outTable = new Option<string?>("--out-table") { Description = "The new table's name in a database --out (default: the source table's name)." };
        var report = new Option<FileInfo?>("--report") { Description = "Also write the JSON report to this file (it always goes to stdout)." };
        var threshold = new Option<double>("--risk-threshold") { Description = "Records whose re-identification risk is above this count as at risk (default 0.2).", DefaultValueFactory = _ => 0.2 };
        var command = new Command("release", "Write a k-anonymous (optionally l-diverse or t-close) version of a table to CSV, Parquet or a database, with information loss and re-identification risk.")
        {
            source, table, qi, sensitive, keep, k, l, lKind, c, t, tDistance, hierarchies, suppression, method, output, outTable, report, threshold,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var options = new ReleaseOptions
            {
                Source = DatabaseUri.Parse(parse.GetValue(source)!, "OBSCURA_SOURCE_PASSWORD"),
                Table = parse.GetValue(table)!,
                QuasiIdentifiers = SplitList(parse.GetValue(qi)),
                Sensitive = parse.GetValue(sensitive),
                Keep = SplitList(parse.GetValue(keep)),
                K = parse.GetValue(k),
                L = parse.GetValue(l),
                LKind = parse.GetValue(lKind) switch
                {
                    "entropy" => LDiversityKind.Entropy,
                    "recursive" => LDiversityKind.Recursive,
                    _ => LDiversityKind.Distinct,
                },
                C = parse.GetValue(c),
                T = parse.GetValue(t),
                TDistance = parse.GetValue(tDistance) switch
                {
                    "equal" => GroundDistance.Equal,
                    "ordered" => GroundDistance.Ordered,
                    "hierarchical" => GroundDistance.Hierarchical,
                    _ => null,
                },
                HierarchyDirectory = parse.GetValue(hierarchies)!.FullName,
                SuppressionLimit = ParseShare(parse.GetValue(suppression)!),
                Method = parse.GetValue(method) == "full-domain" ? ReleaseMethod.FullDomain : ReleaseMethod.Mondrian,
                OutputFile = ReleaseService.IsDatabaseUri(parse.GetValue(output)!) ? null : parse.GetValue(output),
                Target = ReleaseService.IsDatabaseUri(parse.GetValue(output)!) ? DatabaseUri.Parse(parse.GetValue(output)!, "OBSCURA_TARGET_PASSWORD") : null,
                OutputTable = parse.GetValue(outTable),
                RiskThreshold = parse.GetValue(threshold),
            };
            var progress = new ConsoleCopyProgress(CommandRunner.Errors);
            var result = await progress.RunAsync(() => new ReleaseService(runtime).RunAsync(options, progress, token)).ConfigureAwait(false);
            var json = result.Report.ToJson();
            await Console.Out.WriteLineAsync(json).ConfigureAwait(false);
            if (parse.GetValue(report) is { } file) await File.WriteAllTextAsync(file.FullName, json, token).ConfigureAwait(false);
            Render(result.Report);
            if (result.Failure is null) return ExitCodes.Ok;
            CommandRunner.Report(result.Failure);
            return ExitCodes.For(result.Failure);
        }, ct));
        return command;
    }

    private static List<string> SplitList(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    /// <summary>"1%" → 0.01, "0.01" → 0.01.</summary>
    internal static double ParseShare(string text)
    {
        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        if (!double.TryParse(percent ? trimmed[..^1] : trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new ObscuraConfigException("the release cannot start", [new Diagnostic(Severity.Error, "--suppression", DiagnosticCodes.ReleaseInvalidParameter, $"--suppression {text}: write a share such as 1% or 0.01")]);
        return percent ? value / 100 : value;
    }

    private static void Render(ReleaseReport r)
    {
        var colour = r.Status == "succeeded" ? "green" : "red";
        CommandRunner.Errors.MarkupLine($"[{colour}]{r.Status}[/]: {r.Released.ToString("N0", CultureInfo.InvariantCulture)} rows in {r.Classes.ToString("N0", CultureInfo.InvariantCulture)} classes " +
            $"(k={r.K}{(r.Models.Count > 0 ? ", " + Markup.Escape(string.Join(", ", r.Models)) : "")}), {r.Suppressed.ToString("N0", CultureInfo.InvariantCulture)} suppressed, " +
            $"NCP {r.Ncp.ToString("P2", CultureInfo.InvariantCulture)}, highest prosecutor risk {r.Risk?.Prosecutor.Highest.ToString("0.###", CultureInfo.InvariantCulture)}, {r.Seconds:0.0} s → {Markup.Escape(r.Output)}");
    }
}
