namespace Obscura.Engine.Profiling;

/// <summary>The result of <c>obscura profile</c>, written as <c>profile.json</c> (see docs/profiling.md for every field).</summary>
public sealed record ProfileReport
{
    /// <summary>Provider name: sqlite, postgres or mysql.</summary>
    public required string Provider { get; init; }
    /// <summary>Server version, when the engine reports one.</summary>
    public string? ServerVersion { get; init; }
    /// <summary>Database name (file name for SQLite).</summary>
    public required string Database { get; init; }
    /// <summary>The source URI without its password.</summary>
    public required string Source { get; init; }
    /// <summary>When the run started (UTC).</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>Wall-clock duration of the run in seconds.</summary>
    public double Seconds { get; init; }
    /// <summary>Rows read over all tables.</summary>
    public long Rows { get; init; }
    /// <summary>Rows read per second of wall-clock time.</summary>
    public double RowsPerSecond { get; init; }
    /// <summary>Readers that ran at once.</summary>
    public int Jobs { get; init; }
    /// <summary>Wall-clock seconds of the reading pass (every table's stream, in parallel).</summary>
    public double ReadSeconds { get; init; }
    /// <summary>CPU seconds this process spent during the reading pass (all threads: driver, sketches, JIT, GC).</summary>
    public double ReadCpuSeconds { get; init; }
    /// <summary>Rows read per CPU second of the reading pass: the per-core throughput.</summary>
    public double RowsPerCpuSecond { get; init; }
    /// <summary>How each statistic is computed and how accurate it is.</summary>
    public IReadOnlyDictionary<string, string> Methods { get; init; } = ProfileMethods.Descriptions;
    /// <summary>Present when the profile was released with differential privacy: the budget and how it was spent.</summary>
    public ProfilePrivacy? Privacy { get; init; }
    /// <summary>One profile per table, in catalog order.</summary>
    public required IReadOnlyList<TableProfile> Tables { get; init; }
}
