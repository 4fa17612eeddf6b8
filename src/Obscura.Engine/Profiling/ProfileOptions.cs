using Obscura.Data;

namespace Obscura.Engine.Profiling;

/// <summary>What <c>obscura profile</c> was asked to do.</summary>
public sealed record ProfileOptions
{
    /// <summary>The database to profile (only read).</summary>
    public required DatabaseUri Source { get; init; }
    /// <summary>Only these tables (schema.table or table); empty means all.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];
    /// <summary>Readers at once (tables and partitions of large tables); default: number of cores.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;
    /// <summary>
    /// A table with an integer primary key is split into key ranges read in parallel when it holds at least twice this many
    /// rows (at most <see cref="Jobs"/> partitions, each of about this many rows or more).
    /// </summary>
    public long MinPartitionRows { get; init; } = 250_000;
    /// <summary>Most frequent values reported per column.</summary>
    public int TopValues { get; init; } = 10;
    /// <summary>Most frequent shapes reported per text column.</summary>
    public int TopPatterns { get; init; } = 5;
    /// <summary>
    /// A column with at most this many distinct values lists all of them with exact counts (<c>top_values_complete</c>),
    /// whatever <see cref="TopValues"/> says: its full frequency table (at most 64, the top-value summary's size).
    /// </summary>
    public int CompleteValues { get; init; } = 64;
    /// <summary>Compute each foreign key's children-per-parent distribution (one grouped query per key).</summary>
    public bool FanOut { get; init; } = true;
}
