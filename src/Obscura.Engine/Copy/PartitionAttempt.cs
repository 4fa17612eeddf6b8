namespace Obscura.Engine.Copy;

/// <summary>One attempt at copying a piece (<see cref="PartitionedCopyService.CopyPartitionAsync"/>): what the caller knows and wants told.</summary>
public sealed record PartitionAttempt
{
    /// <summary>
    /// True when no earlier attempt of this piece can have written rows (its first delivery into tables the prepare step
    /// created): the range is known to be empty, so it is not deleted first. The delete scans the table, which has no
    /// index while pieces load, so skipping it saves a scan of every row already loaded.
    /// </summary>
    public bool First { get; init; }

    /// <summary>Rows written so far (called from the writer as it goes).</summary>
    public Action<long>? RowsCopied { get; init; }

    /// <summary>
    /// Called inside the piece's transaction, after its rows are written, with their count: false rolls the attempt back
    /// (the caller's check that this attempt still owns the piece) and the copy returns -1.
    /// </summary>
    public Func<long, CancellationToken, Task<bool>>? BeforeCommit { get; init; }

    /// <summary>Phases of the attempt, for timing.</summary>
    public ICopyProgress? Progress { get; init; }
}
