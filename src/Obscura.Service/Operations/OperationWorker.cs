using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obscura.Service.Internal;
using Obscura.Service.Store;

namespace Obscura.Service.Operations;

/// <summary>
/// In-process workers: each claims a queued operation (or a scheduled one whose time has come on the injected clock)
/// from the store, runs it and records the outcome, report and final progress. At start-up, operations a stopped
/// process left running are queued again. The store's compare-and-set claim is the seam a scale-out job runner
/// (Hangfire workers over a PostgreSQL store) plugs into.
/// </summary>
internal sealed class OperationWorker(
    IServiceStore store, OperationRunner runner, RunningOperations running, ServiceSettings settings, TimeProvider clock,
    ServiceAudit audit, ILogger<OperationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var requeued = await store.RequeueInterruptedAsync(clock.GetUtcNow(), stoppingToken).ConfigureAwait(false);
        if (requeued > 0) logger.LogInformation("requeued {Count} operations interrupted by a stop", requeued);
        var workers = Enumerable.Range(0, Math.Max(1, settings.Workers)).Select(_ => LoopAsync(stoppingToken)).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                running.LastPoll = clock.GetUtcNow();
                var op = await store.ClaimNextAsync(clock.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                if (op is null)
                {
                    await running.WaitForWorkAsync(settings.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                await RunAsync(op, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError("worker loop error: {Kind}", e.GetType().Name);
                await Task.Delay(settings.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

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
            status = outcome.Succeeded ? OperationStatus.Succeeded : entry.Cancellation.IsCancellationRequested ? OperationStatus.Cancelled : OperationStatus.Failed;
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
