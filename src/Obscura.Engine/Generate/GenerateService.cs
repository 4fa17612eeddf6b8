using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Engine.Copy;
using Obscura.Engine.Generate.Internal;

namespace Obscura.Engine.Generate;

/// <summary>
/// <c>obscura generate</c>: fills a target with synthetic rows for a <see cref="GenerationSchema"/>. Every value is a
/// pure function of the seed, the table, the column and the row number, so a foreign key computes its parent's key
/// instead of reading it, tables load in parallel in any order, and the same seed gives the same rows. Tables are built
/// as <c>copy</c> builds them (the same DDL, keys and indexes after the load, foreign keys last) and verified (row
/// counts, every foreign key); a failed or cancelled run drops the tables it created.
/// </summary>
public sealed class GenerateService
{
    private readonly ObscuraRuntime _runtime;

    /// <summary>Creates the service.</summary>
    public GenerateService(ObscuraRuntime runtime) => _runtime = runtime;

    /// <summary>Runs the generation. Problems found before anything is written are thrown; later failures are in the result.</summary>
    /// <exception cref="ObscuraConfigException">Bad options or specs, unknown tables, unsatisfiable constraints, target tables with rows.</exception>
    /// <exception cref="ObscuraDatabaseException">The target cannot be reached.</exception>
    public async Task<GenerateResult> RunAsync(GenerateOptions options, ICopyProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= NullCopyProgress.Instance;
        var startedAt = _runtime.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        await using var target = _runtime.Connect(options.Target);

        var prepared = await PrepareAsync(options, target, progress, cancellationToken).ConfigureAwait(false);
        var warnings = new ConcurrentQueue<string>(prepared.Warnings);
        var results = new ConcurrentDictionary<TableName, TableSummary>();
        var created = new ConcurrentBag<TableName>();
        Exception? failure = null;
        try
        {
            var ddl = await TargetTables.CreateAsync(target, prepared.Mappings.Select(m => (m.Source.Name, m.Target)).ToList(),
                options.Schema.Catalog.Provider, prepared.Existing, created, warnings, progress, cancellationToken).ConfigureAwait(false);
            await LoadAsync(options, prepared, target, results, progress, cancellationToken).ConfigureAwait(false);
            await TargetTables.BuildConstraintsAsync(target, ddl, name => prepared.RowsByTarget[name], options.Jobs, progress, cancellationToken).ConfigureAwait(false);
            await VerifyAsync(prepared, target, results, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = await TargetTables.FailAsync(ex, target, created, warnings, progress, cancellationToken).ConfigureAwait(false);
        }

        var tables = prepared.Mappings.Select(m => results.TryGetValue(m.Target.Name, out var s) ? s : new TableSummary
        {
            Source = m.Source.Name.ToString(),
            Target = m.Target.Name.ToString(),
            Status = "not_generated",
        }).Select(s => failure is null ? s : s with { Status = s.Status == "generated" ? "dropped" : s.Status }).ToList();
        var summary = new GenerateSummary
        {
            Source = options.SchemaSource,
            Target = options.Target.ToString(),
            Status = failure is null ? "succeeded" : failure is OperationCanceledException ? "cancelled" : "failed",
            Seed = options.Seed,
            Locale = options.Locale,
            StartedAt = startedAt,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Rows = failure is null ? tables.Sum(t => t.Rows) : 0,
            Tables = tables,
            Warnings = warnings.ToList(),
            Error = failure is null ? null : CopyService.UserMessage(failure),
        };
        return new GenerateResult(summary, failure);
    }

    /// <summary>Everything decided before the first write.</summary>
    private sealed record Prepared(
        IReadOnlyList<TableMapping> Mappings, IReadOnlyDictionary<TableName, TablePlan> Plans, IReadOnlyDictionary<TableName, long> RowsByTarget,
        IReadOnlyList<TableName> Existing, IReadOnlyList<string> Warnings);

    private static async Task<Prepared> PrepareAsync(GenerateOptions options, DatabaseEndpoint target, ICopyProgress progress, CancellationToken ct)
    {
        progress.Phase("planning the rows");
        var diagnostics = new DiagnosticBag();
        if (options.Jobs < 1) diagnostics.Error("--jobs", DiagnosticCodes.GenerateInvalidOption, "--jobs must be at least 1");
        CheckLocale(options.Locale, diagnostics);
        diagnostics.ThrowIfErrors("the generation cannot start");

        var rows = RowCounts.Resolve(options.Schema, options, diagnostics);
        diagnostics.ThrowIfErrors("the generation cannot start");
        var plans = GenerationPlanner.Plan(options.Schema, rows, options.Seed, options.Locale, diagnostics);
        var catalog = options.Schema.Catalog;
        var tables = catalog.Tables.Where(t => rows.ContainsKey(t.Name)).ToList();
        var mappings = SchemaTranslator.Translate(tables, catalog, target.Dialect, diagnostics);
        diagnostics.ThrowIfErrors("the generation cannot start");

        progress.Phase($"checking target {target}");
        var existing = await TargetTables.CheckExistingAsync(target, mappings.Select(m => m.Target.Name), options.DropExisting, diagnostics, ct).ConfigureAwait(false);
        diagnostics.ThrowIfErrors("the generation cannot start");
        var warnings = diagnostics.Items.Where(d => d.Severity == Severity.Warning).Select(d => d.ToString()).ToList();
        return new Prepared(mappings, plans, mappings.ToDictionary(m => m.Target.Name, m => rows[m.Source.Name]), existing, warnings);
    }

    private static void CheckLocale(string locale, DiagnosticBag diagnostics)
    {
        var binding = new StrategyBinding
        {
            Table = new TableName(null, "generate"),
            Column = new Column { Name = "locale", DeclaredType = "text", TypeClass = TypeClass.Text },
            Arguments = new StrategyArguments(new Dictionary<string, object?> { ["kind"] = "first_name", ["locale"] = locale }),
        };
        var bag = new DiagnosticBag();
        new FakerStrategy().Validate(binding, "--locale", bag);
        foreach (var d in bag.Items.Where(d => d.Severity == Severity.Error))
            diagnostics.Error("--locale", DiagnosticCodes.GenerateInvalidOption, "--locale: " + d.Message);
    }

    private static async Task LoadAsync(
        GenerateOptions options, Prepared prepared, DatabaseEndpoint target, ConcurrentDictionary<TableName, TableSummary> results,
        ICopyProgress progress, CancellationToken ct)
    {
        progress.Phase("generating rows");
        var parallelism = Math.Max(1, Math.Min(options.Jobs, target.Provider.MaxConcurrentWriters));
        // Largest tables first: the long pole starts at once and small tables fill the gaps. No order is needed between
        // parent and child: a child computes its parent's key, and foreign keys are added after every table is loaded.
        var order = prepared.Mappings.OrderByDescending(m => prepared.RowsByTarget[m.Target.Name]).ToList();
        var writer = target.Provider.CreateBulkWriter();
        await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (m, token) =>
        {
            var plan = prepared.Plans[m.Source.Name];
            progress.TableStarted(m.Target.Name, plan.Rows);
            var watch = Stopwatch.StartNew();
            try
            {
                await using var conn = await target.OpenAsync(token).ConfigureAwait(false);
                await target.Provider.PrepareForLoadAsync(conn, token).ConfigureAwait(false);
                var generator = new TableGenerator(plan, new GeneratorScope(prepared.Plans));
                await using var reader = new GeneratedRowReader(m.Target.Columns, generator, plan.Rows, token);
                var name = m.Target.Name;
                var written = await writer.WriteAsync(conn, m.Target, reader, n => progress.RowsCopied(name, n), token).ConfigureAwait(false);
                var seconds = watch.Elapsed.TotalSeconds;
                results[m.Target.Name] = new TableSummary
                {
                    Source = m.Source.Name.ToString(),
                    Target = m.Target.Name.ToString(),
                    Status = "generated",
                    Rows = written,
                    Seconds = Math.Round(seconds, 3),
                    RowsPerSecond = seconds > 0 ? Math.Round(written / seconds) : written,
                };
                progress.TableFinished(m.Target.Name, written, watch.Elapsed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !token.IsCancellationRequested)
            {
                progress.TableFailed(m.Target.Name, CopyService.UserMessage(ex));
                results[m.Target.Name] = new TableSummary { Source = m.Source.Name.ToString(), Target = m.Target.Name.ToString(), Status = "failed" };
                var message = ex is System.Data.Common.DbException db ? target.Provider.DescribeError(db) ?? db.Message : CopyService.UserMessage(ex);
                throw new ObscuraDatabaseException($"generating {m.Target.Name} failed: {message}", ex);
            }
        }).ConfigureAwait(false);
    }

    private static async Task VerifyAsync(
        Prepared prepared, DatabaseEndpoint target, ConcurrentDictionary<TableName, TableSummary> results, ICopyProgress progress, CancellationToken ct)
    {
        progress.Phase("verifying row counts");
        await using var conn = await target.OpenAsync(ct).ConfigureAwait(false);
        var problems = new List<string>();
        foreach (var m in prepared.Mappings)
        {
            var count = await target.CountRowsAsync(conn, m.Target.Name, ct).ConfigureAwait(false);
            var wanted = prepared.RowsByTarget[m.Target.Name];
            if (count != wanted || results[m.Target.Name].Rows != wanted)
                problems.Add($"{m.Target.Name}: {wanted} rows were asked for but the target holds {count}");
        }
        if (problems.Count > 0) throw new ObscuraValidationException("row counts differ after the generation: " + string.Join("; ", problems));
        await TargetTables.VerifyForeignKeysAsync(conn, target, prepared.Mappings.Select(m => m.Target), "generation", progress, ct).ConfigureAwait(false);
    }
}
