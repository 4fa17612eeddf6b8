using System.Text.Json;
using Obscura.Service.Internal;
using Obscura.Service.Store;

namespace Obscura.Service.Operations;

/// <summary>
/// Runs one operation whole through <see cref="OperationRunner"/> and records the outcome, report and final progress:
/// the body of a whole-operation job (see <c>Jobs/</c>; split copies run as range jobs instead).
/// </summary>
internal sealed class OperationWorker(
    IServiceStore store, OperationRunner runner, RunningOperations running, TimeProvider clock, ServiceAudit audit, ReportPublisher reports)
{
    internal async Task RunAsync(OperationRecord op, CancellationToken stoppingToken)
    {
        IReadOnlyDictionary<string, int> widths;
        try
        {
            widths = await runner.RowWidthsAsync(op, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            widths = new Dictionary<string, int>(); // the run itself reports why the source is unreachable
        }
        var progress = new OperationProgress(widths);
        var entry = running.Start(op.Id, progress, stoppingToken);
        await audit.RecordAsync("worker", null, "operation_run", OperationService.Target(op.Id), null, "started", CancellationToken.None).ConfigureAwait(false);
        using var saver = new CancellationTokenSource();
        var saving = SaveProgressLoopAsync(op.Id, progress, saver.Token);
        string status;
        OperationRunner.Outcome? outcome = null;
        string? error = null;
        try
        {
            // A cancel that arrived between the claim and the start.
            if ((await store.GetOperationAsync(op.Id, CancellationToken.None).ConfigureAwait(false))?.CancelRequested == true) entry.Cancellation.Cancel();
            outcome = await runner.RunAsync(op, progress, entry.Cancellation.Token).ConfigureAwait(false);
            status = outcome.Status ?? (outcome.Succeeded ? OperationStatus.Succeeded : entry.Cancellation.IsCancellationRequested ? OperationStatus.Cancelled : OperationStatus.Failed);
            error = outcome.Error;
        }
        catch (OperationCanceledException) when (entry.Cancellation.IsCancellationRequested)
        {
            status = OperationStatus.Cancelled;
        }
        catch (Exception e)
        {
            status = OperationStatus.Failed;
            error = runner.Describe(e);
        }
        await saver.CancelAsync().ConfigureAwait(false);
        await saving.ConfigureAwait(false);
        if (status == OperationStatus.Cancelled && stoppingToken.IsCancellationRequested
            && (await store.GetOperationAsync(op.Id, CancellationToken.None).ConfigureAwait(false))?.CancelRequested != true)
        {
            // The process is stopping, not the user cancelling: leave it running so the next start queues it again.
            running.Finish(op.Id);
            return;
        }
        var now = clock.GetUtcNow();
        var final = progress.Snapshot(status, finished: status == OperationStatus.Succeeded);
        await store.SaveProgressAsync(op.Id, JsonSerializer.Serialize(final, OperationPlanner.Json), now, CancellationToken.None).ConfigureAwait(false);
        // Reports go into the store before the status is final, so any process that sees the run done can serve them.
        await reports.PublishAsync(op.Id, CancellationToken.None).ConfigureAwait(false);
        var current = await store.GetOperationAsync(op.Id, CancellationToken.None).ConfigureAwait(false) ?? op;
        await store.UpdateOperationAsync(current with
        {
            Status = status, FinishedAt = now, UpdatedAt = now, Error = status == OperationStatus.Cancelled ? "cancelled" : error, ReportJson = outcome?.ReportJson,
        }, OperationStatus.Running, CancellationToken.None).ConfigureAwait(false);
        running.Finish(op.Id);
        await audit.RecordAsync("worker", null, "operation_run", OperationService.Target(op.Id), null, status, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Persists progress every second, so other processes (and a restart) see it.</summary>
    private async Task SaveProgressLoopAsync(long id, OperationProgress progress, CancellationToken ct)
    {
        long saved = -1;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var version = Interlocked.Read(ref progress.Version);
            if (version == saved) continue;
            saved = version;
            await store.SaveProgressAsync(id, JsonSerializer.Serialize(progress.Snapshot(OperationStatus.Running), OperationPlanner.Json), clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
    }
}
