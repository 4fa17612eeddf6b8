namespace Obscura.Service.Store;

/// <summary>Filters for audit records; null means any.</summary>
public sealed record AuditQuery
{
    /// <summary>Only this user.</summary>
    public string? Actor { get; init; }
    /// <summary>Only this action.</summary>
    public string? Action { get; init; }
    /// <summary>Only this outcome.</summary>
    public string? Outcome { get; init; }
    /// <summary>Only this target (<c>operation:12</c>).</summary>
    public string? Target { get; init; }
    /// <summary>At or after.</summary>
    public DateTimeOffset? Since { get; init; }
    /// <summary>Before.</summary>
    public DateTimeOffset? Until { get; init; }
    /// <summary>At most this many, newest first.</summary>
    public int Limit { get; init; } = 500;
}
