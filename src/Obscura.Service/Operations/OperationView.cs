namespace Obscura.Service.Operations;

/// <summary>An operation as the API returns it.</summary>
public sealed record OperationView
{
    /// <summary>Id.</summary>
    public required long Id { get; init; }
    /// <summary>Type.</summary>
    public required string OperationType { get; init; }
    /// <summary>Status.</summary>
    public required string Status { get; init; }
    /// <summary>The requester's user name.</summary>
    public required string RequestedBy { get; init; }
    /// <summary>The request as validated.</summary>
    public required OperationRequest Request { get; init; }
    /// <summary>Source data source id.</summary>
    public required string SourceId { get; init; }
    /// <summary>Target data source id, or null.</summary>
    public string? TargetId { get; init; }
    /// <summary>Roles whose approval it needs.</summary>
    public required IReadOnlyList<string> RequiredRoles { get; init; }
    /// <summary>Required roles without a valid approval now.</summary>
    public required IReadOnlyList<string> MissingRoles { get; init; }
    /// <summary>Every decision, with whether it still counts (same fingerprint, not expired).</summary>
    public required IReadOnlyList<ApprovalView> Approvals { get; init; }
    /// <summary>The request's fingerprint approvals bind to.</summary>
    public required string Fingerprint { get; init; }
    /// <summary>When to run.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }
    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>Ended.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }
}

/// <summary>One decision on an operation.</summary>
public sealed record ApprovalView(string Role, string User, string Decision, string? Comments, DateTimeOffset DecidedAt, bool Valid, string? WhyNotValid)
{
    /// <summary>The request version it was given on (see <c>/versions</c>), or null for decisions from before versions were kept.</summary>
    public int? Version { get; init; }
}
