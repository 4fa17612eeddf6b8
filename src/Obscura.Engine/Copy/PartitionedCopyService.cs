using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Engine.Subset;
using Obscura.Engine.Uniqueness;

namespace Obscura.Engine.Copy;

/// <summary>
/// <c>copy</c> cut into pieces that separate processes run: <see cref="PrepareAsync"/> checks and creates the target
/// tables once and splits large tables into key ranges; <see cref="CopyPartitionAsync"/> copies one piece into its
/// existing table in one transaction (delete the range, then load it), so running a piece twice leaves the same rows;
/// <see cref="FinishAsync"/> builds keys, indexes and foreign keys and verifies counts once every piece is done. The
/// reading, transforming and bulk writing are <see cref="CopyService"/>'s; each step works the plan out again from the
/// source's catalog and the options, so a piece needs nothing from the process that prepared it.
/// </summary>
public sealed class PartitionedCopyService
{
    private readonly ObscuraRuntime _runtime;
    private readonly bool _reuseInspection;
    private readonly Lock _resolving = new();
    private Task<(Catalog Catalog, TransformPlan Plan, List<TableMapping> Mappings)>? _resolved;

    /// <summary>Creates the service; every call inspects the source and binds the plan again.</summary>
    public PartitionedCopyService(ObscuraRuntime runtime)
        : this(runtime, reuseInspection: false)
    {
    }

    /// <summary>
    /// Creates the service. With <paramref name="reuseInspection"/>, the first call on this instance inspects the source
    /// and binds the plan, and every later call (pieces of the same copy run by this process) reuses them: inspecting a
    /// catalog costs a round of catalog queries per piece, more the more tables the source has. Such an instance
    /// serves one copy, whose options do not change between calls.
    /// </summary>
    public PartitionedCopyService(ObscuraRuntime runtime, bool reuseInspection)
    {
        _runtime = runtime;
        _reuseInspection = reuseInspection;
    }

