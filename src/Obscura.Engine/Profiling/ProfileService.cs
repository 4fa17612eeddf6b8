using System.Collections.Concurrent;
using System.Diagnostics;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Engine.Profiling.Internal;

namespace Obscura.Engine.Profiling;

/// <summary>
/// <c>obscura profile</c>: one streaming pass per table (or per key range of a large table), every column summarized by
/// fixed-size, mergeable sketches — so memory does not grow with the data — with tables and partitions read in parallel.
/// Columns the <c>isPii</c> classifier flags never have a value in the result (see <see cref="ColumnProfile"/>).
/// </summary>
public sealed class ProfileService
{
    private readonly ObscuraRuntime _runtime;
    private readonly Func<TableName, string, bool> _isPii;

    /// <summary>Creates the service.</summary>
    /// <param name="runtime">Providers and clock.</param>
    /// <param name="isPii">Classifies a column (table, column name) as personal data.</param>
    public ProfileService(ObscuraRuntime runtime, Func<TableName, string, bool> isPii)
    {
        ArgumentNullException.ThrowIfNull(isPii);
        _runtime = runtime;
        _isPii = isPii;
    }

    /// <summary>Profiles the source.</summary>
    /// <exception cref="ObscuraConfigException">Unknown tables in <see cref="ProfileOptions.Tables"/>, or bad options.</exception>
    /// <exception cref="ObscuraDatabaseException">The database cannot be reached or a table cannot be read.</exception>
    public async Task<ProfileReport> RunAsync(ProfileOptions options, IProfileProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Jobs < 1) throw new ObscuraConfigException("--jobs must be at least 1");
        if (options.CompleteValues is < 0 or > ColumnAccumulator.SummaryCapacity) throw new ObscuraConfigException($"complete value lists hold at most {ColumnAccumulator.SummaryCapacity} values");
        if (options.MinPartitionRows < 1) throw new ObscuraConfigException("the minimum partition size must be at least 1 row");
        progress ??= NullProfileProgress.Instance;
        var startedAt = _runtime.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        await using var source = _runtime.Connect(options.Source);

        progress.Phase($"inspecting {source}");
        var catalog = await source.InspectAsync(cancellationToken).ConfigureAwait(false);
        var tables = SelectTables(catalog, options.Tables);

