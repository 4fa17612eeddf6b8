using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Engine.Subset;
using Obscura.Engine.Uniqueness;
using Obscura.Engine.Validation;

namespace Obscura.Engine.Copy;

/// <summary>
/// <c>obscura copy</c>: read → transform → bulk write, tables in parallel, constraints after data, row counts verified.
/// Every problem that can be known before writing (config, names, types, non-empty targets) is reported first and
/// nothing is written; a run that fails later drops every table it created, so the target is never left half-copied.
/// </summary>
public sealed class CopyService
{
    private readonly ObscuraRuntime _runtime;

    /// <summary>Creates the service.</summary>
    public CopyService(ObscuraRuntime runtime) => _runtime = runtime;

    /// <summary>Runs the copy. Problems found before anything is written are thrown; later failures are in the result.</summary>
    /// <exception cref="ObscuraConfigException">Bad config, unknown tables, or target tables with rows (without DropExisting).</exception>
    /// <exception cref="ObscuraDatabaseException">A database cannot be reached.</exception>
    public async Task<CopyResult> RunAsync(CopyOptions options, ICopyProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= NullCopyProgress.Instance;
        var startedAt = _runtime.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        await using var source = _runtime.Connect(options.Source);
        await using var target = _runtime.Connect(options.Target);

        var prepared = await PrepareAsync(options, source, target, progress, cancellationToken).ConfigureAwait(false);
        var warnings = new ConcurrentQueue<string>(prepared.Warnings);
        var results = new ConcurrentDictionary<TableName, TableSummary>();
        var created = new ConcurrentBag<TableName>();
        var objects = new List<ObjectSummary>();
        Exception? failure = null;
        try
        {
            var ddl = await CreateTablesAsync(prepared, target, created, warnings, progress, cancellationToken).ConfigureAwait(false);
            await LoadAsync(options, prepared, source, target, results, progress, cancellationToken).ConfigureAwait(false);
            await BuildConstraintsAsync(options, prepared, target, ddl, progress, cancellationToken).ConfigureAwait(false);
            objects.AddRange(await RecreateObjectsAsync(prepared, target, progress, cancellationToken).ConfigureAwait(false));
            await VerifyAsync(prepared, target, results, progress, cancellationToken).ConfigureAwait(false);
            foreach (var column in prepared.Columns.Values) await column.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = await TargetTables.FailAsync(ex, target, created, warnings, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var column in prepared.Columns.Values) await column.DisposeAsync().ConfigureAwait(false);
            if (prepared.Subset is { } subset)
            {
                await subset.DisposeAsync().ConfigureAwait(false);
                if (subset.DropWarning is { } w) warnings.Enqueue(w);
            }
        }

        var tables = prepared.Mappings.Select(m => results.TryGetValue(m.Target.Name, out var s) ? s : new TableSummary
        {
            Source = m.Source.Name.ToString(),
            Target = m.Target.Name.ToString(),
            Status = failure is null ? "copied" : "not_copied",
            Transformed = Describe(prepared.Plan.For(m.Source.Name)),
        }).Select(s => failure is null ? s : s with { Status = s.Status == "copied" ? "dropped" : s.Status }).ToList();
        var summary = new CopySummary
        {
            Source = options.Source.ToString(),
            Target = options.Target.ToString(),
            Status = failure is null ? "succeeded" : failure is OperationCanceledException ? "cancelled" : "failed",
            StartedAt = startedAt,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Rows = failure is null ? tables.Sum(t => t.Rows) : 0,
            Tables = tables,
            Warnings = warnings.ToList(),
            Objects = objects,
            Error = failure is null ? null : UserMessage(failure),
            Subset = prepared.Subset?.Summary,
        };
        return new CopyResult(summary, failure)
        {
            RowsBySource = prepared.Mappings.ToDictionary(m => m.Source.Name, m => results.TryGetValue(m.Target.Name, out var s) ? s.Rows : 0),
        };
    }

