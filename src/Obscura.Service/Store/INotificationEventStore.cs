namespace Obscura.Service.Store;

/// <summary>
/// The record of which events (an approval needed, a decision, a run's end) have had their notifications put in the
/// outbox. The event's record and its outbox rows are written in one transaction, and the record's key is unique, so an
/// event is queued once whichever process (the one that acted, or a reconciler after it died) gets there first.
/// </summary>
public interface INotificationEventStore
{
    /// <summary>
    /// Records <paramref name="notificationEvent"/> and adds <paramref name="notifications"/> (may be none) due at
    /// <paramref name="now"/>, in one transaction; false, adding nothing, when the event was recorded already.
    /// </summary>
    Task<bool> EnqueueEventAsync(NotificationEvent notificationEvent, IReadOnlyList<OutboxNotification> notifications, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>
    /// Events the store's state shows between <paramref name="from"/> and <paramref name="to"/> with no record yet, oldest
    /// first, at most <paramref name="max"/>: decisions (approvals rows), request versions created or updated, and ends of
    /// operations that ran.
    /// </summary>
    Task<IReadOnlyList<NotificationEvent>> ListUnrecordedEventsAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken);
}
