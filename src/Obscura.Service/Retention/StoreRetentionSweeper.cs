using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obscura.Core.Diagnostics;
using Obscura.Service.Internal;
using Obscura.Service.Notifications;
using Obscura.Service.Store;

namespace Obscura.Service.Retention;

/// <summary>
/// The retention sweep every service and worker process runs once at start and then hourly: it removes the report files
/// of operations that ended more than <see cref="ServiceSettings.ReportRetention"/> ago (the operation, its run summary
/// and its audit stay; the store records that the files were removed, so <c>GET .../reports</c> says so), outbox rows
/// sent or given up more than <see cref="ServiceSettings.NotificationRetention"/> ago, and the records of notified
/// events the reconciler no longer looks at. Each batch is one short, bounded transaction, so a sweep never holds many
/// locks and several processes sweeping one store only share the work. A sweep that removed something is audited
/// (<c>retention_sweep</c> on <c>store</c>, the counts as its outcome).
/// </summary>
internal sealed class StoreRetentionSweeper(
    IStoreRetention retention, ServiceSettings settings, TimeProvider clock, ServiceAudit audit, ILogger<StoreRetentionSweeper> logger) : BackgroundService
{
    /// <summary>Operations whose report files one batch removes.</summary>
    internal const int ReportBatch = 20;
    /// <summary>Outbox rows (or event records) one batch removes.</summary>
    internal const int RowBatch = 500;
    /// <summary>At most this many batches of each kind per sweep; the rest waits for the next sweep.</summary>
    private const int MaxBatches = 200;
    /// <summary>The longest retention accepted (about a hundred years).</summary>
    internal const int MaxDays = 36_500;

    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    /// <summary>Checks the retention settings (OBS971).</summary>
    public static void Validate(ServiceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var diagnostics = new DiagnosticBag();
        foreach (var (option, value) in new[] { ("--report-retention-days", settings.ReportRetention), ("--notification-retention-days", settings.NotificationRetention) })
        {
            if (value < TimeSpan.Zero || value > TimeSpan.FromDays(MaxDays))
                diagnostics.Error(option, DiagnosticCodes.ServiceRetentionInvalid, string.Create(CultureInfo.InvariantCulture, $"{option} must be 0 (keep forever) to {MaxDays} days (got {value.TotalDays:0.##})"));
        }
        diagnostics.ThrowIfErrors("the service cannot start");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The next sweep tries again; nothing is half removed (each batch is one transaction).
                logger.LogWarning("retention sweep failed: {Kind}", e.GetType().Name);
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

    /// <summary>One sweep: removes what is past its retention, in batches, and audits what it removed.</summary>
    internal async Task<RetentionSweep> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        int operations = 0, files = 0, notifications = 0, events = 0;
        if (settings.ReportRetention > TimeSpan.Zero)
        {
            for (var i = 0; i < MaxBatches; i++)
            {
                var batch = await retention.RemoveExpiredReportsAsync(now - settings.ReportRetention, now, ReportBatch, ct).ConfigureAwait(false);
                operations += batch.Operations;
                files += batch.Files;
                if (batch.Operations < ReportBatch) break;
            }
        }
        if (settings.NotificationRetention > TimeSpan.Zero)
        {
            notifications = await RemoveRowsAsync((max, c) => retention.RemoveExpiredNotificationsAsync(now - settings.NotificationRetention, max, c), ct).ConfigureAwait(false);
            // The reconciler looks back a fixed window for events with no record: keep the records at least that long.
            var keepEvents = settings.NotificationRetention > NotificationReconciler.Lookback + TimeSpan.FromDays(1)
                ? settings.NotificationRetention : NotificationReconciler.Lookback + TimeSpan.FromDays(1);
            events = await RemoveRowsAsync((max, c) => retention.RemoveNotificationEventsAsync(now - keepEvents, max, c), ct).ConfigureAwait(false);
        }
        var sweep = new RetentionSweep(operations, files, notifications, events);
        if (sweep.RemovedAnything || events > 0)
            logger.LogInformation("retention removed {Files} report files of {Operations} operations, {Notifications} notifications and {Events} event records",
                files, operations, notifications, events);
        if (sweep.RemovedAnything)
            await audit.RecordAsync("retention", null, "retention_sweep", "store", null, sweep.Outcome, CancellationToken.None).ConfigureAwait(false);
        return sweep;
    }

    private static async Task<int> RemoveRowsAsync(Func<int, CancellationToken, Task<int>> batch, CancellationToken ct)
    {
        var total = 0;
        for (var i = 0; i < MaxBatches; i++)
        {
            var removed = await batch(RowBatch, ct).ConfigureAwait(false);
            total += removed;
            if (removed < RowBatch) break;
        }
        return total;
    }
}
