using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obscura.Service.Internal;

namespace Obscura.Service.Access;

/// <summary>
/// Audits rate-limited requests without letting a flood of them flood the audit: the refusals of one client key (the
/// limiter's partition, <c>user:NAME</c> or <c>ip:ADDRESS</c>) are counted from the first one for one window of the
/// limit, then written as one <c>rate_limit</c> action, outcome <c>rate_limited</c>, whose target names the first path
/// refused and the count. Windows still open when the service stops are written then. At most
/// <see cref="MaxOpenWindows"/> clients are counted apart; refusals of any further client (say one rotating IPv6
/// addresses) join one <c>*</c> window, so neither memory nor the audit grows with the number of addresses.
/// </summary>
internal sealed class RateLimitAudit(ServiceAudit audit, TimeProvider clock, ServiceSettings settings, ILogger<RateLimitAudit> logger) : BackgroundService
{
    private sealed class Window(DateTimeOffset start, string actor, string? address, string path)
    {
        public DateTimeOffset Start { get; } = start;
        public string Actor { get; } = actor;
        public string? Address { get; } = address;
        public string Path { get; } = path;
        public long Count { get; set; } = 1;
    }

    /// <summary>How many client keys are counted apart in one window at most.</summary>
    internal const int MaxOpenWindows = 1024;
    private const string Overflow = "*";

    private readonly Lock _gate = new();
    private readonly bool _byUser = settings.Access.RateLimit?.PartitionBy == "user";
    private readonly Dictionary<string, Window> _open = new(StringComparer.Ordinal);
    private readonly TimeSpan _window = settings.Access.RateLimit?.Window ?? TimeSpan.FromMinutes(1);

    /// <summary>Counts one refused request of <paramref name="key"/>.</summary>
    public void Observe(string key, HttpContext http)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(key, out var window))
            {
                window.Count++;
                return;
            }
            if (_open.Count >= MaxOpenWindows)
            {
                if (_open.TryGetValue(Overflow, out var many)) many.Count++;
                else _open[Overflow] = new Window(clock.GetUtcNow(), "many clients", null, "(any path)");
                return;
            }
            // An address's window may hold several users' requests: it is named by the address, not by whoever came first.
            var name = !_byUser ? key : key.StartsWith("user:", StringComparison.Ordinal) ? key["user:".Length..] : "anonymous";
            var path = http.Request.Path.Value ?? "/";
            _open[key] = new Window(clock.GetUtcNow(), name, http.Connection.RemoteIpAddress?.ToString(), path.Length > 150 ? path[..150] : path);
        }
    }

    /// <summary>Writes the windows that have ended (all of them with <paramref name="all"/>); a window not written is kept for the next try.</summary>
    public async Task FlushAsync(bool all)
    {
        List<KeyValuePair<string, Window>> due;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            due = [.. _open.Where(p => all || now >= p.Value.Start + _window)];
            foreach (var (key, _) in due) _open.Remove(key);
        }
        for (var i = 0; i < due.Count; i++)
        {
            var w = due[i].Value;
            try
            {
                var noun = w.Count == 1 ? "request" : "requests";
                await audit.RecordAsync(w.Actor, null, "rate_limit", $"{w.Path} ({w.Count} {noun} refused)", w.Address, "rate_limited").ConfigureAwait(false);
            }
            catch
            {
                lock (_gate)
                {
                    foreach (var (key, pending) in due.Skip(i))
                    {
                        // Refusals counted meanwhile join the unwritten window.
                        if (_open.Remove(key, out var newer)) pending.Count += newer.Count;
                        _open[key] = pending;
                    }
                }
                throw;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(_window.TotalMilliseconds / 4, 50, 1000));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, stoppingToken).ConfigureAwait(false);
                await FlushAsync(all: false).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception e)
            {
                // The audit log's lock held too long, the store unreachable: keep counting and try again on the next tick.
                logger.LogWarning("rate-limit audit could not be written ({Error}); retrying", e.GetType().Name);
            }
        }
        await FlushAsync(all: true).ConfigureAwait(false);
    }
}
