namespace Obscura.Service.Store;

/// <summary>
/// Creating a recurring definition's run as a claim on its occurrence: (definition, occurrence time) is unique in the
/// store, so however many schedulers share the store, each occurrence becomes exactly one run.
/// </summary>
public interface IRecurringRunStore
{
    /// <summary>
    /// Adds <paramref name="run"/> and claims <paramref name="occurrence"/> of <paramref name="definitionId"/> for it in one
    /// transaction, and returns the run with its id; null (and nothing added) when the occurrence was claimed already, or
    /// the definition is no longer recurring with the run's fingerprint (cancelled or changed since it was read).
    /// </summary>
    Task<OperationRecord?> AddRecurringRunAsync(long definitionId, DateTimeOffset occurrence, OperationRecord run, CancellationToken cancellationToken);
}
