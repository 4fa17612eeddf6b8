namespace Obscura.Service.Store;

/// <summary>
/// The versions of each operation's request, kept next to the operation so a changed request can be shown as a diff
/// against the version that was approved.
/// </summary>
public interface IOperationVersionStore
{
    /// <summary>
    /// Keeps <paramref name="version"/> as the operation's next version (its number is assigned here) and returns it as
    /// stored; when the latest version already has the same fingerprint, keeps nothing and returns that one.
    /// </summary>
    Task<OperationVersionRecord> AddVersionAsync(OperationVersionRecord version, CancellationToken cancellationToken);
    /// <summary>
    /// Stores <paramref name="operation"/> (only while it still has <paramref name="expectedStatus"/> and
    /// <paramref name="expectedFingerprint"/>) and keeps <paramref name="version"/> as its next version in the same
    /// transaction, so no reader sees the changed operation without the version saying why; null when it changed meanwhile.
    /// </summary>
    Task<OperationVersionRecord?> UpdateOperationWithVersionAsync(OperationRecord operation, string expectedStatus, string expectedFingerprint,
        OperationVersionRecord version, CancellationToken cancellationToken);
    /// <summary>Adds <paramref name="operation"/> with <paramref name="version"/> as its version 1 (its operation id assigned here), in one transaction.</summary>
    Task<OperationRecord> AddOperationWithVersionAsync(OperationRecord operation, OperationVersionRecord version, CancellationToken cancellationToken);
    /// <summary>Every version of an operation, oldest first.</summary>
    Task<IReadOnlyList<OperationVersionRecord>> ListVersionsAsync(long operationId, CancellationToken cancellationToken);
}
