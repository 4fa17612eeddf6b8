namespace Obscura.Service.Operations;

/// <summary>The body of <c>PATCH /api/database-operations/{id}</c>.</summary>
public sealed record OperationAction
{
    /// <summary>approve, reject, execute, cancel, or update (with <see cref="Request"/>).</summary>
    public string? Action { get; init; }
    /// <summary>approve/reject: the role approved in; the caller must hold it.</summary>
    public string? ApproverRole { get; init; }
    /// <summary>approve/reject: free text kept with the decision.</summary>
    public string? Comments { get; init; }
    /// <summary>approve/reject: the request version the decision is given on (as shown to the approver); refused with 409 when the request is at another version now.</summary>
    public int? Version { get; init; }
    /// <summary>update: the whole new request; it voids every approval given so far if anything changed.</summary>
    public OperationRequest? Request { get; init; }
}
