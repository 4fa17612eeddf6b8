using System.Collections.Concurrent;
using System.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Engine.Copy;

namespace Obscura.Service.Operations;

/// <summary>Live progress of one running operation, fed by the engine's <see cref="ICopyProgress"/> from several threads.</summary>
internal sealed class OperationProgress : ICopyProgress
{
    private sealed class TableState(long estimated)
    {
        public long Estimated = estimated;
        public long Rows;
        public string Status = "loading";
        public string? Error;
    }

    private readonly ConcurrentDictionary<string, TableState> _tables = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, int> _rowWidths;
    private readonly Stopwatch _loading = new();
    private volatile string? _phase;
    private int _tablesTotal;
    private long _rowsPlanned;

    /// <param name="rowWidths">Estimated bytes per row by unqualified table name (lower case), for the bytes estimate.</param>
    public OperationProgress(IReadOnlyDictionary<string, int>? rowWidths = null) => _rowWidths = rowWidths ?? new Dictionary<string, int>();

    /// <summary>Bumped whenever something changes, so readers (server-sent events) send only news.</summary>
    public long Version;

    public void Phase(string description)
    {
        _phase = description;
        Interlocked.Increment(ref Version);
    }

    public void LoadPlanned(int tables, long estimatedRows)
    {
        _tablesTotal = tables;
        Interlocked.Exchange(ref _rowsPlanned, estimatedRows);
        lock (_loading) _loading.Start();
        Interlocked.Increment(ref Version);
    }

    public void TableStarted(TableName table, long estimatedRows)
    {
        _tables[Key(table)] = new TableState(Math.Max(0, estimatedRows));
        lock (_loading) if (!_loading.IsRunning) _loading.Start();
        Interlocked.Increment(ref Version);
    }

    public void RowsCopied(TableName table, long rows)
    {
        if (_tables.TryGetValue(Key(table), out var state)) Count(rows - Interlocked.Exchange(ref state.Rows, rows));
        Interlocked.Increment(ref Version);
    }

    public void TableFinished(TableName table, long rows, TimeSpan elapsed)
    {
        var state = _tables.GetOrAdd(Key(table), _ => new TableState(rows));
        Count(rows - Interlocked.Exchange(ref state.Rows, rows));
        Interlocked.Exchange(ref state.Estimated, rows);
        state.Status = "done";
        Interlocked.Increment(ref Version);
    }

    public void TableFailed(TableName table, string message)
    {
        var state = _tables.GetOrAdd(Key(table), _ => new TableState(0));
        state.Status = "failed";
        state.Error = message;
        Interlocked.Increment(ref Version);
    }

    private static string Key(TableName table) => table.ToString();

    /// <summary>Feeds the rows counter of /metrics with the rows a report adds (reports are running totals per table).</summary>
    private static void Count(long added)
    {
        if (added > 0) Metrics.ServiceCounters.RowsCopied.Add(added);
    }

    /// <summary>A snapshot; <paramref name="finished"/> marks a run that ended well (100%).</summary>
    public ProgressView Snapshot(string status, bool finished = false)
    {
        var tables = _tables.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t =>
        {
            var rows = Interlocked.Read(ref t.Value.Rows);
            var total = Math.Max(rows, Interlocked.Read(ref t.Value.Estimated));
            var pct = t.Value.Status == "done" ? 100 : total > 0 ? Math.Min(99.9, 100.0 * rows / total) : 0;
            return new TableProgressView(t.Key, t.Value.Status, rows, total, Math.Round(pct, 1), t.Value.Error);
        }).ToList();
        var rowsCopied = tables.Sum(t => t.RowsCopied);
        // Tables not started yet still count with the planned estimate.
        var startedEstimate = tables.Sum(t => t.RowsTotal);
        var planned = Interlocked.Read(ref _rowsPlanned);
        var rowsTotal = Math.Max(startedEstimate, finished ? rowsCopied : Math.Max(planned, startedEstimate));
        if (finished) rowsTotal = rowsCopied;
        var seconds = _loading.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? rowsCopied / seconds : 0;
        var completed = tables.Count(t => t.Status == "done");
        var percent = finished ? 100 : rowsTotal > 0 ? Math.Min(99.9, 100.0 * rowsCopied / rowsTotal) : 0;
        return new ProgressView
        {
            Status = status,
            Phase = finished ? "done" : _phase,
            TablesCompleted = completed,
            TablesTotal = Math.Max(_tablesTotal, tables.Count),
            RowsCopied = rowsCopied,
            RowsTotal = rowsTotal,
            Percent = Math.Round(percent, 1),
            CurrentTable = tables.FirstOrDefault(t => t.Status == "loading")?.Table,
            BytesTransferred = tables.Sum(t => t.RowsCopied * Width(t.Table)),
            RowsPerSecond = Math.Round(rate, 1),
            EtaSeconds = finished ? 0 : rate > 0 && rowsTotal >= rowsCopied ? Math.Round((rowsTotal - rowsCopied) / rate, 1) : null,
            Tables = tables,
        };
    }

    private int Width(string table)
    {
        var dot = table.LastIndexOf('.');
        var name = (dot >= 0 ? table[(dot + 1)..] : table).Trim('"', '`').ToLowerInvariant();
        return _rowWidths.TryGetValue(name, out var w) ? w : 0;
    }

    /// <summary>Estimated bytes per row of a table from its column types (declared lengths, else typical sizes).</summary>
    public static int RowWidth(Table table) => table.Columns.Sum(c => c.TypeClass switch
    {
        TypeClass.Boolean => 1,
        TypeClass.Integer => Math.Max(1, (c.IntegerBits ?? 64) / 8),
        TypeClass.Float => 8,
        TypeClass.Decimal => 16,
        TypeClass.Date => 4,
        TypeClass.Time or TypeClass.DateTime or TypeClass.DateTimeOffset => 8,
        TypeClass.Uuid => 16,
        _ => c.MaxLength is > 0 and < 256 ? c.MaxLength.Value / 2 + 1 : 32,
    });
}
