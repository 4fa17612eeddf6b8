namespace Obscura.Service.Store;

/// <summary>One requested database operation and where it stands.</summary>
public sealed record OperationRecord
{
    /// <summary>Store-assigned id (0 before it is stored).</summary>
    public long Id { get; init; }
    /// <summary>copy_full, copy_filtered, sync_schema, dump, scan, profile.</summary>
    public required string OperationType { get; init; }
    /// <summary>The requesting user's id.</summary>
    public required long RequestedBy { get; init; }
    /// <summary>The request as submitted (normalized JSON; never holds a password).</summary>
    public required string RequestJson { get; init; }
    /// <summary>SHA-256 of the whole request and the data sources it resolved to: approvals bind to it.</summary>
    public required string Fingerprint { get; init; }
    /// <summary>pending_approval, approved, scheduled, queued, running, succeeded, failed, cancelled, rejected.</summary>
    public required string Status { get; init; }
    /// <summary>Roles whose approval the operation needs (request and environment rules together).</summary>
    public required IReadOnlyList<string> RequiredRoles { get; init; }
    /// <summary>When to run, or null for as soon as it is executed.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }
    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When a worker started it.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it ended.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Why it failed (worded for users, no values, no secrets).</summary>
    public string? Error { get; init; }
    /// <summary>The run summary as JSON, once done.</summary>
    public string? ReportJson { get; init; }
    /// <summary>How many times a worker picked it up.</summary>
    public int Attempts { get; init; }
    /// <summary>Set when cancellation was asked for while it ran.</summary>
    public bool CancelRequested { get; init; }
}
