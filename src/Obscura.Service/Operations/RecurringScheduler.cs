using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obscura.Service.Internal;
using Obscura.Service.Store;

namespace Obscura.Service.Operations;

/// <summary>
/// Recurring refreshes. An approved request with a <c>cron</c> becomes <c>recurring</c> when executed; at each due
/// occurrence on the injected clock this creates one queued run — an operation of its own with <c>run_of</c> set to
/// the definition — so every run keeps its own progress, reports and audit. Approvals bind to the definition's
/// fingerprint: when a data source it uses changed, the definition goes back to <c>pending_approval</c> and no run is
/// created. Each occurrence is claimed in the store (unique per definition and time), so any number of schedulers
/// sharing a PostgreSQL store create it once. Occurrences missed while the service was down are coalesced into one run; an occurrence that comes while
/// the previous run is still unfinished is recorded as a cancelled run. Cancelling the definition stops future runs.
/// </summary>
internal sealed class RecurringScheduler(
    IServiceStore store, IRecurringRunStore occurrences, RunningOperations running, ServiceSettings settings, TimeProvider clock, ServiceAudit audit, ILogger<RecurringScheduler> logger,
    OperationVersions versions) : BackgroundService
{
    /// <summary>True when the operation's request carries a cron expression.</summary>
    public static bool IsRecurring(OperationRecord op) => Read(op).Request.Cron is not null;

    private static StoredRequest Read(OperationRecord op) => StoredRequest.Of(op);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(settings.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError("recurring scheduler error: {Kind}", e.GetType().Name);
                await Task.Delay(settings.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Creates the run of every definition whose next occurrence is due now (on the injected clock).</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        var definitions = await store.ListOperationsAsync(OperationStatus.Recurring, ct).ConfigureAwait(false);
        if (definitions.Count == 0) return;
        var all = await store.ListOperationsAsync(null, ct).ConfigureAwait(false);
        foreach (var definition in definitions) await TickAsync(definition, all, ct).ConfigureAwait(false);
    }

    private async Task TickAsync(OperationRecord definition, IReadOnlyList<OperationRecord> all, CancellationToken ct)
    {
        var stored = Read(definition);
        var cron = OperationTypeChecks.TryParseCron(stored.Request.Cron!, out _);
        if (cron is null) return;
        var runs = RunsOf(definition.Id, all);
        var now = clock.GetUtcNow();
        // Occurrences count from when it was executed (its last change) or from the last run, whichever is later.
        var from = definition.UpdatedAt;
        if (runs.Count > 0 && runs[0].ScheduledAt is { } last && last > from) from = last;
        DateTimeOffset? due = null;
        var missed = 0;
        for (var next = cron.GetNextOccurrence(from, TimeZoneInfo.Utc); next is { } n && n <= now && missed < 100_000; next = cron.GetNextOccurrence(n, TimeZoneInfo.Utc))
        {
            if (due is not null) missed++;
            due = n;
        }
        if (due is null) return;
        var target = OperationService.Target(definition.Id);

        // The approvals bind to the definition's fingerprint, which covers its data sources as they are now.
        var current = await versions.CurrentAsync(definition, ct).ConfigureAwait(false);
        if (current?.Fingerprint != definition.Fingerprint)
        {
            var updated = current is null
                ? await store.UpdateOperationAsync(definition with { Status = OperationStatus.Failed, Error = "a data source of the recurring operation was deleted", UpdatedAt = now, FinishedAt = now },
                    OperationStatus.Recurring, ct).ConfigureAwait(false)
                : await versions.RebindAsync(definition, current, OperationStatus.PendingApproval, null, ct).ConfigureAwait(false) is not null;
            if (updated)
                await audit.RecordAsync("scheduler", null, "operation_recurrence", target, null, current is null ? "failed" : "approvals_voided", CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var busy = runs.Any(r => !OperationStatus.IsFinal(r.Status));
        var run = new OperationRecord
        {
            OperationType = definition.OperationType, RequestedBy = definition.RequestedBy,
            RequestJson = JsonSerializer.Serialize(stored with { Request = stored.Request with { Cron = null, RunOf = definition.Id } }, OperationPlanner.Json),
            Fingerprint = definition.Fingerprint, RequiredRoles = definition.RequiredRoles, ScheduledAt = due, CreatedAt = now, UpdatedAt = now,
            Status = busy ? OperationStatus.Cancelled : OperationStatus.Queued,
            FinishedAt = busy ? now : null, Error = busy ? "skipped: the previous run had not finished" : null,
        };
        // Another scheduler sharing the store may have created this occurrence's run first: then there is nothing to do.
        var added = await occurrences.AddRecurringRunAsync(definition.Id, due.Value, run, ct).ConfigureAwait(false);
        if (added is null) return;
        await audit.RecordAsync("scheduler", null, "operation_recurrence", target, null, busy ? "skipped_previous_running" : missed > 0 ? "run_created_after_missed" : "run_created", CancellationToken.None).ConfigureAwait(false);
        await audit.RecordAsync("scheduler", null, "operation_create", OperationService.Target(added.Id), null, "recurring_run", CancellationToken.None).ConfigureAwait(false);
        if (!busy) running.Wake();
    }

    /// <summary>The runs of a definition, latest occurrence first.</summary>
    public static List<OperationRecord> RunsOf(long definitionId, IReadOnlyList<OperationRecord> all) =>
        all.Where(o => o.RequestJson.Contains("\"run_of\"", StringComparison.Ordinal) && Read(o).Request.RunOf == definitionId)
            .OrderByDescending(o => o.ScheduledAt).ThenByDescending(o => o.Id).ToList();

    /// <summary>The definition's next occurrence after now, or null.</summary>
    public DateTimeOffset? NextOccurrence(OperationRecord definition)
    {
        if (definition.Status != OperationStatus.Recurring) return null;
        var cron = OperationTypeChecks.TryParseCron(Read(definition).Request.Cron!, out _);
        return cron?.GetNextOccurrence(clock.GetUtcNow(), TimeZoneInfo.Utc);
    }
}
