namespace Obscura.Service.Store;

/// <summary>
/// Obscura's own state: users, data sources, operations, approvals, progress and the audit index. The embedded default
/// is SQLite (<see cref="SqliteServiceStore"/>); a PostgreSQL store for several service and worker processes implements
/// the same contract. Status changes are compare-and-set, so two workers never claim one operation.
/// </summary>
public interface IServiceStore : IDisposable
{
    /// <summary>Creates or upgrades the schema.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);
    /// <summary>True when the store answers.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);

    /// <summary>Adds a user; the name must be new.</summary>
    Task<ServiceUser> AddUserAsync(string name, IReadOnlyList<string> roles, string tokenHash, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>The enabled or disabled user whose token hashes to <paramref name="tokenHash"/>, or null.</summary>
    Task<ServiceUser?> FindUserByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);
    /// <summary>The user by name, or null.</summary>
    Task<ServiceUser?> FindUserAsync(string name, CancellationToken cancellationToken);
    /// <summary>Every user, by name.</summary>
    Task<IReadOnlyList<ServiceUser>> ListUsersAsync(CancellationToken cancellationToken);
    /// <summary>Disables or enables a user; false when there is no such user.</summary>
    Task<bool> SetUserDisabledAsync(string name, bool disabled, CancellationToken cancellationToken);
    /// <summary>Replaces a user's token hash (the old token stops working at once); false when there is no such user.</summary>
    Task<bool> SetUserTokenAsync(string name, string tokenHash, CancellationToken cancellationToken);

    /// <summary>Adds a data source.</summary>
    Task AddDataSourceAsync(DataSourceRecord source, CancellationToken cancellationToken);
    /// <summary>A data source by id, or null.</summary>
    Task<DataSourceRecord?> GetDataSourceAsync(string id, CancellationToken cancellationToken);
    /// <summary>Every data source, by name.</summary>
    Task<IReadOnlyList<DataSourceRecord>> ListDataSourcesAsync(CancellationToken cancellationToken);
    /// <summary>Replaces a data source's fields.</summary>
    Task UpdateDataSourceAsync(DataSourceRecord source, CancellationToken cancellationToken);
    /// <summary>Deletes a data source; false when there is none.</summary>
    Task<bool> DeleteDataSourceAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stores a new operation and returns it with its id.</summary>
    Task<OperationRecord> AddOperationAsync(OperationRecord operation, CancellationToken cancellationToken);
    /// <summary>An operation by id, or null.</summary>
    Task<OperationRecord?> GetOperationAsync(long id, CancellationToken cancellationToken);
    /// <summary>Operations, newest first, optionally of one status.</summary>
    Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(string? status, CancellationToken cancellationToken);
    /// <summary>Writes <paramref name="operation"/> only if its stored status is still <paramref name="expectedStatus"/>.</summary>
    Task<bool> UpdateOperationAsync(OperationRecord operation, string expectedStatus, CancellationToken cancellationToken);
    /// <summary>
    /// Like <see cref="UpdateOperationAsync(OperationRecord, string, CancellationToken)"/>, and only if the stored fingerprint is still <paramref name="expectedFingerprint"/>:
    /// a decision read before the request changed must not write the old request back.
    /// </summary>
    Task<bool> UpdateOperationAsync(OperationRecord operation, string expectedStatus, string expectedFingerprint, CancellationToken cancellationToken);
    /// <summary>Marks a queued operation, or a scheduled one that is due at <paramref name="now"/>, running and returns it; null when none.</summary>
    Task<OperationRecord?> ClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Puts operations left running by a stopped process back in the queue; returns how many.</summary>
    Task<int> RequeueInterruptedAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records an approval or rejection.</summary>
    Task AddApprovalAsync(ApprovalRecord approval, CancellationToken cancellationToken);
    /// <summary>
    /// Records a decision and the operation's resulting state in one transaction: nothing when the operation is no longer
    /// in <paramref name="expectedStatus"/> with <paramref name="expectedFingerprint"/> (false), so a refused decision leaves
    /// no row that could count or be announced later.
    /// </summary>
    Task<bool> DecideAsync(ApprovalRecord approval, OperationRecord updated, string expectedStatus, string expectedFingerprint, CancellationToken cancellationToken);
    /// <summary>Every decision on an operation, oldest first.</summary>
    Task<IReadOnlyList<ApprovalRecord>> ListApprovalsAsync(long operationId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves an operation's latest progress snapshot (JSON); one whose <c>status</c> is <c>running</c> never replaces a
    /// final one, so a save computed before the run ended cannot land after its final snapshot.
    /// </summary>
    Task SaveProgressAsync(long operationId, string json, DateTimeOffset at, CancellationToken cancellationToken);
    /// <summary>An operation's latest progress snapshot, or null.</summary>
    Task<string?> GetProgressAsync(long operationId, CancellationToken cancellationToken);

    /// <summary>Indexes an audit line.</summary>
    Task AddAuditAsync(AuditRecord record, CancellationToken cancellationToken);
    /// <summary>Audit records matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken);
}
