namespace Obscura.Engine.Copy;

/// <summary>What <see cref="PartitionedCopyService.PrepareAsync"/> decided: the pieces to copy.</summary>
public sealed record PartitionedCopyPlan
{
    /// <summary>Every piece, largest tables first.</summary>
    public required IReadOnlyList<CopyPartition> Partitions { get; init; }
    /// <summary>Warnings from planning (lossy type mappings and the like).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>When the prepare step started.</summary>
    public DateTimeOffset StartedAt { get; init; }
}
