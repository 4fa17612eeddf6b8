using System.Globalization;
using Microsoft.Extensions.Logging;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Notifications;

/// <summary>
/// Turns audited service actions that concern approvers into messages and adds them to the store's outbox, one row per
/// channel, where the event is recorded; <see cref="NotificationDispatcher"/> (in this or any process sharing the store)
/// sends them. A row survives a stop, so a message not yet sent is sent after the next start. Each event (a version
/// needing approval, a decision, a run's end) is recorded with its rows in one transaction under a unique key, so
/// <see cref="NotificationReconciler"/> can queue what a process that died after the action left unqueued, and nothing
/// is queued twice.
/// </summary>
internal sealed class NotificationQueue(
    NotificationSettings settings, IServiceStore store, INotificationEventStore events, TimeProvider clock, ILogger<NotificationQueue> logger) : IDisposable
{
    /// <summary>The channel name of the <paramref name="index"/>-th webhook (from 0): the URL is never stored.</summary>
    public static string WebhookChannel(int index) => "webhook:" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The e-mail channel.</summary>
    public const string EmailChannel = "email";

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Waits until something is enqueued in this process or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _wake.WaitAsync(timeout, ct).ConfigureAwait(false);

    /// <summary>Called for every audited action; enqueues the notifications of those that produce one. Never throws: a failure is logged.</summary>
    public async Task ObserveAsync(string actor, string? role, string action, string? target, string outcome)
    {
        if (target is null || !target.StartsWith("operation:", StringComparison.Ordinal)) return;
        if (!long.TryParse(target.AsSpan("operation:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return;
        var wanted = (action, outcome) switch
        {
            ("operation_create" or "operation_update", "ok") => true,
            ("operation_update", DataSourceRebinding.DataSourceChanged) => true,
            ("operation_approve" or "operation_reject", "ok") => true,
            ("operation_run", not "started") => true,
            _ => false,
        };
        if (!wanted) return;
        try
        {
            var op = await store.GetOperationAsync(id, CancellationToken.None).ConfigureAwait(false);
            if (op is null) return;
            var key = await EventKeyAsync(op, action, actor, role, CancellationToken.None).ConfigureAwait(false);
            if (key is null) return;
            // Without notification settings the event is still recorded (with no message), so turning them on later does
            // not make the reconciler announce everything that happened meanwhile.
            var message = settings.Enabled ? await BuildAsync(op, action, outcome, actor, role, CancellationToken.None).ConfigureAwait(false) : null;
            await EnqueueAsync(new NotificationEvent(id, key, clock.GetUtcNow()), message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The reconciler queues it later from the store's state (docs/service.md#notifications).
            logger.LogWarning("notification for operation {Id} not queued: {Kind}", id, e.GetType().Name);
        }
    }

    /// <summary>
    /// Queues the notifications of an event the store shows but has no record of (the process that acted died before
    /// queuing them), built from the operation as it is now; true when rows were added.
    /// </summary>
    internal async Task<bool> ReconcileAsync(NotificationEvent missing, CancellationToken ct)
    {
        var op = await store.GetOperationAsync(missing.OperationId, ct).ConfigureAwait(false);
        NotificationMessage? message = null;
        if (op is not null && missing.NumberAfter(NotificationEvent.DecisionPrefix) is { } approvalId)
        {
            if ((await store.ListApprovalsAsync(op.Id, ct).ConfigureAwait(false)).FirstOrDefault(a => a.Id == approvalId) is { } decision)
                message = await BuildAsync(op, decision.Decision == "reject" ? "operation_reject" : "operation_approve", "ok", decision.UserName, decision.Role, ct).ConfigureAwait(false);
        }
        else if (op is not null && missing.NumberAfter(NotificationEvent.ApprovalNeededPrefix) is { } version)
        {
            // Only the version still current needs approval; an older one was superseded (and announced, or moot).
            var versions = await ((IOperationVersionStore)store).ListVersionsAsync(op.Id, ct).ConfigureAwait(false);
            if (versions.Count > 0 && versions[^1].Version == version)
            {
                var (action, outcome) = versions[^1].Reason switch
                {
                    OperationVersions.Updated => ("operation_update", "ok"),
                    OperationVersions.DataSourceChanged => ("operation_update", DataSourceRebinding.DataSourceChanged),
                    _ => ("operation_create", "ok"),
                };
                message = await BuildAsync(op, action, outcome, versions[^1].CreatedByName ?? "an administrator", null, ct).ConfigureAwait(false);
            }
        }
        else if (op is not null && missing.Key == NotificationEvent.RunEnd)
        {
            message = await BuildAsync(op, "operation_run", op.Status, "worker", null, ct).ConfigureAwait(false);
        }
        return await EnqueueAsync(missing, message, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _wake.Dispose();

    /// <summary>The configured e-mail addresses of <paramref name="roles"/>, each once.</summary>
    public IReadOnlyList<string> RecipientsOf(IEnumerable<string> roles) =>
        roles.SelectMany(r => settings.Recipients.TryGetValue(r, out var list) ? list : []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The key of the event an audited action is: the version now needing approval, the decision's row, or the run's end.</summary>
    private async Task<string?> EventKeyAsync(OperationRecord op, string action, string actor, string? role, CancellationToken ct)
    {
        switch (action)
        {
            case "operation_create" or "operation_update":
                var versions = await ((IOperationVersionStore)store).ListVersionsAsync(op.Id, ct).ConfigureAwait(false);
                return versions.Count == 0 ? null : NotificationEvent.ApprovalNeeded(versions[^1].Version);
            case "operation_approve" or "operation_reject":
                var decision = action == "operation_approve" ? "approve" : "reject";
                var approvals = await store.ListApprovalsAsync(op.Id, ct).ConfigureAwait(false);
                return approvals.LastOrDefault(a => a.UserName == actor && a.Role == role && a.Decision == decision) is { } made ? NotificationEvent.Decision(made.Id) : null;
            default:
                return NotificationEvent.RunEnd;
        }
    }

    /// <summary>Records the event with one outbox row per channel (none when <paramref name="message"/> is null); true when rows were added.</summary>
    private async Task<bool> EnqueueAsync(NotificationEvent happened, NotificationMessage? message, CancellationToken ct)
    {
        var rows = new List<OutboxNotification>();
        if (message is not null)
        {
            for (var i = 0; i < settings.Webhooks.Count; i++)
                rows.Add(new OutboxNotification { OperationId = happened.OperationId, Channel = WebhookChannel(i), Subject = message.Subject, Text = message.Text });
            if (settings.Smtp is not null && RecipientsOf(message.Roles).Count > 0)
                rows.Add(new OutboxNotification { OperationId = happened.OperationId, Channel = EmailChannel, Subject = message.Subject, Text = message.Text, Roles = message.Roles });
        }
        // Wall-clock time: when a message is due is about real networks, not the service's (injectable) clock.
        if (!await events.EnqueueEventAsync(happened, rows, TimeProvider.System.GetUtcNow(), ct).ConfigureAwait(false) || rows.Count == 0) return false;
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Woken already.
            }
        }
        return true;
    }

    private async Task<NotificationMessage?> BuildAsync(OperationRecord op, string action, string outcome, string actor, string? role, CancellationToken ct)
    {
        var request = StoredRequest.Of(op).Request;
        var users = await store.ListUsersAsync(ct).ConfigureAwait(false);
        var requester = users.FirstOrDefault(u => u.Id == op.RequestedBy)?.Name ?? "?";
        var what = string.Create(CultureInfo.InvariantCulture,
            $"operation {op.Id} ({op.OperationType}, {request.SourceEnv}{(request.TargetEnv is null ? "" : " -> " + request.TargetEnv)}{(request.Cron is null ? "" : ", recurring " + request.Cron)}, requested by {requester})");
        var link = settings.PublicUrl is { } url ? $" {url.TrimEnd('/')}/api/database-operations/{op.Id.ToString(CultureInfo.InvariantCulture)}" : "";
        var everyone = op.RequiredRoles.Append(ServiceRoles.Requester).ToList();
        switch (action)
        {
            case "operation_create" or "operation_update" when op.Status == OperationStatus.PendingApproval:
            {
                var approvals = await store.ListApprovalsAsync(op.Id, ct).ConfigureAwait(false);
                var missing = op.RequiredRoles.Where(r => !approvals.Any(a => a.Decision == "approve" && a.Role == r && a.Fingerprint == op.Fingerprint)).ToList();
                var again = action != "operation_update" ? ""
                    : outcome == DataSourceRebinding.DataSourceChanged ? $" (a data source it uses was changed by {actor}: earlier approvals no longer count)"
                    : " (changed: earlier approvals no longer count)";
                return new NotificationMessage($"Approval needed: Obscura operation {op.Id}",
                    $"Obscura: {what} needs approval from {string.Join(", ", missing)}{again}.{link}", missing);
            }
            case "operation_approve":
                return op.Status == OperationStatus.Approved
                    ? new NotificationMessage($"Approved: Obscura operation {op.Id}", $"Obscura: {what} was approved by {actor} as {role}; every required role has approved and it can be executed.{link}", everyone)
                    : new NotificationMessage($"Approval recorded: Obscura operation {op.Id}", $"Obscura: {what} was approved by {actor} as {role}.{link}", everyone);
            case "operation_reject":
                return new NotificationMessage($"Rejected: Obscura operation {op.Id}", $"Obscura: {what} was rejected by {actor} as {role}; the request is closed.{link}", everyone);
            case "operation_run":
                var verb = outcome switch
                {
                    OperationStatus.Succeeded => "succeeded",
                    OperationStatus.RolledBack => "failed and was rolled back: the database is as it was",
                    OperationStatus.Cancelled => "was cancelled",
                    _ => "failed",
                };
                return new NotificationMessage($"{char.ToUpperInvariant(outcome[0])}{outcome[1..].Replace('_', ' ')}: Obscura operation {op.Id}",
                    $"Obscura: {what} {verb}. Reports: GET /api/database-operations/{op.Id.ToString(CultureInfo.InvariantCulture)}/reports{link}", everyone);
            default:
                return null;
        }
    }
}
