using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Jobs;

/// <summary>
/// Turns due operations into jobs: claims a queued operation (or a scheduled one whose time has come on the injected
/// clock) with the store's compare-and-set and hands its start job to the job runner. Every <c>serve</c> and
/// <c>worker</c> process runs one; the claim makes sure only one of them takes each operation. With the embedded
/// store the job runner keeps its queue in memory, so at start-up the unfinished work recorded in Obscura's own tables
/// is handed to it again.
/// </summary>
internal sealed class OperationDispatcher(
    IServiceStore store, IOperationJobStore jobs, JobQueue queue, JobExecutor executor, RunningOperations running, ServiceSettings settings,
    OperationVersions versions, ServiceAudit audit, TimeProvider clock, ILogger<OperationDispatcher> logger) : BackgroundService
{
    /// <summary>When this process last handed a stalled start job over again, by operation (only the dispatcher's loop uses it).</summary>
    private readonly Dictionary<long, DateTimeOffset> _handedAgain = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!ServiceStores.IsPostgres(settings.Store)) await ResumeAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        var nextStallCheck = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (Environment.TickCount64 >= nextStallCheck)
                {
                    nextStallCheck = Environment.TickCount64 + (long)settings.StalledClaimCheckInterval.TotalMilliseconds;
                    await RecoverStalledClaimsAsync(stoppingToken).ConfigureAwait(false);
                }
                running.LastPoll = clock.GetUtcNow();
                var op = await store.ClaimNextAsync(clock.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                if (op is null)
                {
                    await running.WaitForWorkAsync(settings.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                if (!await StillApprovedAsync(op, stoppingToken).ConfigureAwait(false)) continue;
                await jobs.AddJobsAsync([new OperationJobRecord { OperationId = op.Id, Key = JobKeys.Start, Status = JobKeys.Pending }], CancellationToken.None).ConfigureAwait(false);
                queue.Enqueue(op.Id, JobKeys.Start);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError("dispatcher error: {Kind}", e.GetType().Name);
                try
                {
                    await Task.Delay(settings.PollInterval, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Whether a claimed operation's approvals still hold: they bind to its data sources as they were fingerprinted. A data
    /// source edited in the instant between an edit's in-use check and its versioning of the operations would otherwise
    /// run on the approvals of the version before; such an operation gets its new version and goes back for approval (or
    /// to the queue, when it needs none), and one whose data source was deleted fails.
    /// </summary>
    private async Task<bool> StillApprovedAsync(OperationRecord op, CancellationToken ct)
    {
        var target = OperationService.Target(op.Id);
        var now = clock.GetUtcNow();
        // A recurring operation's run carries its definition's fingerprint (the approvals are the definition's): it runs
        // while the definition's data sources still match it; otherwise it is skipped, and the definition is versioned
        // again by the edit or the scheduler.
        if (StoredRequest.Of(op).Request.RunOf is { } definitionId)
        {
            var definition = await store.GetOperationAsync(definitionId, ct).ConfigureAwait(false);
            var live = definition is null ? null : await versions.CurrentAsync(definition, ct).ConfigureAwait(false);
            if (live is not null && live.Fingerprint == op.Fingerprint) return true;
            if (await store.UpdateOperationAsync(op with
                {
                    Status = OperationStatus.Cancelled, UpdatedAt = now, FinishedAt = now,
                    Error = "skipped: a data source of the recurring operation changed since it was approved",
                }, OperationStatus.Running, op.Fingerprint, ct).ConfigureAwait(false))
                await audit.RecordAsync("dispatcher", null, "operation_run", target, null, OperationStatus.Cancelled, CancellationToken.None).ConfigureAwait(false);
            return false;
        }
        var current = await versions.CurrentAsync(op, ct).ConfigureAwait(false);
        if (current is not null && current.Fingerprint == op.Fingerprint) return true;
        if (current is null)
        {
            if (await store.UpdateOperationAsync(op with { Status = OperationStatus.Failed, Error = "a data source of the operation was deleted", UpdatedAt = now, FinishedAt = now },
                    OperationStatus.Running, op.Fingerprint, ct).ConfigureAwait(false))
                await audit.RecordAsync("dispatcher", null, "operation_run", target, null, OperationStatus.Failed, CancellationToken.None).ConfigureAwait(false);
            return false;
        }
        var status = current.RequiredRoles.Count == 0 ? OperationStatus.Queued : OperationStatus.PendingApproval;
        if (await versions.RebindAsync(op, current, status, null, ct).ConfigureAwait(false) is not null)
            await audit.RecordAsync("dispatcher", null, "operation_update", target, null, DataSourceRebinding.DataSourceChanged, CancellationToken.None).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// A process killed between claiming an operation (now <c>running</c>) and handing its start job to the job runner
    /// leaves it running with no job, or with a start job the runner never got; with the embedded store the restart's
    /// resume covers that, with PostgreSQL the process may never come back. Every process looks: one running for
    /// <see cref="ServiceSettings.StalledClaimAfter"/> with no job is queued again (compare-and-set, so once); one whose
    /// start job nobody took for <see cref="ServiceSettings.StalledStartAfter"/> has it handed over again (at most once
    /// per that time and process; a second delivery finds the job taken or done).
    /// </summary>
    private async Task RecoverStalledClaimsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_handedAgain.Count > 1000) _handedAgain.Clear();
        foreach (var op in await store.ListOperationsAsync(OperationStatus.Running, ct).ConfigureAwait(false))
        {
            if (op.StartedAt is not { } started || now - started < settings.StalledClaimAfter) continue;
            var existing = await jobs.ListJobsAsync(op.Id, ct).ConfigureAwait(false);
            if (existing.Count == 0)
            {
                if (await store.UpdateOperationAsync(op with { Status = OperationStatus.Queued, UpdatedAt = now }, OperationStatus.Running, op.Fingerprint, ct).ConfigureAwait(false))
                {
                    logger.LogWarning("operation {Id} was claimed {Minutes:0} min ago by a process that stopped before handing it over: queued again", op.Id, (now - started).TotalMinutes);
                    running.Wake();
                }
            }
            else if (existing is [{ Key: JobKeys.Start, Status: JobKeys.Pending }] && now - started >= settings.StalledStartAfter
                && (!_handedAgain.TryGetValue(op.Id, out var last) || now - last >= settings.StalledStartAfter))
            {
                _handedAgain[op.Id] = now;
                logger.LogWarning("operation {Id}: its start job was not taken {Minutes:0} min after the claim: handed over again", op.Id, (now - started).TotalMinutes);
                queue.Enqueue(op.Id, JobKeys.Start);
            }
        }
    }

    /// <summary>Operations a stopped process left running: their unfinished jobs go to the runner again; never-planned ones are queued again.</summary>
    private async Task ResumeAsync(CancellationToken ct)
    {
        var resumed = 0;
        foreach (var op in await store.ListOperationsAsync(OperationStatus.Running, ct).ConfigureAwait(false))
        {
            var existing = await jobs.ListJobsAsync(op.Id, ct).ConfigureAwait(false);
            if (existing.Count == 0)
            {
                var now = clock.GetUtcNow();
                // A cancellation asked for before the stop is honoured rather than run again.
                await store.UpdateOperationAsync(op.CancelRequested
                    ? op with { Status = OperationStatus.Cancelled, FinishedAt = now, UpdatedAt = now, Error = "cancelled" }
                    : op with { Status = OperationStatus.Queued, UpdatedAt = now }, OperationStatus.Running, ct).ConfigureAwait(false);
            }
            else
            {
                await executor.ResumeAsync(op.Id, existing).ConfigureAwait(false);
            }
            resumed++;
        }
        if (resumed > 0) logger.LogInformation("resumed {Count} operations interrupted by a stop", resumed);
    }
}