    /// <summary>Everything decided before the first write.</summary>
    private sealed record Prepared(
        Catalog Catalog, TransformPlan Plan, IReadOnlyList<TableMapping> Mappings, IReadOnlyList<TableName> ExistingTargets, IReadOnlyList<string> Warnings,
        IReadOnlyDictionary<StrategyBinding, IPreparedColumn> Columns, SubsetResult? Subset);

    private async Task<Prepared> PrepareAsync(CopyOptions options, DatabaseEndpoint source, DatabaseEndpoint target, ICopyProgress progress, CancellationToken ct)
    {
        if (SameDatabase(options.Source, options.Target))
            throw new ObscuraConfigException($"source and target are the same database ({options.Source}): copy needs a different target");

        progress.Phase($"inspecting {source}");
        var catalog = await source.InspectAsync(ct).ConfigureAwait(false);

        var diagnostics = new DiagnosticBag();
        var tables = SelectTables(catalog, options.Tables, diagnostics);
        var strategies = _runtime.WithPlugins(options.Config.Plugins).Strategies;
        var plan = TransformPlanner.Plan(options.Config, catalog, strategies, options.Secret);
        diagnostics.AddRange(plan.Diagnostics);
        var mappings = SchemaTranslator.Translate(tables, catalog, target.Dialect, diagnostics);
        var filters = SubsetPlanner.Resolve(options.Config, options.Subset, catalog, tables, diagnostics);
        if (options.Subset.Depth is < 1 or > 100) diagnostics.Error("--depth", DiagnosticCodes.InvalidSubset, "--depth must be between 1 and 100");
        diagnostics.ThrowIfErrors("the copy cannot start");
        await SubsetPlanner.ValidateAsync(source, filters, tables, options.Config.Relations, options.Subset.Seed, diagnostics, ct).ConfigureAwait(false);
        diagnostics.ThrowIfErrors("the copy cannot start");

        progress.Phase($"checking target {target}");
        var existing = await TargetTables.CheckExistingAsync(target, mappings.Select(m => m.Target.Name), options.DropExisting, diagnostics, ct).ConfigureAwait(false);
        diagnostics.ThrowIfErrors("the copy cannot start");
        var warnings = diagnostics.Items.Where(d => d.Severity == Severity.Warning).Select(d => d.ToString()).ToList();
        SubsetResult? subset = null;
        if (filters.Count > 0)
        {
            // Kept keys go to temporary tables of one source session (SQLite: a temporary file), never to the source or the target.
            progress.Phase($"computing the subset in {source}");
            subset = await SubsetPlanner.ComputeAsync(source, catalog, tables, options.Config.Relations, filters, options.Subset, ct).ConfigureAwait(false);
        }
        try
        {
            var columns = await PrepareColumnsAsync(plan, source, mappings, ct).ConfigureAwait(false);
            return new Prepared(catalog, plan, mappings, existing, warnings, columns, subset);
        }
        catch
        {
            if (subset is not null) await subset.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Prepares each distinct binding of a strategy that needs it (a key and its followers share one).</summary>
    private static Task<Dictionary<StrategyBinding, IPreparedColumn>> PrepareColumnsAsync(
        TransformPlan plan, DatabaseEndpoint source, IReadOnlyList<TableMapping> mappings, CancellationToken ct) =>
        PrepareColumnsAsync(plan, source, mappings.Select(m => m.Source.Name), ct);

    /// <summary>Prepares each distinct binding of the given tables' transforms that needs it (also used by in-place runs).</summary>
    internal static async Task<Dictionary<StrategyBinding, IPreparedColumn>> PrepareColumnsAsync(
        TransformPlan plan, DatabaseEndpoint source, IEnumerable<TableName> tables, CancellationToken ct)
    {
        var prepared = new Dictionary<StrategyBinding, IPreparedColumn>();
        try
        {
            foreach (var transform in tables.SelectMany(plan.For))
            {
                if (transform.Definition is not IColumnPreparation preparation || prepared.ContainsKey(transform.Binding)) continue;
                var column = new SourceColumn(source, transform.Binding.Table, transform.Binding.Column);
                prepared[transform.Binding] = await preparation.PrepareAsync(transform.Binding, column, ct).ConfigureAwait(false);
            }
            return prepared;
        }
        catch
        {
            // A later preparation failed: release the stores the earlier ones opened.
            foreach (var column in prepared.Values) await column.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static List<Table> SelectTables(Catalog catalog, IReadOnlyList<string> names, DiagnosticBag diagnostics) =>
        TableSelection.Select(catalog, names, diagnostics);

    private static Task<Dictionary<TableName, TableDdl>> CreateTablesAsync(
        Prepared prepared, DatabaseEndpoint target, ConcurrentBag<TableName> created,
        ConcurrentQueue<string> warnings, ICopyProgress progress, CancellationToken ct) =>
        TargetTables.CreateAsync(target, prepared.Mappings.Select(m => (m.Source.Name, m.Target)).ToList(), prepared.Catalog.Provider,
            prepared.ExistingTargets, created, warnings, progress, ct);

    private static async Task LoadAsync(
        CopyOptions options, Prepared prepared, DatabaseEndpoint source, DatabaseEndpoint target,
        ConcurrentDictionary<TableName, TableSummary> results, ICopyProgress progress, CancellationToken ct)
    {
        progress.Phase("loading rows");
        var parallelism = Math.Max(1, Math.Min(options.Jobs, target.Provider.MaxConcurrentWriters));
        // Largest tables first: the long pole starts at once and small tables fill the gaps.
        var order = prepared.Mappings.OrderByDescending(m => prepared.Subset?.Rows(m.Source.Name) ?? m.Source.RowEstimate).ToList();
        progress.LoadPlanned(order.Count, order.Sum(m => Math.Max(0, prepared.Subset?.Rows(m.Source.Name) ?? m.Source.RowEstimate)));
        var writer = target.Provider.CreateBulkWriter();
        // One moment for every table: readers join a snapshot the holder exports and keeps open until all are done.
        // A subset's computing connection already holds one (its kept keys are of that moment).
        var snapshot = prepared.Subset?.Snapshot;
        await using var holder = snapshot is null ? await source.OpenAsync(ct).ConfigureAwait(false) : null;
        if (holder is not null) snapshot = await source.Provider.ExportSnapshotAsync(holder, ct).ConfigureAwait(false);
        await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (m, token) =>
        {
            var transforms = prepared.Plan.For(m.Source.Name);
            var filter = prepared.Subset?.Filter(m.Source.Name);
            progress.TableStarted(m.Target.Name, prepared.Subset?.Rows(m.Source.Name) ?? m.Source.RowEstimate);
            var watch = Stopwatch.StartNew();
            // A restricted table whose kept keys are temporary tables is read on the connection that holds them, one at a time.
            var shared = filter is not null ? prepared.Subset!.Connection : null;
            if (shared is not null) await prepared.Subset!.ReadLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                await using var own = shared is null ? await source.OpenAsync(token).ConfigureAwait(false) : null;
                var sconn = shared ?? own!;
                if (own is not null && snapshot is not null) await source.Provider.UseSnapshotAsync(sconn, snapshot, token).ConfigureAwait(false);
                if (own is not null && filter is not null) await prepared.Subset!.AttachAsync(sconn, token).ConfigureAwait(false);
                await using var tconn = await target.OpenAsync(token).ConfigureAwait(false);
                await target.Provider.PrepareForLoadAsync(tconn, token).ConfigureAwait(false);
                // Same engine on both sides: read raw tuples where the provider can, so untouched columns pass as bytes.
                // A subset reads only the kept rows: the filter joins the key table of the kept rows.
                var inner = (source.Provider.Name == target.Provider.Name ? await source.Provider.ReadRawAsync(sconn, m.Source, filter, token).ConfigureAwait(false) : null)
                    ?? await source.Provider.ReadAsync(sconn, source.Dialect.SelectColumns(m.Source.Name, m.Source.Columns, filter), token).ConfigureAwait(false);
                using var guards = UniqueGuards.Create(m.Source, transforms, options.UniqueMemoryBytes);
                await using var reader = new TransformingDataReader(inner, m.Source.Columns, CreateTransformers(m.Source, transforms, prepared.Columns), guards);
                var name = m.Target.Name;
                var rows = await writer.WriteAsync(tconn, m.Target, reader, n => progress.RowsCopied(name, n), token).ConfigureAwait(false);
                var seconds = watch.Elapsed.TotalSeconds;
                results[m.Target.Name] = new TableSummary
                {
                    Source = m.Source.Name.ToString(),
                    Target = m.Target.Name.ToString(),
                    Status = "copied",
                    Rows = rows,
                    Seconds = Math.Round(seconds, 3),
                    RowsPerSecond = seconds > 0 ? Math.Round(rows / seconds) : rows,
                    Transformed = Describe(transforms),
                    CollisionsResolved = guards.Resolved,
                };
                progress.TableFinished(m.Target.Name, rows, watch.Elapsed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !token.IsCancellationRequested)
            {
                progress.TableFailed(m.Target.Name, UserMessage(ex));
                results[m.Target.Name] = new TableSummary
                {
                    Source = m.Source.Name.ToString(), Target = m.Target.Name.ToString(), Status = "failed", Transformed = Describe(transforms),
                };
                throw new ObscuraDatabaseException($"copying {m.Source.Name} into {m.Target.Name} failed: {UserMessage(ex)}", ex);
            }
            finally
            {
                if (shared is not null) prepared.Subset!.ReadLock.Release();
            }
        }).ConfigureAwait(false);
    }

    internal static IColumnTransformer?[] CreateTransformers(Table table, IReadOnlyList<ColumnTransform> transforms, IReadOnlyDictionary<StrategyBinding, IPreparedColumn> prepared)
    {
        var result = new IColumnTransformer?[table.Columns.Count];
        foreach (var t in transforms)
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (table.Columns[i].Name != t.Column) continue;
                result[i] = prepared.TryGetValue(t.Binding, out var column) ? column.CreateTransformer() : t.CreateTransformer();
            }
        }
        return result;
    }

    private static Task BuildConstraintsAsync(
        CopyOptions options, Prepared prepared, DatabaseEndpoint target, Dictionary<TableName, TableDdl> ddl, ICopyProgress progress, CancellationToken ct) =>
        TargetTables.BuildConstraintsAsync(target, ddl, name => prepared.Mappings.First(m => m.Target.Name == name).Source.RowEstimate, options.Jobs, progress, ct);

    private static Task<List<ObjectSummary>> RecreateObjectsAsync(Prepared prepared, DatabaseEndpoint target, ICopyProgress progress, CancellationToken ct) =>
        RecreateObjectsAsync(prepared.Catalog, prepared.Mappings, target, progress, ct);

    /// <summary>Routines, views and triggers of the copied tables, within one dialect (also the finish of a partitioned copy).</summary>
    internal static async Task<List<ObjectSummary>> RecreateObjectsAsync(
        Catalog catalog, IReadOnlyList<TableMapping> mappings, DatabaseEndpoint target, ICopyProgress progress, CancellationToken ct)
    {
        var copied = mappings.Select(m => m.Source.Name).ToHashSet();
        // Objects of tables not copied stay behind; routines and views are only meaningful within one dialect.
        var objects = catalog.Routines
            .Concat(catalog.Views)
            .Concat(catalog.Triggers.Where(t => t.Table is null || copied.Contains(t.Table.Value)))
            .ToList();
        var result = new List<ObjectSummary>();
        if (objects.Count == 0) return result;
        if (catalog.Provider != target.Provider.Name)
        {
            foreach (var o in objects)
            {
                result.Add(new ObjectSummary(o.Name.ToString(), o.Kind, "skipped",
                    $"{o.Kind}s are {catalog.Provider} SQL and are not translated to {target.Provider.Name}"));
            }
            return result;
        }

        progress.Phase("recreating routines, views and triggers");
        await using var conn = await target.OpenAsync(ct).ConfigureAwait(false);
        // Views may depend on views and routines: retry the failures until a round makes no progress.
        var pending = objects.Where(o => !string.IsNullOrWhiteSpace(o.Definition)).ToList();
        foreach (var o in objects.Where(o => string.IsNullOrWhiteSpace(o.Definition)))
            result.Add(new ObjectSummary(o.Name.ToString(), o.Kind, "skipped", "the source does not expose its definition"));
        var errors = new Dictionary<DatabaseObject, string>();
        while (pending.Count > 0)
        {
            var failed = new List<DatabaseObject>();
            foreach (var o in pending)
            {
                try
                {
                    await DatabaseEndpoint.ExecuteAsync(conn, o.Definition!, ct).ConfigureAwait(false);
                    result.Add(new ObjectSummary(o.Name.ToString(), o.Kind, "recreated", null));
                }
                catch (System.Data.Common.DbException ex)
                {
                    errors[o] = target.Provider.DescribeError(ex) ?? ex.Message;
                    failed.Add(o);
                }
            }
            if (failed.Count == pending.Count)
            {
                foreach (var o in failed) result.Add(new ObjectSummary(o.Name.ToString(), o.Kind, "failed", errors[o]));
                break;
            }
            pending = failed;
        }
        return result;
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
            var written = results[m.Target.Name].Rows;
            if (count != written) problems.Add($"{m.Target.Name}: wrote {written} rows but the target holds {count}");
            // A subset must arrive exactly as computed in the source, not as the source table's count.
            if (prepared.Subset?.Rows(m.Source.Name) is { } kept && kept != written)
                problems.Add($"{m.Target.Name}: the subset kept {kept} rows of {m.Source.Name} but {written} were copied");
        }
        if (problems.Count > 0) throw new ObscuraValidationException("row counts differ after the copy: " + string.Join("; ", problems));

        await TargetTables.VerifyForeignKeysAsync(conn, target, prepared.Mappings.Select(m => m.Target), "copy", progress, ct).ConfigureAwait(false);
    }

