namespace Obscura.Service.Store;

/// <summary>
/// The counts of the API's fixed-window rate limit, shared by every <c>serve</c> process on one store (PostgreSQL), so a
/// client's budget is the same whichever instance a load balancer sends it to.
/// </summary>
public interface ISharedRateLimitStore
{
    /// <summary>
    /// Adds each client key's requests admitted by this process since its last call to the key's count in the window that
    /// starts at <paramref name="windowStart"/> (0 only reads it); returns every given key's count over all processes.
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> AddRateLimitCountsAsync(DateTimeOffset windowStart, IReadOnlyList<KeyValuePair<string, long>> admitted, CancellationToken cancellationToken);

    /// <summary>Removes the counts of windows that started before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneRateLimitCountsAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
