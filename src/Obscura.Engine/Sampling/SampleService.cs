using System.Diagnostics;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Engine.Copy;
using Obscura.Engine.Dump;
using Obscura.Engine.Sampling.Internal;
using Obscura.Engine.Subset;

namespace Obscura.Engine.Sampling;

/// <summary>
/// <c>obscura sample</c>: picks a small, interesting set of one table's rows (boundary, anomaly, risk, cluster and random
/// strategies, optionally stratified) in two streaming passes, then hands their keys to the subset engine as the table's
/// seed set, so the copy (<see cref="CopyService"/>) or the files (<see cref="DumpService"/>) hold the sample with its
/// referential closure, anonymized by the config. Writes <c>sample-report.json</c> and <c>sample-report.html</c>.
/// </summary>
public sealed class SampleService
{
    /// <summary>The report's JSON file name.</summary>
    public const string JsonReport = "sample-report.json";
    /// <summary>The report's HTML file name.</summary>
    public const string HtmlReport = "sample-report.html";

    private readonly ObscuraRuntime _runtime;

    /// <summary>Creates the service.</summary>
    public SampleService(ObscuraRuntime runtime) => _runtime = runtime;

    /// <summary>Runs the sample. Problems found before anything is written are thrown; later failures are in the result.</summary>
    /// <exception cref="ObscuraConfigException">Bad size, mix, table, column, config or output directory.</exception>
    /// <exception cref="ObscuraDatabaseException">The source cannot be reached.</exception>
    public async Task<SampleResult> RunAsync(SampleOptions options, ICopyProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= NullCopyProgress.Instance;
        var startedAt = _runtime.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var diagnostics = new DiagnosticBag();
        CheckRequest(options, diagnostics);
        diagnostics.ThrowIfErrors("the sample cannot start");

        Table table;
        IReadOnlyList<Column> key;
        RiskModel risk;
        List<Table> tables;
        SampleReport report;
        IReadOnlyList<object?[]> keys;
        await using (var source = _runtime.Connect(options.Source))
        {
            progress.Phase($"inspecting {source}");
            var catalog = await source.InspectAsync(cancellationToken).ConfigureAwait(false);
            var selected = TableSelection.Select(catalog, [options.Table], diagnostics);
            diagnostics.ThrowIfErrors("the sample cannot start");
            table = selected[0];
            key = SubsetPlanner.KeyOf(table) ?? [];
            if (key.Count == 0)
            {
                diagnostics.Error("--table", DiagnosticCodes.SampleNoKey,
                    $"{table.Name} has no primary key (nor a unique key on NOT NULL columns), so chosen rows cannot be identified; add a key or sample another table");
            }
            var stratify = options.Stratify;
            if (stratify is not null)
            {
                if (table.FindColumn(stratify) is { } column) stratify = column.Name;
                else diagnostics.Error("--stratify", DiagnosticCodes.SampleUnknownColumn,
                    $"--stratify {stratify}: {table.Name} has no such column (it has {string.Join(", ", table.Columns.Select(c => c.Name).Take(30))})");
            }
            risk = RiskModel.Resolve(options.Config, catalog, table, key, diagnostics);
            // The config's strategies are checked now, not after minutes of scanning.
            var plan = TransformPlanner.Plan(options.Config, catalog, _runtime.WithPlugins(options.Config.Plugins).Strategies, options.Secret);
            diagnostics.AddRange(plan.Diagnostics.Where(d => d.Severity == Severity.Error));
            diagnostics.ThrowIfErrors("the sample cannot start");
            CreateOutputDirectory(options.Output);
            tables = WithAncestors(catalog, table, options.Config.Relations);

            var clockSelection = Stopwatch.StartNew();
            var selector = new SampleSelector(source, table, key, options with { Stratify = stratify }, risk, progress);
            report = await selector.RunAsync(cancellationToken).ConfigureAwait(false);
            report = report with { SelectionSeconds = Math.Round(clockSelection.Elapsed.TotalSeconds, 3), StartedAt = startedAt };
            keys = selector.ChosenKeys;
        }

        var filter = new SubsetFilter
        {
            Table = table.Name.ToString(), Keys = keys, KeysDescription = $"sample of {keys.Count} rows", Origin = "obscura sample",
        };
        var subset = new SubsetOptions { Filters = [filter], Seed = options.Seed };
        var names = tables.Select(t => t.Name.ToString()).ToList();
        Exception? failure;
        if (options.Target is { } target)
        {
            var copy = await new CopyService(_runtime).RunAsync(new CopyOptions
            {
                Source = options.Source, Target = target, Config = options.Config, Tables = names, DropExisting = options.DropExisting,
                Secret = options.Secret, Subset = subset, Jobs = Math.Min(Environment.ProcessorCount, 4),
            }, progress, cancellationToken).ConfigureAwait(false);
            failure = copy.Failure;
            report = report with
            {
                Output = copy.Summary.Target, Tables = copy.Summary.Tables, Closure = copy.Summary.Subset, Warnings = copy.Summary.Warnings, Error = copy.Summary.Error,
            };
        }
        else
        {
            var dump = await new DumpService(_runtime).RunAsync(new DumpOptions
            {
                Source = options.Source, Output = options.Output, Format = options.Format, Config = options.Config, Tables = names,
                Secret = options.Secret, Subset = subset,
            }, progress, cancellationToken).ConfigureAwait(false);
            failure = dump.Failure;
            report = report with
            {
                Output = dump.Summary.Output, Files = dump.Summary.Files, Tables = dump.Summary.Tables, Closure = dump.Summary.Subset,
                Warnings = dump.Summary.Warnings, Error = dump.Summary.Error,
            };
        }
        report = report with
        {
            Status = failure is null ? "succeeded" : failure is OperationCanceledException ? "cancelled" : "failed",
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
        };
        var json = Path.Combine(options.Output, JsonReport);
        var html = Path.Combine(options.Output, HtmlReport);
        await File.WriteAllTextAsync(json, report.ToJson(), CancellationToken.None).ConfigureAwait(false);
        await File.WriteAllTextAsync(html, SampleHtml.Render(report), CancellationToken.None).ConfigureAwait(false);
        return new SampleResult(report, failure) { ReportFiles = [Path.GetFullPath(json), Path.GetFullPath(html)] };
    }