    private static List<TransformedColumnSummary> Describe(IReadOnlyList<ColumnTransform> transforms) =>
        transforms.Select(t => new TransformedColumnSummary(t.Column, t.Strategy, t.PropagatedFrom)).ToList();

    private static bool SameDatabase(DatabaseUri a, DatabaseUri b)
    {
        if (a.Scheme != b.Scheme) return false;
        if (a.Scheme == "sqlite") return string.Equals(Path.GetFullPath(a.Database), Path.GetFullPath(b.Database), StringComparison.Ordinal);
        return a.ToString() == b.ToString();
    }

    /// <summary>The message of the innermost Obscura or database exception: what a user needs, never values.</summary>
    internal static string UserMessage(Exception ex) => ex switch
    {
        OperationCanceledException => "cancelled",
        ObscuraException o when o.InnerException is ObscuraException inner => UserMessage(inner),
        _ => ex.Message,
    };
}

/// <summary>The outcome of a copy: the summary and, when it failed, why.</summary>
public sealed record CopyResult(CopySummary Summary, Exception? Failure)
{
    /// <summary>True when every table was copied and verified.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>Rows written per source table (for a subset: the rows the subset kept, which the copy verified).</summary>
    public IReadOnlyDictionary<TableName, long> RowsBySource { get; init; } = new Dictionary<TableName, long>();
}
