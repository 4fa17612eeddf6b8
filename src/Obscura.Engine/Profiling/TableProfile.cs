namespace Obscura.Engine.Profiling;

/// <summary>The profile of one table.</summary>
public sealed record TableProfile
{
    /// <summary>Qualified table name (schema.table, or table).</summary>
    public required string Name { get; init; }
    /// <summary>Rows read (exact).</summary>
    public long Rows { get; init; }
    /// <summary>Key-range partitions read in parallel (1 when read as one stream).</summary>
    public int Partitions { get; init; } = 1;
    /// <summary>Seconds from the first partition's start to the last one's end.</summary>
    public double Seconds { get; init; }
    /// <summary>Rows per second for this table.</summary>
    public double RowsPerSecond { get; init; }
    /// <summary>One profile per column, in declared order.</summary>
    public required IReadOnlyList<ColumnProfile> Columns { get; init; }
    /// <summary>Children per parent row for each foreign key of this table (absent when it has none).</summary>
    public IReadOnlyList<FanOutProfile>? FanOut { get; init; }
}
