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
    /// <summary>Running operations this process found with no job: at which attempt and since when (its tick count); only the dispatcher's loop uses it.</summary>
    private readonly Dictionary<long, (int Attempts, long Tick)> _withoutJobSince = [];

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
    /// A process killed between claiming an operation (now <c>running</c>) and adding its start job leaves it running
    /// with no job and nothing handed to the job runner (the job is added before it is handed over); with the embedded
    /// store the restart's resume covers that, with PostgreSQL the process may never come back. Every process looks: one
    /// it has seen running with no job, at the same attempt, for <see cref="ServiceSettings.StalledClaimAfter"/> of its
    /// own time is queued again (compare-and-set, so once). Measured on this process's clock only, so clocks that differ
    /// between machines cannot make a fresh claim look old.
    /// </summary>
    private async Task RecoverStalledClaimsAsync(CancellationToken ct)
    {
        var now = Environment.TickCount64;
        var seen = new HashSet<long>();
        foreach (var op in await store.ListOperationsAsync(OperationStatus.Running, ct).ConfigureAwait(false))
        {
            if ((await jobs.ListJobsAsync(op.Id, ct).ConfigureAwait(false)).Count > 0) continue;
            seen.Add(op.Id);
            if (!_withoutJobSince.TryGetValue(op.Id, out var since) || since.Attempts != op.Attempts)
            {
                _withoutJobSince[op.Id] = (op.Attempts, now);
                continue;
            }
            var waited = TimeSpan.FromMilliseconds(now - since.Tick);
            if (waited < settings.StalledClaimAfter) continue;
            var at = clock.GetUtcNow();
            if (await store.UpdateOperationAsync(op with { Status = OperationStatus.Queued, UpdatedAt = at }, OperationStatus.Running, op.Fingerprint, ct).ConfigureAwait(false))
            {
                logger.LogWarning("operation {Id} was claimed and never handed over for {Seconds:0} s (its process stopped): queued again", op.Id, waited.TotalSeconds);
                running.Wake();
            }
        }
        foreach (var id in _withoutJobSince.Keys.Where(id => !seen.Contains(id)).ToList()) _withoutJobSince.Remove(id);
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
