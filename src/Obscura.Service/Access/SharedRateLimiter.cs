using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obscura.Service.Store;

namespace Obscura.Service.Access;

/// <summary>
/// The API's fixed-window rate limit shared by every <c>serve</c> process on one PostgreSQL store. A request is admitted
/// or refused here, from memory, with no store round trip on the request's path: each process counts what it admits
/// and, every <see cref="SyncInterval"/>, adds that to the client's count in the store and learns the sum over all
/// processes. Windows are aligned to the clock (they start at multiples of the window since the Unix epoch), so every
/// process means the same window. Between two syncs each process may still admit what its last sum left, and that sum
/// lacks what the others admitted since their own last sync: a client spread over N processes can exceed the limit by
/// what N-1 processes admit in up to two intervals.
/// </summary>
internal sealed class SharedRateLimiter(RateLimitSettings limit, ISharedRateLimitStore store, TimeProvider clock, ILogger<SharedRateLimiter> logger)
    : PartitionedRateLimiter<HttpContext>
{
    /// <summary>How often counts are exchanged with the store.</summary>
    public static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(250);

    private static readonly RateLimitLease Admitted = new Lease(true, null);

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private DateTimeOffset _pruned = DateTimeOffset.MinValue;

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!resource.Request.Path.StartsWithSegments("/api")) return Admitted;
        var now = clock.GetUtcNow();
        var window = WindowStart(now);
        var key = AccessExtensions.PartitionKey(resource, limit);
        while (true)
        {
            var counter = _counters.GetOrAdd(key, static _ => new Counter());
            lock (counter)
            {
                if (counter.Forgotten) continue; // the sync dropped it between the lookup and the lock: take the new one
                if (counter.Window != window) counter.Reset(window);
                if (counter.Total + counter.Pending + permitCount > limit.PermitLimit) return new Lease(false, window + limit.Window - now);
                counter.Pending += permitCount;
                return Admitted;
            }
        }
    }

    /// <inheritdoc />
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount)); // no queue: a refused request is answered at once

    /// <summary>
    /// Adds what this process admitted in the current window to the store's counts and takes the sums back; forgets
    /// clients of past windows. On a store failure the admissions stay pending (counted here only) until the next sync.
    /// </summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var window = WindowStart(now);
        var taken = new List<KeyValuePair<string, long>>();
        foreach (var (key, counter) in _counters)
        {
            lock (counter)
            {
                if (counter.Window != window)
                {
                    // A past window's admissions no longer limit anyone.
                    if (counter.Window < window)
                    {
                        counter.Forgotten = true;
                        _counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
                    }
                    continue;
                }
                taken.Add(new(key, counter.Pending));
                counter.Pending = 0;
            }
        }
        if (taken.Count > 0)
        {
            IReadOnlyDictionary<string, long> totals;
            try
            {
                totals = await store.AddRateLimitCountsAsync(window, taken, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                foreach (var (key, admitted) in taken)
                {
                    if (!_counters.TryGetValue(key, out var counter)) continue;
                    lock (counter)
                    {
                        if (counter.Window == window) counter.Pending += admitted;
                    }
                }
                logger.LogWarning("Could not share rate-limit counts through the store ({Error}); this process limits on its own counts until it can", ex.GetType().Name);
                return;
            }
            foreach (var (key, total) in totals)
            {
                if (!_counters.TryGetValue(key, out var counter)) continue;
                lock (counter)
                {
                    // The sum includes what was taken above; what was admitted since stays pending. A window's sum only
                    // grows: an overlapping sync that read the store earlier and answers later must not lower it.
                    if (counter.Window == window) counter.Total = Math.Max(counter.Total, total);
                }
            }
        }
        if (now - _pruned >= limit.Window)
        {
            _pruned = now;
            await store.PruneRateLimitCountsAsync(window - limit.Window, cancellationToken).ConfigureAwait(false);
        }
    }

    private DateTimeOffset WindowStart(DateTimeOffset now)
    {
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks - ticks % limit.Window.Ticks);
    }

    private sealed class Counter
    {
        public DateTimeOffset Window { get; private set; } = DateTimeOffset.MinValue;

        /// <summary>Admitted in <see cref="Window"/> by every process, as of the last sync (this process's included).</summary>
        public long Total { get; set; }

        /// <summary>Admitted here since the last sync.</summary>
        public long Pending { get; set; }

        /// <summary>Removed from the table: a request that still holds it looks the client up again.</summary>
        public bool Forgotten { get; set; }

        public void Reset(DateTimeOffset window) => (Window, Total, Pending) = (window, 0, 0);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name ? after : null;
            return metadata is not null;
        }
    }
}
