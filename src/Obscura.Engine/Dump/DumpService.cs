using System.Data.Common;
using System.Diagnostics;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Engine.Copy;
using Obscura.Engine.Subset;
using Obscura.Engine.Uniqueness;

namespace Obscura.Engine.Dump;

/// <summary>
/// <c>obscura dump</c>: the copy pipeline's front half (inspect, select tables, plan transforms with the same config
/// and secret, translate the schema) feeding files instead of a database: one SQL script in a dialect's terms
/// (header, every CREATE TABLE, the data, then keys, indexes and foreign keys) or one CSV/Parquet file per table.
/// Rows stream table by table from one source snapshot through <see cref="TransformingDataReader"/>; nothing holds a
/// table in memory. Files get their names only when the whole dump succeeded.
/// </summary>
public sealed class DumpService
{
    private readonly ObscuraRuntime _runtime;

    /// <summary>Creates the service.</summary>
    public DumpService(ObscuraRuntime runtime) => _runtime = runtime;

    /// <summary>Runs the dump. Problems found before anything is written are thrown; later failures are in the result.</summary>
    /// <exception cref="ObscuraConfigException">Bad config, unknown tables or dialect, an output that cannot be written.</exception>
    /// <exception cref="ObscuraDatabaseException">The source cannot be reached.</exception>
    public async Task<DumpResult> RunAsync(DumpOptions options, ICopyProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= NullCopyProgress.Instance;
        var startedAt = _runtime.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var dialect = options.Format == DumpFormat.Sql && options.Dialect is not null ? ResolveDialect(options.Dialect) : null;
        if (options.Format != DumpFormat.Sql && options.Dialect is not null)
            throw new ObscuraConfigException($"--dialect applies to SQL dumps only, not to --format {options.Format.ToString().ToLowerInvariant()}");

        await using var source = _runtime.Connect(options.Source);
        dialect ??= source.Dialect;
        progress.Phase($"inspecting {source}");
        var catalog = await source.InspectAsync(cancellationToken).ConfigureAwait(false);

        var diagnostics = new DiagnosticBag();
        var tables = TableSelection.Select(catalog, options.Tables, diagnostics);
        var strategies = _runtime.WithPlugins(options.Config.Plugins).Strategies;
        var plan = TransformPlanner.Plan(options.Config, catalog, strategies, options.Secret);
        diagnostics.AddRange(plan.Diagnostics);
        var mappings = options.Format == DumpFormat.Sql
            ? SchemaTranslator.Translate(tables, catalog, dialect, diagnostics)
            : tables.Select(t => new TableMapping(t, t)).ToList();
        var filters = options.Subset.Filters.Count > 0 ? SubsetPlanner.Resolve(options.Config, options.Subset, catalog, tables, diagnostics) : [];
        diagnostics.ThrowIfErrors("the dump cannot start");
        await SubsetPlanner.ValidateAsync(source, filters, tables, options.Config.Relations, options.Subset.Seed, diagnostics, cancellationToken).ConfigureAwait(false);
        diagnostics.ThrowIfErrors("the dump cannot start");
        var warnings = diagnostics.Items.Where(d => d.Severity == Severity.Warning).Select(d => d.ToString()).ToList();
        var objects = catalog.Routines.Count + catalog.Views.Count + catalog.Triggers.Count;
        if (objects > 0) warnings.Add($"{objects} view(s), routine(s) and trigger(s) are not part of a dump: recreate them from the source's own definitions");

        // Every output name is decided, and the first file created, before a row is read: a bad path fails here.
        var files = new DumpFiles();
        var outputs = PlanOutputs(options, mappings, catalog.DefaultSchema);
        PipelinedTextWriter? script = null;
        if (options.Format == DumpFormat.Sql)
        {
            script = files.CreateText(outputs[0].Path, outputs[0].Gzip);
        }
        else
        {
            try
            {
                Directory.CreateDirectory(options.Output);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ObscuraConfigException($"cannot create the dump directory {Path.GetFullPath(options.Output)}: {ex.Message}");
            }
            files.Create(Path.Combine(options.Output, ".obscura-dump-probe")).Dispose();
            files.Discard();
        }

        var results = new List<TableSummary>();
        Dictionary<StrategyBinding, IPreparedColumn> prepared;
        SubsetResult? subset = null;
        try
        {
            if (filters.Count > 0)
            {
                progress.Phase($"computing the subset in {source}");
                subset = await SubsetPlanner.ComputeAsync(source, catalog, tables, options.Config.Relations, filters, options.Subset, cancellationToken).ConfigureAwait(false);
            }
            prepared = await CopyService.PrepareColumnsAsync(plan, source, mappings.Select(m => m.Source.Name), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (subset is not null) await subset.DisposeAsync().ConfigureAwait(false);
            if (script is not null) await script.DisposeAsync().ConfigureAwait(false);
            files.Discard();
            throw;
        }
        Exception? failure = null;
        try
        {
            // A subset's computing connection already holds the snapshot its kept keys are of.
            await using var holder = subset?.Snapshot is null ? await source.OpenAsync(cancellationToken).ConfigureAwait(false) : null;
            var snapshot = holder is null ? subset!.Snapshot : await source.Provider.ExportSnapshotAsync(holder, cancellationToken).ConfigureAwait(false);
            var context = new TableContext(options, source, snapshot, plan, prepared, progress, subset);
            if (script is not null)
            {
                await WriteScriptAsync(script, dialect, catalog, mappings, context, results, warnings, cancellationToken).ConfigureAwait(false);
                await script.CompleteAsync().ConfigureAwait(false);
                await script.DisposeAsync().ConfigureAwait(false);
                script = null;
            }
            else
            {
                for (var i = 0; i < mappings.Count; i++)
                {
                    var output = outputs[i];
                    var m = mappings[i];
                    results.Add(await DumpTableAsync(m, output.Path, context, async reader =>
                    {
                        if (options.Format == DumpFormat.Csv)
                        {
                            await using var text = files.CreateText(output.Path, output.Gzip);
                            var rows = await CsvTableWriter.WriteAsync(text, m.Source, reader, n => progress.RowsCopied(m.Source.Name, n), cancellationToken).ConfigureAwait(false);
                            await text.CompleteAsync().ConfigureAwait(false);
                            return rows;
                        }
                        await using var stream = files.Create(output.Path);
                        return await ParquetTableWriter.WriteAsync(stream, m.Source, reader, options.Compress, n => progress.RowsCopied(m.Source.Name, n), cancellationToken).ConfigureAwait(false);
                    }, cancellationToken).ConfigureAwait(false));
                }
            }
            foreach (var column in prepared.Values) await column.CompleteAsync(cancellationToken).ConfigureAwait(false);
            files.Commit();
        }
        catch (Exception ex)
        {
            failure = RunFailure.From(ex, cancellationToken);
            progress.Phase("failed: deleting the partial output");
            if (script is not null) await script.DisposeAsync().ConfigureAwait(false);
            files.Discard();
        }
        finally
        {
            foreach (var column in prepared.Values) await column.DisposeAsync().ConfigureAwait(false);
            if (subset is not null)
            {
                await subset.DisposeAsync().ConfigureAwait(false);
                if (subset.DropWarning is { } w) warnings.Add(w);
            }
        }

        var summary = new DumpSummary
        {
            Source = options.Source.ToString(),
            Output = Path.GetFullPath(outputs.Count > 0 && options.Format == DumpFormat.Sql ? outputs[0].Path : options.Output),
            Format = options.Format.ToString().ToLowerInvariant(),
            Dialect = options.Format == DumpFormat.Sql ? dialect.Name : null,
            Status = failure is null ? "succeeded" : failure is OperationCanceledException ? "cancelled" : "failed",
            StartedAt = startedAt,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Rows = failure is null ? results.Sum(t => t.Rows) : 0,
            Tables = failure is null ? results : results.Select(r => r with { Status = "deleted" }).ToList(),
            Files = failure is null ? (options.Format == DumpFormat.Sql ? [outputs[0].Path] : outputs.Select(o => o.Path)).Select(Path.GetFullPath).ToList() : [],
            Warnings = warnings,
            Error = failure is null ? null : CopyService.UserMessage(failure),
            Subset = subset?.Summary,
        };
        return new DumpResult(summary, failure);
    }

    /// <summary>The dialect for <c>--dialect</c>: a provider name, or mariadb for mysql.</summary>
    private SqlDialect ResolveDialect(string name)
    {
        var wanted = name.Trim().ToLowerInvariant() switch
        {
            "mariadb" => "mysql",
            "postgresql" or "pg" => "postgres",
            "sqlite3" => "sqlite",
            var other => other,
        };
        var provider = _runtime.Providers.Providers.FirstOrDefault(p => p.Name == wanted);
        if (provider?.Dialect.ScriptWriter is null)
        {
            var known = _runtime.Providers.Providers.Where(p => p.Dialect.ScriptWriter is not null).Select(p => p.Name).Order(StringComparer.Ordinal);
            throw new ObscuraConfigException($"unknown dialect '{name}': use one of {string.Join(", ", known)}");
        }
        return provider.Dialect;
    }

    private sealed record Output(string Path, bool Gzip);

    private static List<Output> PlanOutputs(DumpOptions options, IReadOnlyList<TableMapping> mappings, string? defaultSchema)
    {
        if (string.IsNullOrWhiteSpace(options.Output)) throw new ObscuraConfigException("--out is required");
        if (options.Format == DumpFormat.Sql)
        {
            var gz = options.Output.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            if (Directory.Exists(options.Output)) throw new ObscuraConfigException($"--out {options.Output} is a directory: a SQL dump is one file");
            return [new Output(options.Compress && !gz ? options.Output + ".gz" : options.Output, options.Compress || gz)];
        }
        if (File.Exists(options.Output)) throw new ObscuraConfigException($"--out {options.Output} is a file: a {options.Format.ToString().ToLowerInvariant()} dump writes one file per table into a directory");
        var extension = options.Format == DumpFormat.Csv ? (options.Compress ? ".csv.gz" : ".csv") : ".parquet";
        var result = new List<Output>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var invalid = Path.GetInvalidFileNameChars();
        foreach (var m in mappings)
        {
            var name = m.Source.Name.Schema is { } schema && schema != defaultSchema ? $"{schema}.{m.Source.Name.Name}" : m.Source.Name.Name;
            var safe = string.Concat(name.Select(c => Array.IndexOf(invalid, c) >= 0 || c == '\\' ? '_' : c));
            if (!seen.Add(safe)) throw new ObscuraConfigException($"tables {m.Source.Name} and another one would both be written to {safe}{extension}: dump them separately with --tables");
            result.Add(new Output(Path.Combine(options.Output, safe + extension), options.Format == DumpFormat.Csv && options.Compress));
        }
        return result;
    }

    private sealed record TableContext(
        DumpOptions Options, DatabaseEndpoint Source, string? Snapshot, TransformPlan Plan,
        IReadOnlyDictionary<StrategyBinding, IPreparedColumn> Prepared, ICopyProgress Progress, SubsetResult? Subset);

    private static async Task WriteScriptAsync(
        PipelinedTextWriter output, SqlDialect dialect, Catalog catalog, IReadOnlyList<TableMapping> mappings, TableContext context,
        List<TableSummary> results, List<string> warnings, CancellationToken ct)
    {
        var writer = dialect.ScriptWriter!;
        var sameProvider = catalog.Provider == dialect.Name;
        output.Write($"-- obscura dump of {context.Options.Source} for {dialect.Name}: {mappings.Count} table(s)\n");
        output.Write("-- load it into an empty database with the engine's client (psql -v ON_ERROR_STOP=1 -f, mariadb <, sqlite3 -bail <)\n\n");
        foreach (var sql in writer.Header) writer.WriteStatement(output, sql);
        output.Write('\n');
        foreach (var schema in mappings.Select(m => m.Target.Name.Schema).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (dialect.CreateSchemaIfMissing(schema) is { } sql) writer.WriteStatement(output, sql);
        }

        context.Progress.Phase("writing tables");
        var ddl = new List<TableDdl>();
        foreach (var m in mappings)
        {
            var tableWarnings = new List<string>();
            var d = dialect.BuildTableDdl(m.Target, sameProvider, tableWarnings);
            warnings.AddRange(tableWarnings.Select(w => $"warning at {m.Source.Name}: {w}"));
            writer.WriteStatement(output, d.Create);
            output.Write('\n');
            ddl.Add(d);
        }

        context.Progress.Phase("writing rows");
        foreach (var m in mappings)
        {
            results.Add(await DumpTableAsync(m, m.Target.Name.ToString(), context,
                reader => writer.WriteRowsAsync(output, m.Target, reader, n => context.Progress.RowsCopied(m.Source.Name, n), ct), ct).ConfigureAwait(false));
        }

        // Keys and indexes after the data (built once, not maintained row by row), foreign keys once every table is built.
        foreach (var sql in ddl.SelectMany(d => d.ConcurrentIndexes).Concat(ddl.SelectMany(d => d.AfterLoad))) writer.WriteStatement(output, sql);
        foreach (var sql in ddl.SelectMany(d => d.ForeignKeys)) writer.WriteStatement(output, sql);
        foreach (var sql in ddl.SelectMany(d => d.Finish)) writer.WriteStatement(output, sql);
        foreach (var sql in writer.Footer) writer.WriteStatement(output, sql);
    }

    /// <summary>Streams one table from the run's snapshot through its transforms into <paramref name="write"/>.</summary>
    private static async Task<TableSummary> DumpTableAsync(TableMapping m, string target, TableContext context, Func<DbDataReader, Task<long>> write, CancellationToken ct)
    {
        var source = context.Source;
        var transforms = context.Plan.For(m.Source.Name);
        context.Progress.TableStarted(m.Source.Name, m.Source.RowEstimate);
        var watch = Stopwatch.StartNew();
        try
        {
            // A restricted table of a subset whose kept keys are temporary tables is read on the connection that holds them.
            var filter = context.Subset?.Filter(m.Source.Name);
            var shared = filter is not null ? context.Subset!.Connection : null;
            await using var own = shared is null ? await source.OpenAsync(ct).ConfigureAwait(false) : null;
            var conn = shared ?? own!;
            if (own is not null && context.Snapshot is not null) await source.Provider.UseSnapshotAsync(conn, context.Snapshot, ct).ConfigureAwait(false);
            if (own is not null && filter is not null) await context.Subset!.AttachAsync(conn, ct).ConfigureAwait(false);
            var inner = await source.Provider.ReadAsync(conn, source.Dialect.SelectColumns(m.Source.Name, m.Source.Columns, filter), ct).ConfigureAwait(false);
            using var guards = UniqueGuards.Create(m.Source, transforms, context.Options.UniqueMemoryBytes);
            await using var reader = new TransformingDataReader(inner, m.Source.Columns, CopyService.CreateTransformers(m.Source, transforms, context.Prepared), guards);
            var rows = await write(reader).ConfigureAwait(false);
            var seconds = watch.Elapsed.TotalSeconds;
            context.Progress.TableFinished(m.Source.Name, rows, watch.Elapsed);
            return new TableSummary
            {
                Source = m.Source.Name.ToString(),
                Target = target,
                Status = "dumped",
                Rows = rows,
                Seconds = Math.Round(seconds, 3),
                RowsPerSecond = seconds > 0 ? Math.Round(rows / seconds) : rows,
                Transformed = transforms.Select(t => new TransformedColumnSummary(t.Column, t.Strategy, t.PropagatedFrom)).ToList(),
                CollisionsResolved = guards.Resolved,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !ct.IsCancellationRequested)
        {
            context.Progress.TableFailed(m.Source.Name, CopyService.UserMessage(ex));
            throw new ObscuraDatabaseException($"dumping {m.Source.Name} failed: {CopyService.UserMessage(ex)}", ex);
        }
    }
}

/// <summary>The outcome of a dump: the summary and, when it failed, why.</summary>
public sealed record DumpResult(DumpSummary Summary, Exception? Failure)
{
    /// <summary>True when every table was written and the files have their final names.</summary>
    public bool Succeeded => Failure is null;
}
