namespace Obscura.Service.Operations;

/// <summary>One version of an operation's request, as <c>GET /api/database-operations/{id}/versions</c> lists it.</summary>
public sealed record OperationVersionView
{
    /// <summary>1 for the request as created, then one more per change of its fingerprint.</summary>
    public required int Version { get; init; }
    /// <summary>created, updated, data_source_changed, or recorded (kept later for an operation stored before versions were).</summary>
    public required string Reason { get; init; }
    /// <summary>Whose action kept it, or null.</summary>
    public string? CreatedBy { get; init; }
    /// <summary>When it was kept.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The fingerprint approvals of this version bind to.</summary>
    public required string Fingerprint { get; init; }
    /// <summary>True for the version the operation has now.</summary>
    public bool Current { get; init; }
    /// <summary>The request of this version.</summary>
    public required OperationRequest Request { get; init; }
    /// <summary>The roles it needed.</summary>
    public required IReadOnlyList<string> RequiredRoles { get; init; }
    /// <summary>The source as fingerprinted, or null when not known.</summary>
    public DataSourceSnapshot? Source { get; init; }
    /// <summary>The target as fingerprinted, or null.</summary>
    public DataSourceSnapshot? Target { get; init; }
    /// <summary>The decisions given on this version.</summary>
    public required IReadOnlyList<VersionDecision> Decisions { get; init; }
}
