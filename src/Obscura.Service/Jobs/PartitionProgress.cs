using System.Text.Json;
using Obscura.Engine.Copy;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Jobs;

/// <summary>
/// The progress of a partitioned copy, added up from its pieces' rows in the store, so every process (and the API of
/// any <c>serve</c> instance) computes the same figures.
/// </summary>
internal static class PartitionProgress
{
    public static ProgressView From(
        IReadOnlyList<OperationJobRecord> jobs, string status, string? phase, bool finished, DateTimeOffset now, IReadOnlyDictionary<string, int> rowWidths)
    {
        var parts = jobs.Where(j => JobKeys.IsPart(j.Key) && j.Spec is not null)
            .Select(j => (Job: j, Piece: JsonSerializer.Deserialize<CopyPartition>(j.Spec!, OperationPlanner.Json)!))
            .ToList();
        var tables = parts.GroupBy(p => p.Piece.Schema is null ? p.Piece.Table : p.Piece.Schema + "." + p.Piece.Table, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var rows = g.Sum(p => p.Job.RowsDone);
                var done = g.All(p => p.Job.Status == JobKeys.Done);
                var total = done ? rows : g.Sum(p => Math.Max(p.Job.RowsEstimated, p.Job.RowsDone));
                var state = done ? "done"
                    : g.Any(p => p.Job.Status == JobKeys.Failed) ? "failed"
                    : g.Any(p => p.Job.Status is JobKeys.Running or JobKeys.Done) ? "loading" : "waiting";
                var pct = done ? 100 : total > 0 ? Math.Min(99.9, 100.0 * rows / total) : 0;
                return new TableProgressView(g.Key, state, rows, total, Math.Round(pct, 1), g.Select(p => p.Job.Error).FirstOrDefault(e => e is not null));
            }).ToList();
        var rowsCopied = tables.Sum(t => t.RowsCopied);
        var rowsTotal = finished ? rowsCopied : Math.Max(rowsCopied, tables.Sum(t => t.RowsTotal));
        var started = parts.Select(p => p.Job.StartedAt).Where(s => s is not null).Min();
        var seconds = started is { } s0 ? Math.Max(0.001, ((parts.All(p => p.Job.FinishedAt is not null) ? parts.Max(p => p.Job.FinishedAt)!.Value : now) - s0).TotalSeconds) : 0;
        var rate = seconds > 0 ? rowsCopied / seconds : 0;
        var percent = finished ? 100 : rowsTotal > 0 ? Math.Min(99.9, 100.0 * rowsCopied / rowsTotal) : 0;
        return new ProgressView
        {
            Status = status,
            Phase = finished ? "done" : phase,
            TablesCompleted = tables.Count(t => t.Status == "done"),
            TablesTotal = tables.Count,
            RowsCopied = rowsCopied,
            RowsTotal = rowsTotal,
            Percent = Math.Round(percent, 1),
            CurrentTable = tables.FirstOrDefault(t => t.Status == "loading")?.Table,
            BytesTransferred = tables.Sum(t => t.RowsCopied * Width(rowWidths, t.Table)),
            RowsPerSecond = Math.Round(rate, 1),
            EtaSeconds = finished ? 0 : rate > 0 ? Math.Round((rowsTotal - rowsCopied) / rate, 1) : null,
            Tables = tables,
        };
    }

    private static int Width(IReadOnlyDictionary<string, int> widths, string table)
    {
        var dot = table.LastIndexOf('.');
        return widths.TryGetValue((dot >= 0 ? table[(dot + 1)..] : table).ToLowerInvariant(), out var w) ? w : 0;
    }
}
