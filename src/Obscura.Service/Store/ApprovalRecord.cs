namespace Obscura.Service.Store;

/// <summary>One approval or rejection, bound to the operation's fingerprint at the time it was given.</summary>
public sealed record ApprovalRecord(long Id, long OperationId, long UserId, string UserName, string Role, string Decision,
    string? Comments, string Fingerprint, DateTimeOffset DecidedAt)
{
    /// <summary>The request version the decision was made on (null for decisions stored before versions were kept).</summary>
    public int? Version { get; init; }
}
