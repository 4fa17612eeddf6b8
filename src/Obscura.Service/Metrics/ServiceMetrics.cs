using System.Diagnostics.Metrics;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Metrics;

/// <summary>
/// Gauges of the service's state for <c>/metrics</c>: operations by status and the queue depth (read from the store,
/// at most once per <see cref="StoreReadInterval"/> however often Prometheus scrapes), and the rows per second of the
/// operations running in this process.
/// </summary>
internal sealed class ServiceMetrics : IDisposable
{
    public const string MeterName = "Obscura.Service";
    private static readonly TimeSpan StoreReadInterval = TimeSpan.FromSeconds(5);
    private static readonly string[] KnownStatuses =
    [
        OperationStatus.PendingApproval, OperationStatus.Approved, OperationStatus.Scheduled, OperationStatus.Queued, OperationStatus.Running,
        OperationStatus.Succeeded, OperationStatus.Failed, OperationStatus.Cancelled, OperationStatus.Rejected,
    ];

    private readonly Meter _meter;
    private readonly IServiceStore _store;
    private readonly RunningOperations _running;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private (long ReadAt, Dictionary<string, int> ByStatus, int Queue) _cached = (long.MinValue, [], 0);

    public ServiceMetrics(IMeterFactory meters, IServiceStore store, RunningOperations running, TimeProvider clock)
    {
        _store = store;
        _running = running;
        _clock = clock;
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("obscura.operations", ByStatus, "{operation}", "Operations in the store by status");
        _meter.CreateObservableGauge("obscura.queue.depth", () => Read().Queue, "{operation}", "Operations waiting for a worker (queued, or scheduled and due)");
        _meter.CreateObservableGauge("obscura.operations.running.local", () => _running.Entries.Count, "{operation}", "Operations running in this process");
        _meter.CreateObservableGauge("obscura.rows.rate", RowsPerSecond, "{row}/s", "Rows per second of the operations running in this process");
    }

    private IEnumerable<Measurement<int>> ByStatus()
    {
        var counts = Read().ByStatus;
        foreach (var status in KnownStatuses.Union(counts.Keys, StringComparer.Ordinal))
            yield return new Measurement<int>(counts.GetValueOrDefault(status), new KeyValuePair<string, object?>("status", status));
    }

    private double RowsPerSecond()
    {
        var sum = 0.0;
        foreach (var entry in _running.Entries) sum += entry.Progress.Snapshot(OperationStatus.Running).RowsPerSecond;
        return sum;
    }

    private (long, Dictionary<string, int> ByStatus, int Queue) Read()
    {
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            if (_cached.ReadAt != long.MinValue && _clock.GetElapsedTime(_cached.ReadAt, now) < StoreReadInterval) return _cached;
            // Observable callbacks are synchronous; the store read is small and at most once per interval.
            var operations = _store.ListOperationsAsync(null, CancellationToken.None).GetAwaiter().GetResult();
            var due = _clock.GetUtcNow();
            var byStatus = operations.GroupBy(o => o.Status, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var queue = operations.Count(o => o.Status == OperationStatus.Queued || o.Status == OperationStatus.Scheduled && o.ScheduledAt <= due);
            _cached = (now, byStatus, queue);
            return _cached;
        }
    }

    public void Dispose() => _meter.Dispose();
}
