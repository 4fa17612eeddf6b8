using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Notifications;

/// <summary>
/// The delivery loop each service process runs over the store's outbox: it claims due notifications (on PostgreSQL with
/// <c>FOR UPDATE SKIP LOCKED</c>, so processes sharing the store never take the same one), sends each, and marks it
/// sent; a failed attempt is due again after a backoff that doubles, until the settings' attempts are used, when it is
/// logged (never the URL, which may hold a token) and audited as <c>notification_webhook</c> / <c>notification_email</c>
/// with outcome <c>failed</c>. Delivery is at least once: a process that dies between sending and marking leaves the
/// notification to be sent again once its claim's lease ends.
/// </summary>
internal sealed class NotificationDispatcher(
    NotificationQueue queue, INotificationOutbox outbox, NotificationSettings settings, ServiceSettings service, ServiceAudit audit, WebhookSender webhooks,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 32;

    // Wall-clock time, as in NotificationQueue: backoff and leases are about real networks, not the service's clock.
    private static readonly TimeProvider Wall = TimeProvider.System;

    /// <summary>How long a claim hides a notification from other processes: longer than any one send may take.</summary>
    private TimeSpan Lease => settings.Timeout + TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                var claimId = Guid.NewGuid().ToString("N");
                var now = Wall.GetUtcNow();
                var due = await outbox.ClaimNotificationsAsync(claimId, now, now + Lease, BatchSize, stoppingToken).ConfigureAwait(false);
                claimed = due.Count;
                // Every channel at once, so one dead webhook's timeouts do not hold up the others.
                await Task.WhenAll(due.Select(n => DeliverAsync(n, claimId, stoppingToken))).ConfigureAwait(false);
                if (claimed == 0) await queue.WaitAsync(service.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("notification outbox not read: {Kind}", e.GetType().Name);
                await Task.Delay(service.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DeliverAsync(OutboxNotification n, string claimId, CancellationToken stopping)
    {
        string? failure;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(settings.Timeout);
            await SendAsync(n, timeout.Token).ConfigureAwait(false);
            failure = null;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping mid-send: due again at once, for this process's next start or another process.
            await outbox.MarkNotificationFailedAsync(n.Id, claimId, "interrupted by a stop", Wall.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            return;
        }
        catch (Exception e)
        {
            failure = e is DeliveryException d ? d.Message : e is OperationCanceledException ? "timed out" : e.GetType().Name;
        }
        var action = n.Channel == NotificationQueue.EmailChannel ? "notification_email" : "notification_webhook";
        var target = OperationService.Target(n.OperationId);
        if (failure is null)
        {
            if (await outbox.MarkNotificationSentAsync(n.Id, claimId, Wall.GetUtcNow(), CancellationToken.None).ConfigureAwait(false))
                await audit.RecordAsync("notifier", null, action, target, null, "sent", CancellationToken.None).ConfigureAwait(false);
            return;
        }
        if (n.Attempts < settings.Attempts)
        {
            var retryAt = Wall.GetUtcNow() + settings.Backoff * Math.Pow(2, n.Attempts - 1);
            await outbox.MarkNotificationFailedAsync(n.Id, claimId, failure, retryAt, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        if (!await outbox.MarkNotificationFailedAsync(n.Id, claimId, failure, null, CancellationToken.None).ConfigureAwait(false)) return;
        if (n.Channel == NotificationQueue.EmailChannel)
            logger.LogWarning("e-mail to {Count} recipients failed after {Attempts} attempts: {Reason}", queue.RecipientsOf(n.Roles).Count, n.Attempts, failure);
        else
            logger.LogWarning("webhook {Number} failed after {Attempts} attempts: {Reason}", WebhookNumber(n.Channel), n.Attempts, failure);
        await audit.RecordAsync("notifier", null, action, target, null, "failed", CancellationToken.None).ConfigureAwait(false);
    }

    private async Task SendAsync(OutboxNotification n, CancellationToken ct)
    {
        if (n.Channel == NotificationQueue.EmailChannel)
        {
            var recipients = queue.RecipientsOf(n.Roles);
            if (settings.Smtp is not { } smtp || recipients.Count == 0) throw new DeliveryException("e-mail is not configured in this process for these roles");
            await EmailSender.SendAsync(smtp, recipients, n.Subject, n.Text, ct).ConfigureAwait(false);
            return;
        }
        var number = WebhookNumber(n.Channel);
        if (number < 1 || number > settings.Webhooks.Count) throw new DeliveryException($"webhook {number} is not configured in this process");
        await webhooks.SendAsync(settings.Webhooks[number - 1], n.Text, ct).ConfigureAwait(false);
    }

    /// <summary>The webhook's number as people count (from 1) in its channel name <c>webhook:N</c> (N from 0); 0 when malformed.</summary>
    private static int WebhookNumber(string channel) =>
        channel.StartsWith("webhook:", StringComparison.Ordinal) && int.TryParse(channel.AsSpan("webhook:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i + 1 : 0;
}
