using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Notifications;

/// <summary>
/// Turns audited operation actions into messages and delivers them to every webhook and, by role, by e-mail. Runs in
/// the background: each delivery retries with backoff, and a final failure is logged (never the URL, which may hold a
/// token) and audited as <c>notification_webhook</c> / <c>notification_email</c> with outcome <c>failed</c>.
/// </summary>
internal sealed class NotificationDispatcher(
    NotificationQueue queue, NotificationSettings settings, IServiceStore store, ServiceAudit audit, WebhookSender webhooks,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var message = await BuildAsync(item, stoppingToken).ConfigureAwait(false);
                    if (message is not null) await DeliverAsync(item.OperationId, message, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("notification for operation {Id} not built: {Kind}", item.OperationId, e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: messages still queued are dropped, as a stop drops in-flight HTTP requests.
        }
    }

    private async Task DeliverAsync(long id, NotificationMessage message, CancellationToken ct)
    {
        var target = OperationService.Target(id);
        // Every channel at once, so one dead webhook's retries do not hold up the others.
        var deliveries = settings.Webhooks.Select(async (hook, i) =>
        {
            var failed = await RetryAsync(token => webhooks.SendAsync(hook, message.Text, token), ct).ConfigureAwait(false);
            if (failed is not null) logger.LogWarning("webhook {Number} failed after {Attempts} attempts: {Reason}", i + 1, settings.Attempts, failed);
            await audit.RecordAsync("notifier", null, "notification_webhook", target, null, failed is null ? "sent" : "failed", CancellationToken.None).ConfigureAwait(false);
        }).ToList();
        var recipients = message.Roles.SelectMany(r => settings.Recipients.TryGetValue(r, out var list) ? list : []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (settings.Smtp is { } smtp && recipients.Count > 0)
        {
            deliveries.Add(Task.Run(async () =>
            {
                var failed = await RetryAsync(token => EmailSender.SendAsync(smtp, recipients, message.Subject, message.Text, token), ct).ConfigureAwait(false);
                if (failed is not null) logger.LogWarning("e-mail to {Count} recipients failed after {Attempts} attempts: {Reason}", recipients.Count, settings.Attempts, failed);
                await audit.RecordAsync("notifier", null, "notification_email", target, null, failed is null ? "sent" : "failed", CancellationToken.None).ConfigureAwait(false);
            }, ct));
        }
        await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    /// <summary>Null once sent; else the last failure's kind (no URL, no address, no secret).</summary>
    private async Task<string?> RetryAsync(Func<CancellationToken, Task> send, CancellationToken ct)
    {
        string? failure = null;
        for (var attempt = 0; attempt < settings.Attempts; attempt++)
        {
            if (attempt > 0) await Task.Delay(settings.Backoff * Math.Pow(2, attempt - 1), ct).ConfigureAwait(false);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(settings.Timeout);
                await send(timeout.Token).ConfigureAwait(false);
                return null;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                failure = e is DeliveryException d ? d.Message : e is OperationCanceledException ? "timed out" : e.GetType().Name;
            }
        }
        return failure;
    }

    private async Task<NotificationMessage?> BuildAsync(NotificationQueue.Item item, CancellationToken ct)
    {
        var op = await store.GetOperationAsync(item.OperationId, ct).ConfigureAwait(false);
        if (op is null) return null;
        var request = StoredRequest.Of(op).Request;
        var users = await store.ListUsersAsync(ct).ConfigureAwait(false);
        var requester = users.FirstOrDefault(u => u.Id == op.RequestedBy)?.Name ?? "?";
        var what = string.Create(CultureInfo.InvariantCulture,
            $"operation {op.Id} ({op.OperationType}, {request.SourceEnv}{(request.TargetEnv is null ? "" : " -> " + request.TargetEnv)}{(request.Cron is null ? "" : ", recurring " + request.Cron)}, requested by {requester})");
        var link = settings.PublicUrl is { } url ? $" {url.TrimEnd('/')}/api/database-operations/{op.Id.ToString(CultureInfo.InvariantCulture)}" : "";
        var everyone = op.RequiredRoles.Append(ServiceRoles.Requester).ToList();
        switch (item.Action)
        {
            case "operation_create" or "operation_update" when op.Status == OperationStatus.PendingApproval:
            {
                var approvals = await store.ListApprovalsAsync(op.Id, ct).ConfigureAwait(false);
                var missing = op.RequiredRoles.Where(r => !approvals.Any(a => a.Decision == "approve" && a.Role == r && a.Fingerprint == op.Fingerprint)).ToList();
                var again = item.Action == "operation_update" ? " (changed: earlier approvals no longer count)" : "";
                return new NotificationMessage($"Approval needed: Obscura operation {op.Id}",
                    $"Obscura: {what} needs approval from {string.Join(", ", missing)}{again}.{link}", missing);
            }
            case "operation_approve":
                return op.Status == OperationStatus.Approved
                    ? new NotificationMessage($"Approved: Obscura operation {op.Id}", $"Obscura: {what} was approved by {item.Actor} as {item.Role}; every required role has approved and it can be executed.{link}", everyone)
                    : new NotificationMessage($"Approval recorded: Obscura operation {op.Id}", $"Obscura: {what} was approved by {item.Actor} as {item.Role}.{link}", everyone);
            case "operation_reject":
                return new NotificationMessage($"Rejected: Obscura operation {op.Id}", $"Obscura: {what} was rejected by {item.Actor} as {item.Role}; the request is closed.{link}", everyone);
            case "operation_run":
                var verb = item.Outcome switch
                {
                    OperationStatus.Succeeded => "succeeded",
                    OperationStatus.RolledBack => "failed and was rolled back: the database is as it was",
                    OperationStatus.Cancelled => "was cancelled",
                    _ => "failed",
                };
                return new NotificationMessage($"{char.ToUpperInvariant(item.Outcome[0])}{item.Outcome[1..].Replace('_', ' ')}: Obscura operation {op.Id}",
                    $"Obscura: {what} {verb}. Reports: GET /api/database-operations/{op.Id.ToString(CultureInfo.InvariantCulture)}/reports{link}", everyone);
            default:
                return null;
        }
    }
}