    private static void CheckRequest(SampleOptions options, DiagnosticBag diagnostics)
    {
        if (string.IsNullOrWhiteSpace(options.Table)) diagnostics.Error("--table", DiagnosticCodes.InvalidSampleRequest, "--table is required");
        if (options.Size <= 0) diagnostics.Error("--size", DiagnosticCodes.InvalidSampleRequest, $"--size must be a positive number of rows, not {options.Size}");
        var sum = options.Mix.Percent.Values.Sum();
        if (sum != 100 || options.Mix.Percent.Values.Any(p => p < 0))
            diagnostics.Error("--mix", DiagnosticCodes.InvalidSampleRequest, $"--mix percentages sum to {sum}, not 100");
        if (options.Format == DumpFormat.Sql)
            diagnostics.Error("--format", DiagnosticCodes.InvalidSampleRequest, "a sample is written as csv or parquet files (or into a database with --target), not as a SQL script");
        if (string.IsNullOrWhiteSpace(options.Output)) diagnostics.Error("--out", DiagnosticCodes.InvalidSampleRequest, "--out must name a directory");
    }

    private static void CreateOutputDirectory(string output)
    {
        if (File.Exists(output)) throw new ObscuraConfigException($"--out {output} is a file: the sample's reports (and files) go into a directory");
        try
        {
            Directory.CreateDirectory(output);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ObscuraConfigException($"cannot create the output directory {Path.GetFullPath(output)}: {ex.Message}");
        }
    }

    /// <summary>The sampled table and every table its rows reference, transitively (foreign keys and same-database relations), in catalog order.</summary>
    internal static List<Table> WithAncestors(Catalog catalog, Table table, IReadOnlyList<RelationRule> relations)
    {
        var seen = new HashSet<Table> { table };
        var queue = new Queue<Table>([table]);
        while (queue.TryDequeue(out var t))
        {
            var parents = t.ForeignKeys.Select(fk => catalog.FindTable(fk.ReferencedTable))
                .Concat(relations.Where(r => !r.CrossesDatabases && catalog.FindTable(r.Table) == t).Select(r => catalog.FindTable(r.ReferencedTable)));
            foreach (var p in parents.OfType<Table>())
            {
                if (seen.Add(p)) queue.Enqueue(p);
            }
        }
        return catalog.Tables.Where(seen.Contains).ToList();
    }
}

/// <summary>The outcome of a sample: the report and, when writing the sample failed, why.</summary>
public sealed record SampleResult(SampleReport Report, Exception? Failure)
{
    /// <summary>True when the sample and its closure were written.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>The JSON and HTML reports written.</summary>
    public IReadOnlyList<string> ReportFiles { get; init; } = [];
}
