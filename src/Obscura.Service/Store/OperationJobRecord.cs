namespace Obscura.Service.Store;

/// <summary>
/// One unit of an operation's work that any worker may run: <c>start</c> (plan and create the target tables),
/// <c>whole</c> (an operation run in one piece), a table or key-range partition (<c>part:N</c>) or <c>finish</c>
/// (constraints, verification). A worker owns it only through its current <see cref="AttemptId"/>.
/// </summary>
public sealed record OperationJobRecord
{
    /// <summary>The operation.</summary>
    public required long OperationId { get; init; }
    /// <summary>Unique within the operation: start, whole, part:N, finish.</summary>
    public required string Key { get; init; }
    /// <summary>What the job does, as JSON (the partition's table and key range); null for start, whole and finish.</summary>
    public string? Spec { get; init; }
    /// <summary>waiting (finish before its partitions are done), pending, running, done, failed, cancelled.</summary>
    public required string Status { get; init; }
    /// <summary>The attempt that owns the job now; a re-delivered job gets a new one.</summary>
    public string? AttemptId { get; init; }
    /// <summary>The worker (host and process) of the current attempt.</summary>
    public string? Worker { get; init; }
    /// <summary>The rows the partition is expected to hold (source estimate).</summary>
    public long RowsEstimated { get; init; }
    /// <summary>Rows written by the current attempt so far (final once done).</summary>
    public long RowsDone { get; init; }
    /// <summary>How many attempts took the job.</summary>
    public int Attempts { get; init; }
    /// <summary>When the current attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it ended.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Why it failed (worded for users, no values).</summary>
    public string? Error { get; init; }
}
