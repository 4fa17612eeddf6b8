using System.Collections.Concurrent;

namespace Obscura.Service.Operations;

/// <summary>The operations this process runs now: their live progress and the handle that cancels them.</summary>
internal sealed class RunningOperations : IDisposable
{
    internal sealed record Entry(CancellationTokenSource Cancellation, OperationProgress Progress);

    private readonly ConcurrentDictionary<long, Entry> _running = new();
    private readonly SemaphoreSlim _wake = new(0);

    public Entry Start(long id, OperationProgress progress, CancellationToken stopping)
    {
        var entry = new Entry(CancellationTokenSource.CreateLinkedTokenSource(stopping), progress);
        _running[id] = entry;
        return entry;
    }

    public void Finish(long id)
    {
        if (_running.TryRemove(id, out var entry)) entry.Cancellation.Dispose();
    }

    /// <summary>The operations running here now (a snapshot).</summary>
    public IReadOnlyCollection<Entry> Entries => (IReadOnlyCollection<Entry>)_running.Values;

    public bool TryGet(long id, out Entry entry) => _running.TryGetValue(id, out entry!);

    /// <summary>Cancels a running operation; false when it does not run here.</summary>
    public bool Cancel(long id)
    {
        if (!_running.TryGetValue(id, out var entry)) return false;
        try
        {
            entry.Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        return true;
    }

    /// <summary>Tells idle workers there is work (an execute), so they need not wait for the next poll.</summary>
    public void Wake() => _wake.Release();

    public Task<bool> WaitForWorkAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);

    /// <summary>True while any operation runs here.</summary>
    public bool Any => !_running.IsEmpty;

    public void Dispose() => _wake.Dispose();

    /// <summary>When a worker last looked for work (readiness).</summary>
    public DateTimeOffset LastPoll { get; set; }
}
