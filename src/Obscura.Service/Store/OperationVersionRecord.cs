namespace Obscura.Service.Store;

/// <summary>
/// One version of an operation's request as it was fingerprinted: the stored request (never a password), the roles it
/// needed and the data sources it resolved to. A new version is kept whenever the fingerprint changes, so approvers can
/// see what changed since they (or anyone) approved.
/// </summary>
public sealed record OperationVersionRecord
{
    /// <summary>The operation.</summary>
    public required long OperationId { get; init; }
    /// <summary>1 for the request as created, then one more per change of the fingerprint (assigned by the store).</summary>
    public int Version { get; init; }
    /// <summary>The stored request JSON (request plus the ids of the data sources it resolved to).</summary>
    public required string RequestJson { get; init; }
    /// <summary>The fingerprint approvals of this version bind to.</summary>
    public required string Fingerprint { get; init; }
    /// <summary>The roles this version needed.</summary>
    public required IReadOnlyList<string> RequiredRoles { get; init; }
    /// <summary>The source data source as fingerprinted (JSON, no password), or null when unknown.</summary>
    public string? SourceJson { get; init; }
    /// <summary>The target data source as fingerprinted (JSON, no password), or null.</summary>
    public string? TargetJson { get; init; }
    /// <summary>Why it was kept: created, updated, data_source_changed, recorded.</summary>
    public required string Reason { get; init; }
    /// <summary>The user whose action kept it, or null.</summary>
    public long? CreatedBy { get; init; }
    /// <summary>That user's name (read back from the users table), or null.</summary>
    public string? CreatedByName { get; init; }
    /// <summary>When it was kept.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
