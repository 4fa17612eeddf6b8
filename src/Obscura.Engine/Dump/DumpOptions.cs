using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Data;

namespace Obscura.Engine.Dump;

/// <summary>The kind of file <c>obscura dump</c> writes.</summary>
public enum DumpFormat
{
    /// <summary>One SQL script for a dialect's client tool (psql, mariadb, sqlite3).</summary>
    Sql,
    /// <summary>One RFC 4180 CSV file per table.</summary>
    Csv,
    /// <summary>One Parquet file per table.</summary>
    Parquet,
}

/// <summary>What <c>obscura dump</c> was asked to do.</summary>
public sealed record DumpOptions
{
    /// <summary>Where rows come from (never written).</summary>
    public required DatabaseUri Source { get; init; }
    /// <summary>The script file (<see cref="DumpFormat.Sql"/>) or the directory that receives one file per table.</summary>
    public required string Output { get; init; }
    /// <summary>What to write.</summary>
    public DumpFormat Format { get; init; } = DumpFormat.Sql;
    /// <summary>The SQL dialect of a script (sqlite, postgres, mysql; mariadb is an alias); null: the source's own.</summary>
    public string? Dialect { get; init; }
    /// <summary>The anonymization config; <see cref="ObscuraConfig.Empty"/> for a plain dump.</summary>
    public ObscuraConfig Config { get; init; } = ObscuraConfig.Empty;
    /// <summary>Only these tables (names as in config keys); empty means all.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];
    /// <summary>The run secret for keyed strategies, or null.</summary>
    public RunSecret? Secret { get; init; }
    /// <summary>Gzip the script or CSV files (also implied by a script name ending in .gz); Parquet files use gzip pages.</summary>
    public bool Compress { get; init; }
    /// <summary>Memory for output fingerprints per guarded unique constraint (see <see cref="Uniqueness.UniqueGuard"/>).</summary>
    public long UniqueMemoryBytes { get; init; } = Uniqueness.FingerprintSet.DefaultMemoryBytes;
    /// <summary>
    /// Subset filters (docs/subset.md). With at least one filter, the dumped tables are a referentially closed subset
    /// computed by the subset engine (the config's per-table <c>where</c>/<c>sample</c> then apply too); without one,
    /// every row of every table.
    /// </summary>
    public Subset.SubsetOptions Subset { get; init; } = Engine.Subset.SubsetOptions.None;
}
