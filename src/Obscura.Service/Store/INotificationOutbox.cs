namespace Obscura.Service.Store;

/// <summary>
/// Notifications kept in the store until they are sent, so a stop loses none and several processes sharing the store
/// deliver each once. A claim hides a row for a lease; a sender that dies mid-send leaves it to be claimed again when
/// the lease ends (delivery is at least once).
/// </summary>
public interface INotificationOutbox
{
    /// <summary>Adds notifications, due at <paramref name="now"/>.</summary>
    Task EnqueueNotificationsAsync(IReadOnlyList<OutboxNotification> notifications, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>
    /// Claims up to <paramref name="max"/> unsent notifications due at <paramref name="now"/> for <paramref name="claimId"/>,
    /// counting an attempt and hiding them until <paramref name="leaseUntil"/>; concurrent claimers never get the same row.
    /// </summary>
    Task<IReadOnlyList<OutboxNotification>> ClaimNotificationsAsync(string claimId, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken);
    /// <summary>Marks a claimed notification sent; false when the claim no longer owns it.</summary>
    Task<bool> MarkNotificationSentAsync(long id, string claimId, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>
    /// Records a failed attempt: due again at <paramref name="retryAt"/>, or given up (status failed) when it is null;
    /// false when the claim no longer owns it.
    /// </summary>
    Task<bool> MarkNotificationFailedAsync(long id, string claimId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken);
    /// <summary>Notifications by status (pending, sent, failed) for one operation, oldest first.</summary>
    Task<IReadOnlyList<(OutboxNotification Notification, string Status)>> ListNotificationsAsync(long operationId, CancellationToken cancellationToken);
}
