using System.Globalization;
using Microsoft.Extensions.Logging;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Notifications;

/// <summary>
/// Turns audited service actions that concern approvers into messages and adds them to the store's outbox, one row per
/// channel, where the event is recorded; <see cref="NotificationDispatcher"/> (in this or any process sharing the store)
/// sends them. A row survives a stop, so a message not yet sent is sent after the next start.
/// </summary>
internal sealed class NotificationQueue(NotificationSettings settings, IServiceStore store, INotificationOutbox outbox, ILogger<NotificationQueue> logger) : IDisposable
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
        if (!settings.Enabled || target is null || !target.StartsWith("operation:", StringComparison.Ordinal)) return;
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
            var message = await BuildAsync(id, action, outcome, actor, role, CancellationToken.None).ConfigureAwait(false);
            if (message is null) return;
            var rows = new List<OutboxNotification>();
            for (var i = 0; i < settings.Webhooks.Count; i++)
                rows.Add(new OutboxNotification { OperationId = id, Channel = WebhookChannel(i), Subject = message.Subject, Text = message.Text });
            if (settings.Smtp is not null && RecipientsOf(message.Roles).Count > 0)
                rows.Add(new OutboxNotification { OperationId = id, Channel = EmailChannel, Subject = message.Subject, Text = message.Text, Roles = message.Roles });
            if (rows.Count == 0) return;
            // Wall-clock time: when a message is due is about real networks, not the service's (injectable) clock.
            await outbox.EnqueueNotificationsAsync(rows, TimeProvider.System.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
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
        }
        catch (Exception e)
        {
            logger.LogWarning("notification for operation {Id} not queued: {Kind}", id, e.GetType().Name);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _wake.Dispose();

    /// <summary>The configured e-mail addresses of <paramref name="roles"/>, each once.</summary>
    public IReadOnlyList<string> RecipientsOf(IEnumerable<string> roles) =>
        roles.SelectMany(r => settings.Recipients.TryGetValue(r, out var list) ? list : []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private async Task<NotificationMessage?> BuildAsync(long id, string action, string outcome, string actor, string? role, CancellationToken ct)
    {
        var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
        if (op is null) return null;
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
