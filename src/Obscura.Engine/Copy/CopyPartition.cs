namespace Obscura.Engine.Copy;

/// <summary>
/// One piece of a partitioned copy: a whole table, or the rows of a table whose single-column integer key lies in
/// [<see cref="From"/>, <see cref="To"/>) (null bounds are open, so the first and last pieces also take keys outside
/// the range seen when the copy was planned). Serializable, so any process can run it.
/// </summary>
public sealed record CopyPartition
{
    /// <summary>The source table's schema (null where the engine has none).</summary>
    public string? Schema { get; init; }
    /// <summary>The source table's name.</summary>
    public required string Table { get; init; }
    /// <summary>The key column the range is on; null for a whole table.</summary>
    public string? KeyColumn { get; init; }
    /// <summary>Inclusive lower bound; null: no lower bound.</summary>
    public long? From { get; init; }
    /// <summary>Exclusive upper bound; null: no upper bound.</summary>
    public long? To { get; init; }
    /// <summary>Position of this piece within its table (0-based).</summary>
    public int Index { get; init; }
    /// <summary>How many pieces the table was split into.</summary>
    public int Count { get; init; } = 1;
    /// <summary>Rows expected (from the source when the copy was planned).</summary>
    public long EstimatedRows { get; init; }
}
