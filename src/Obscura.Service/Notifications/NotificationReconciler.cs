using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obscura.Service.Store;

namespace Obscura.Service.Notifications;

/// <summary>
/// Closes the gap between an action's own write and its notifications: at start and every minute it asks the store for
/// events its state shows (decisions, request versions needing approval, ends of runs) from the last
/// <see cref="Lookback"/> that have no record of being queued, and queues them through <see cref="NotificationQueue"/>.
/// An event is recorded with its outbox rows in one transaction under a unique key, so whichever of the acting process
/// and any reconciler gets there first queues it, and nothing is queued twice. Events younger than <see cref="Grace"/>
/// (on the service's clock) are left to the process that is acting on them, so a message is built from the state that
/// action left.
/// </summary>
internal sealed class NotificationReconciler(NotificationQueue queue, INotificationEventStore events, TimeProvider clock, ILogger<NotificationReconciler> logger) : BackgroundService
{
    /// <summary>How far back events are looked for: a process down longer than this does not announce what it missed.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(7);
    /// <summary>How old an event must be before a reconciler queues it instead of the process that acted.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private const int Batch = 100;
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("notification reconciliation failed: {Kind}", e.GetType().Name);
            }
            try
            {
                await Task.Delay(Period, TimeProvider.System, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: queues every unrecorded event of the window; returns how many were queued with messages.</summary>
    internal async Task<int> ReconcileAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var queued = 0;
        while (true)
        {
            var missing = await events.ListUnrecordedEventsAsync(now - Lookback, now - Grace, Batch, ct).ConfigureAwait(false);
            // Each event gets recorded here (with or without rows) or was recorded meanwhile: the next page is new ones.
            foreach (var e in missing)
                if (await queue.ReconcileAsync(e, ct).ConfigureAwait(false)) queued++;
            if (missing.Count < Batch) break;
        }
        if (queued > 0) logger.LogWarning("queued the notifications of {Count} events that had none (a process stopped between an action and its notification)", queued);
        return queued;
    }
}