        progress.Phase("planning partitions");
        var plans = new (Table Table, IReadOnlyList<string?> Partitions)[tables.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, tables.Count), Workers(options.Jobs, cancellationToken), async (i, token) =>
        {
            // A raw whole-table read (PostgreSQL binary COPY) beats key ranges read as queries on this kind of machine.
            if (source.Provider.CanReadRaw(tables[i]))
            {
                plans[i] = (tables[i], [null]);
                return;
            }
            await using var conn = await source.OpenAsync(token).ConfigureAwait(false);
            plans[i] = (tables[i], await TablePartitioner.PlanAsync(conn, source.Dialect, tables[i], options.Jobs, options.MinPartitionRows, token).ConfigureAwait(false));
        }).ConfigureAwait(false);

        progress.Phase("reading tables");
        var cpuAtStart = Environment.CpuUsage.TotalTime;
        var readClock = Stopwatch.StartNew();
        // SQLite gives each value its own storage class, whatever the column declares: read objects and coerce.
        var dynamic = source.Provider.Name == "sqlite";
        var states = plans.Select(p => new TableState(p.Table, p.Partitions)).ToArray();
        // Largest first, so the long pole starts at once and small tables fill the gaps.
        var work = states.SelectMany(s => s.Partitions.Select((where, index) => (State: s, Where: where, Index: index)))
            .OrderByDescending(w => w.State.Table.RowEstimate / w.State.Partitions.Length).ToList();
        var results = new ConcurrentDictionary<TableName, TableProfile>();
        await Parallel.ForEachAsync(work, Workers(options.Jobs, cancellationToken), async (item, token) =>
        {
            var table = item.State.Table;
            item.State.Started();
            var accumulator = new TableProfiler(table);
            try
            {
                await using var conn = await source.OpenAsync(token).ConfigureAwait(false);
                // A whole table reads as raw tuples where the provider can (PostgreSQL binary COPY): far less per row than a query.
                await using var reader = (item.Where is null ? await source.Provider.ReadRawAsync(conn, table, token).ConfigureAwait(false) : null)
                    ?? await source.Provider.ReadAsync(conn, source.Dialect.SelectColumns(table.Name, table.Columns, item.Where), token).ConfigureAwait(false);
                // The pass is CPU-bound: a thread of its own reading synchronously, not a pool thread hopping per buffer.
                await Task.Factory.StartNew(() => accumulator.ReadAll(reader, dynamic, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            }
            catch (System.Data.Common.DbException ex) when (!token.IsCancellationRequested)
            {
                throw new ObscuraDatabaseException($"reading {table.Name} failed: {ex.Message}", ex);
            }
            if (item.State.Finished(item.Index, accumulator) is { } merged)
            {
                var profile = Summarize(merged, item.State, options);
                results[table.Name] = profile;
                progress.TableFinished(profile);
            }
        }).ConfigureAwait(false);

        // The reading pass alone (not start-up, inspection or report writing): what "rows per second per core" is about.
        var readCpu = (Environment.CpuUsage.TotalTime - cpuAtStart).TotalSeconds;
        var readSeconds = readClock.Elapsed.TotalSeconds;

        if (options.FanOut)
        {
            progress.Phase("counting children per parent");
            var keys = tables.SelectMany(t => t.ForeignKeys.Select(k => (Table: t, Key: k))).ToList();
            var fanOuts = new FanOutProfile[keys.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), Workers(options.Jobs, cancellationToken), async (i, token) =>
            {
                try
                {
                    await using var conn = await source.OpenAsync(token).ConfigureAwait(false);
                    fanOuts[i] = await FanOutQuery.RunAsync(conn, source.Dialect, keys[i].Table, keys[i].Key, token).ConfigureAwait(false);
                }
                catch (System.Data.Common.DbException ex) when (!token.IsCancellationRequested)
                {
                    throw new ObscuraDatabaseException($"counting children per parent of {keys[i].Table.Name} failed: {ex.Message}", ex);
                }
            }).ConfigureAwait(false);
            foreach (var group in keys.Select((k, i) => (k.Table.Name, FanOut: fanOuts[i])).GroupBy(k => k.Name))
                results[group.Key] = results[group.Key] with { FanOut = group.Select(g => g.FanOut).ToList() };
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var rows = results.Values.Sum(t => t.Rows);
        return new ProfileReport
        {
            Provider = catalog.Provider,
            ServerVersion = catalog.ServerVersion,
            Database = catalog.Database,
            Source = options.Source.ToString(),
            StartedAt = startedAt,
            Seconds = Math.Round(seconds, 3),
            Rows = rows,
            RowsPerSecond = seconds > 0 ? Math.Round(rows / seconds) : rows,
            Jobs = options.Jobs,
            ReadSeconds = Math.Round(readSeconds, 3),
            ReadCpuSeconds = Math.Round(readCpu, 3),
            RowsPerCpuSecond = readCpu > 0 ? Math.Round(rows / readCpu) : rows,
            Tables = tables.Select(t => results[t.Name]).ToList(),
        };
    }

    private TableProfile Summarize(TableProfiler merged, TableState state, ProfileOptions options)
    {
        var seconds = state.Elapsed.TotalSeconds;
        return new TableProfile
        {
            Name = merged.Table.Name.ToString(),
            Rows = merged.Rows,
            Partitions = state.Partitions.Length,
            Seconds = Math.Round(seconds, 3),
            RowsPerSecond = seconds > 0 ? Math.Round(merged.Rows / seconds) : merged.Rows,
            Columns = merged.ToProfiles(_isPii, options),
        };
    }

    private static ParallelOptions Workers(int jobs, CancellationToken ct) => new() { MaxDegreeOfParallelism = jobs, CancellationToken = ct };

    private static List<Table> SelectTables(Catalog catalog, IReadOnlyList<string> names)
    {
        var diagnostics = new DiagnosticBag();
        var tables = TableSelection.Select(catalog, names, diagnostics);
        diagnostics.ThrowIfErrors("the profile cannot start");
        return tables;
    }

    /// <summary>One table's partitions: collects their sketches and merges them, in partition order, when the last one ends.</summary>
    private sealed class TableState
    {
        private readonly TableProfiler?[] _done;
        private readonly Stopwatch _clock = new();
        private int _remaining;
        private int _started;

        public TableState(Table table, IReadOnlyList<string?> partitions)
        {
            Table = table;
            Partitions = partitions.ToArray();
            _done = new TableProfiler?[Partitions.Length];
            _remaining = Partitions.Length;
        }

        public Table Table { get; }
        /// <summary>WHERE clause per partition (null: the whole table).</summary>
        public string?[] Partitions { get; }
        public TimeSpan Elapsed => _clock.Elapsed;

        public void Started()
        {
            if (Interlocked.Exchange(ref _started, 1) == 0) _clock.Start();
        }

        /// <summary>Stores a partition's sketches; returns the merged table when it was the last.</summary>
        public TableProfiler? Finished(int index, TableProfiler accumulator)
        {
            _done[index] = accumulator;
            if (Interlocked.Decrement(ref _remaining) > 0) return null;
            _clock.Stop();
            var merged = _done[0]!;
            for (var i = 1; i < _done.Length; i++) merged.Merge(_done[i]!);
            Array.Clear(_done);
            return merged;
        }
    }
}