    /// <summary>
    /// Why this copy cannot be cut into pieces (null when it can): the target must be able to write a piece in one
    /// transaction serialized per piece (PostgreSQL), and the copy must be neither a subset (its kept keys live in one
    /// source session) nor use a strategy that prepares state from the whole column first. With
    /// <paramref name="partitionRows"/> above 0, a copy whose tables are all known to be smaller runs in one piece too.
    /// </summary>
    public async Task<string?> WhyNotPartitionableAsync(CopyOptions options, long partitionRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Subset.Filters.Count > 0) return "a filtered (subset) copy runs in one piece";
        await using var target = _runtime.Connect(options.Target);
        if (!target.Dialect.HasTransactionalDdl || target.Dialect.TransactionLock("probe") is null)
            return $"a {target.Provider.Name} target is loaded in one piece";
        await using var source = _runtime.Connect(options.Source);
        var (catalog, plan, mappings) = await ResolveAsync(options, source, target, cancellationToken).ConfigureAwait(false);
        var diagnostics = new DiagnosticBag();
        if (SubsetPlanner.Resolve(options.Config, options.Subset, catalog, mappings.Select(m => m.Source).ToList(), diagnostics).Count > 0)
            return "a copy with where/sample in its config is a subset and runs in one piece";
        if (mappings.SelectMany(m => plan.For(m.Source.Name)).Any(t => t.Definition is IColumnPreparation))
            return "a strategy that prepares state from a whole column runs in one piece";
        // Splitting pays only when a range job has rows to share out; known-small tables copy faster in one piece.
        if (partitionRows > 0 && mappings.All(m => m.Source.RowEstimate >= 0 && m.Source.RowEstimate < partitionRows))
            return $"no table has {partitionRows} rows or more to split";
        return null;
    }

    /// <summary>
    /// Checks everything a copy checks before writing, creates the target tables (without secondary constraints) and
    /// splits every table of at least <paramref name="partitionRows"/> rows with a single-column integer primary key
    /// into ranges of about that many rows. Other tables are one piece each.
    /// </summary>
    /// <exception cref="ObscuraConfigException">Bad config, unknown tables, target tables with rows (without DropExisting).</exception>
    public async Task<PartitionedCopyPlan> PrepareAsync(CopyOptions options, long partitionRows, ICopyProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionRows, 1);
        progress ??= NullCopyProgress.Instance;
        var startedAt = _runtime.Clock.GetUtcNow();
        await using var source = _runtime.Connect(options.Source);
        await using var target = _runtime.Connect(options.Target);
        progress.Phase($"inspecting {source}");
        var (catalog, _, mappings) = await ResolveAsync(options, source, target, cancellationToken).ConfigureAwait(false);
        var diagnostics = new DiagnosticBag();
        progress.Phase($"checking target {target}");
        var existing = await TargetTables.CheckExistingAsync(target, mappings.Select(m => m.Target.Name), options.DropExisting, diagnostics, cancellationToken).ConfigureAwait(false);
        diagnostics.ThrowIfErrors("the copy cannot start");

        var partitions = new List<CopyPartition>();
        await using (var conn = await source.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            progress.Phase("splitting large tables into key ranges");
            foreach (var m in mappings) partitions.AddRange(await SplitAsync(source, conn, m.Source, partitionRows, cancellationToken).ConfigureAwait(false));
        }
        var warnings = new ConcurrentQueue<string>(diagnostics.Items.Where(d => d.Severity == Severity.Warning).Select(d => d.ToString()));
        var created = new ConcurrentBag<TableName>();
        try
        {
            await TargetTables.CreateAsync(target, mappings.Select(m => (m.Source.Name, m.Target)).ToList(), catalog.Provider, existing, created, warnings, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw await TargetTables.FailAsync(ex, target, created, warnings, progress, cancellationToken).ConfigureAwait(false);
        }
        return new PartitionedCopyPlan
        {
            Partitions = partitions.OrderByDescending(p => TableRows(partitions, p)).ThenBy(p => p.Schema).ThenBy(p => p.Table).ThenBy(p => p.Index).ToList(),
            Warnings = warnings.ToList(),
            StartedAt = startedAt,
        };
    }

    /// <summary>
    /// Copies one piece into its existing target table in one transaction: waits for any other writer of the same
    /// piece, deletes the piece's rows (unless <see cref="PartitionAttempt.First"/>), loads them again, and commits only
    /// when <see cref="PartitionAttempt.BeforeCommit"/> (if given) still agrees — the caller's check that this attempt
    /// still owns the piece. Returns the rows written, or -1 when the attempt was rolled back.
    /// </summary>
    public async Task<long> CopyPartitionAsync(CopyOptions options, CopyPartition partition, PartitionAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(attempt);
        var progress = attempt.Progress ?? NullCopyProgress.Instance;
        var beforeCommit = attempt.BeforeCommit;
        progress.Phase("inspecting the source");
        await using var source = _runtime.Connect(options.Source);
        await using var target = _runtime.Connect(options.Target);
        var (_, plan, mappings) = await ResolveAsync(options, source, target, cancellationToken).ConfigureAwait(false);
        var name = new TableName(partition.Schema, partition.Table);
        var m = mappings.FirstOrDefault(x => x.Source.Name == name)
            ?? throw new ObscuraConfigException($"table {name} is no longer in the source or no longer selected");
        var transforms = plan.For(m.Source.Name);

        progress.Phase("opening connections");
        await using var sconn = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tconn = await target.OpenAsync(cancellationToken).ConfigureAwait(false);
        await target.Provider.PrepareForLoadAsync(tconn, cancellationToken).ConfigureAwait(false);
        await using var tx = await tconn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var lockSql = target.Dialect.TransactionLock($"obscura-partition:{m.Target.Name}:{partition.Index}/{partition.Count}");
        progress.Phase("waiting for the piece's lock");
        if (lockSql is not null) await ExecuteAsync(tconn, tx, lockSql, cancellationToken).ConfigureAwait(false);
        var targetKey = partition.KeyColumn is null ? null : m.Target.Columns[IndexOf(m.Source, partition.KeyColumn)].Name;
        if (!attempt.First)
        {
            // An earlier attempt may have committed this range before it died: rewrite it, never add to it.
            progress.Phase("deleting the range");
            await ExecuteAsync(tconn, tx, targetKey is null
                ? $"DELETE FROM {target.Dialect.Qualify(m.Target.Name)}"
                : $"DELETE FROM {target.Dialect.Qualify(m.Target.Name)} WHERE {Range(target.Dialect, targetKey, partition)}", cancellationToken).ConfigureAwait(false);
        }

        progress.Phase("loading rows");
        var where = partition.KeyColumn is null ? null : Range(source.Dialect, partition.KeyColumn, partition);
        var inner = (source.Provider.Name == target.Provider.Name ? await source.Provider.ReadRawAsync(sconn, m.Source, where, cancellationToken).ConfigureAwait(false) : null)
            ?? await source.Provider.ReadAsync(sconn, source.Dialect.SelectColumns(m.Source.Name, m.Source.Columns, where), cancellationToken).ConfigureAwait(false);
        using var guards = UniqueGuards.Create(m.Source, transforms, options.UniqueMemoryBytes);
        long rows;
        await using (var reader = new TransformingDataReader(inner, m.Source.Columns, CopyService.CreateTransformers(m.Source, transforms, new Dictionary<StrategyBinding, IPreparedColumn>()), guards))
        {
            try
            {
                rows = await target.Provider.CreateBulkWriter().WriteAsync(tconn, m.Target, reader, attempt.RowsCopied, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ObscuraDatabaseException($"copying {m.Source.Name} (piece {partition.Index + 1} of {partition.Count}) into {m.Target.Name} failed: {CopyService.UserMessage(ex)}", ex);
            }
        }
        progress.Phase("checking ownership");
        if (beforeCommit is not null && !await beforeCommit(rows, cancellationToken).ConfigureAwait(false))
        {
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            return -1;
        }
        progress.Phase("committing");
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <summary>
    /// After every piece is done: keys, unique constraints, indexes, foreign keys and identity resets; routines, views
    /// and triggers; then the target's row counts against <paramref name="rowsByTable"/> (source table name → rows the
    /// pieces wrote) and every foreign key. A failure here drops the tables (see <see cref="AbortAsync"/>) and is in the result.
    /// </summary>
    public async Task<CopyResult> FinishAsync(
        CopyOptions options, PartitionedCopyPlan plan, IReadOnlyDictionary<string, long> rowsByTable, ICopyProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(rowsByTable);
        progress ??= NullCopyProgress.Instance;
        var clock = Stopwatch.StartNew();
        await using var source = _runtime.Connect(options.Source);
        await using var target = _runtime.Connect(options.Target);
        progress.Phase("inspecting the source");
        var (catalog, transformPlan, mappings) = await ResolveAsync(options, source, target, cancellationToken).ConfigureAwait(false);
        var warnings = new ConcurrentQueue<string>(plan.Warnings);
        var objects = new List<ObjectSummary>();
        Exception? failure = null;
        long Rows(TableMapping m) => rowsByTable.TryGetValue(m.Source.Name.ToString(), out var n) ? n : 0;
        try
        {
            var sameProvider = catalog.Provider == target.Provider.Name;
            var ddl = mappings.ToDictionary(m => m.Target.Name, m => target.Dialect.BuildTableDdl(m.Target, sameProvider, new List<string>()));
            await TargetTables.BuildConstraintsAsync(target, ddl, n => Rows(mappings.First(m => m.Target.Name == n)), options.Jobs, progress, cancellationToken).ConfigureAwait(false);
            objects.AddRange(await CopyService.RecreateObjectsAsync(catalog, mappings, target, progress, cancellationToken).ConfigureAwait(false));
            progress.Phase("verifying row counts");
            await using var conn = await target.OpenAsync(cancellationToken).ConfigureAwait(false);
            var problems = new List<string>();
            foreach (var m in mappings)
            {
                var count = await target.CountRowsAsync(conn, m.Target.Name, cancellationToken).ConfigureAwait(false);
                if (count != Rows(m)) problems.Add($"{m.Target.Name}: the pieces wrote {Rows(m)} rows but the target holds {count}");
            }
            if (problems.Count > 0) throw new ObscuraValidationException("row counts differ after the copy: " + string.Join("; ", problems));
            await TargetTables.VerifyForeignKeysAsync(conn, target, mappings.Select(m => m.Target), "copy", progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = RunFailure.From(ex, cancellationToken);
            await AbortAsync(options, warnings, cancellationToken).ConfigureAwait(false);
        }
        var elapsed = (_runtime.Clock.GetUtcNow() - plan.StartedAt).TotalSeconds;
        var tables = mappings.Select(m => new TableSummary
        {
            Source = m.Source.Name.ToString(),
            Target = m.Target.Name.ToString(),
            Status = failure is null ? "copied" : "dropped",
            Rows = Rows(m),
            Transformed = transformPlan.For(m.Source.Name).Select(t => new TransformedColumnSummary(t.Column, t.Strategy, t.PropagatedFrom)).ToList(),
        }).ToList();
        var summary = new CopySummary
        {
            Source = options.Source.ToString(),
            Target = options.Target.ToString(),
            Status = failure is null ? "succeeded" : failure is OperationCanceledException ? "cancelled" : "failed",
            StartedAt = plan.StartedAt,
            Seconds = Math.Round(Math.Max(elapsed, clock.Elapsed.TotalSeconds), 3),
            Rows = failure is null ? tables.Sum(t => t.Rows) : 0,
            Tables = tables,
            Warnings = warnings.ToList(),
            Objects = objects,
            Error = failure is null ? null : CopyService.UserMessage(failure),
        };
        return new CopyResult(summary, failure)
        {
            RowsBySource = mappings.ToDictionary(m => m.Source.Name, Rows),
        };
    }

    /// <summary>
    /// Removes the foreign keys, indexes, unique, check and primary key constraints an interrupted finish may have built
    /// on the copy's target tables (their rows stay), so <see cref="FinishAsync"/> can run again from the start.
    /// </summary>
    public async Task ResetFinishAsync(CopyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var source = _runtime.Connect(options.Source);
        await using var target = _runtime.Connect(options.Target);
        var (_, _, mappings) = await ResolveAsync(options, source, target, cancellationToken).ConfigureAwait(false);
        var names = mappings.Select(m => m.Target.Name).ToHashSet();
        await using var conn = await target.OpenAsync(cancellationToken).ConfigureAwait(false);
        var tables = (await target.Provider.InspectAsync(conn, cancellationToken).ConfigureAwait(false)).Tables.Where(t => names.Contains(t.Name)).ToList();
        var statements = new List<string>();
        // Foreign keys first: they depend on the keys they reference.
        foreach (var t in tables) statements.AddRange(t.ForeignKeys.Where(f => f.Name is not null).Select(f => target.Dialect.DropForeignKey(t.Name, f.Name!)));
        foreach (var t in tables)
        {
            statements.AddRange(t.Indexes.Select(i => target.Dialect.DropIndex(t.Name, i.Name)));
            statements.AddRange(t.UniqueKeys.Where(u => u.Name is not null).Select(u => target.Dialect.DropForeignKey(t.Name, u.Name!)));
            statements.AddRange(t.Checks.Where(c => c.Name is not null).Select(c => target.Dialect.DropForeignKey(t.Name, c.Name!)));
            if (t.PrimaryKey is { Name: { } pk }) statements.Add(target.Dialect.DropForeignKey(t.Name, pk));
        }
        foreach (var sql in statements) await DatabaseEndpoint.ExecuteAsync(conn, sql, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops every target table of the copy (after a failure or a cancellation); what cannot be dropped becomes a warning.</summary>
    public async Task AbortAsync(CopyOptions options, ConcurrentQueue<string> warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(warnings);
        await using var source = _runtime.Connect(options.Source);
        await using var target = _runtime.Connect(options.Target);
        List<TableMapping> mappings;
        try
        {
            (_, _, mappings) = await ResolveAsync(options, source, target, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObscuraException or DbException)
        {
            warnings.Enqueue($"could not work out which target tables to drop: {CopyService.UserMessage(ex)}");
            return;
        }
        await TargetTables.DropCreatedAsync(target, new ConcurrentBag<TableName>(mappings.Select(m => m.Target.Name)), warnings).ConfigureAwait(false);
    }

    /// <summary>The source catalog, the transform plan and the table mappings, exactly as <see cref="CopyService"/> works them out.</summary>
    private Task<(Catalog Catalog, TransformPlan Plan, List<TableMapping> Mappings)> ResolveAsync(
        CopyOptions options, DatabaseEndpoint source, DatabaseEndpoint target, CancellationToken ct)
    {
        if (!_reuseInspection) return ResolveOnceAsync(options, source, target, ct);
        lock (_resolving)
        {
            // A failed or cancelled inspection is not kept: the next call tries again.
            if (_resolved is null || _resolved.IsFaulted || _resolved.IsCanceled) _resolved = ResolveOnceAsync(options, source, target, ct);
            return _resolved;
        }
    }

    private async Task<(Catalog Catalog, TransformPlan Plan, List<TableMapping> Mappings)> ResolveOnceAsync(
        CopyOptions options, DatabaseEndpoint source, DatabaseEndpoint target, CancellationToken ct)
    {
        var catalog = await source.InspectAsync(ct).ConfigureAwait(false);
        var diagnostics = new DiagnosticBag();
        var tables = TableSelection.Select(catalog, options.Tables, diagnostics);
        var plan = TransformPlanner.Plan(options.Config, catalog, _runtime.WithPlugins(options.Config.Plugins).Strategies, options.Secret);
        diagnostics.AddRange(plan.Diagnostics);
        var mappings = SchemaTranslator.Translate(tables, catalog, target.Dialect, diagnostics);
        diagnostics.ThrowIfErrors("the copy cannot start");
        return (catalog, plan, mappings.ToList());
    }

    /// <summary>Key ranges of about <paramref name="partitionRows"/> rows over a single-column integer primary key; else the whole table.</summary>
    private static async Task<List<CopyPartition>> SplitAsync(DatabaseEndpoint source, DbConnection conn, Table table, long partitionRows, CancellationToken ct)
    {
        var whole = new CopyPartition { Schema = table.Name.Schema, Table = table.Name.Name, EstimatedRows = Math.Max(0, table.RowEstimate) };
        if (table.PrimaryKey is not { Columns.Count: 1 } pk) return [whole];
        var key = table.Columns.First(c => c.Name == pk.Columns[0]);
        if (key.TypeClass != TypeClass.Integer) return [whole];
        // An estimate decides whether counting is worth it; a fresh table may have none.
        if (table.RowEstimate >= 0 && table.RowEstimate < partitionRows / 2) return [whole];
        var q = source.Dialect.Quote(key.Name);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT MIN({q}), MAX({q}), COUNT(*) FROM {source.Dialect.Qualify(table.Name)}";
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false) || reader.IsDBNull(0)) return [whole with { EstimatedRows = 0 }];
        var min = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        var max = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        var rows = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
        var count = (int)Math.Clamp((rows + partitionRows - 1) / partitionRows, 1, 10_000);
        if (count == 1) return [whole with { EstimatedRows = rows }];
        // Equal key ranges: rows per piece are even when keys are dense (sequences, identities).
        var span = (decimal)max - min + 1;
        var step = (long)Math.Ceiling(span / count);
        var result = new List<CopyPartition>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(new CopyPartition
            {
                Schema = table.Name.Schema, Table = table.Name.Name, KeyColumn = key.Name, Index = i, Count = count,
                From = i == 0 ? null : min + i * step,
                To = i == count - 1 ? null : min + (i + 1) * step,
                EstimatedRows = rows / count + (i < rows % count ? 1 : 0),
            });
        }
        return result;
    }

    private static long TableRows(List<CopyPartition> all, CopyPartition p) =>
        all.Where(x => x.Schema == p.Schema && x.Table == p.Table).Sum(x => x.EstimatedRows);

    private static string Range(SqlDialect dialect, string column, CopyPartition p)
    {
        var q = dialect.Quote(column);
        var parts = new List<string>(2);
        if (p.From is { } from) parts.Add($"{q} >= {from.ToString(CultureInfo.InvariantCulture)}");
        if (p.To is { } to) parts.Add($"{q} < {to.ToString(CultureInfo.InvariantCulture)}");
        return parts.Count == 0 ? "1 = 1" : string.Join(" AND ", parts);
    }

    private static int IndexOf(Table table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++) if (table.Columns[i].Name == column) return i;
        throw new ObscuraConfigException($"column {column} is no longer in {table.Name}");
    }

    private static async Task ExecuteAsync(DbConnection conn, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
