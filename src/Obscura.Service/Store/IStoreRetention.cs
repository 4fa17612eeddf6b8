namespace Obscura.Service.Store;

/// <summary>
/// Removes what the store no longer needs to keep: the report files of operations that ended long ago, and outbox rows
/// that were sent or given up. Each call removes at most one bounded batch in one short transaction, so a sweep never
/// holds many locks, and several processes sweeping one store at once only share the work.
/// </summary>
public interface IStoreRetention
{
    /// <summary>
    /// Removes the report files of up to <paramref name="maxOperations"/> operations that are final and finished before
    /// <paramref name="finishedBefore"/>, and records for each that its reports were removed at <paramref name="now"/>.
    /// </summary>
    Task<ReportRemoval> RemoveExpiredReportsAsync(DateTimeOffset finishedBefore, DateTimeOffset now, int maxOperations, CancellationToken cancellationToken);
    /// <summary>Removes up to <paramref name="max"/> sent or failed outbox rows whose last attempt was before <paramref name="before"/>; returns how many.</summary>
    Task<int> RemoveExpiredNotificationsAsync(DateTimeOffset before, int max, CancellationToken cancellationToken);
    /// <summary>Removes up to <paramref name="max"/> records of notified events recorded before <paramref name="before"/>; returns how many.</summary>
    Task<int> RemoveNotificationEventsAsync(DateTimeOffset before, int max, CancellationToken cancellationToken);
    /// <summary>When retention removed the operation's report files, and how many; null when it did not.</summary>
    Task<ReportRemoval?> ReportsRemovedAsync(long operationId, CancellationToken cancellationToken);
}
