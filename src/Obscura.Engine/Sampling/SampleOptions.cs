using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Data;
using Obscura.Engine.Dump;

namespace Obscura.Engine.Sampling;

/// <summary>What <c>obscura sample</c> was asked to do.</summary>
public sealed record SampleOptions
{
    /// <summary>Where rows come from (never written).</summary>
    public required DatabaseUri Source { get; init; }
    /// <summary>The table to sample (<c>schema.table</c> or a unique bare name).</summary>
    public required string Table { get; init; }
    /// <summary>Rows to pick (the table's row count when it has fewer).</summary>
    public required int Size { get; init; }
    /// <summary>The share of each strategy.</summary>
    public SampleMix Mix { get; init; } = SampleMix.Default;
    /// <summary>A column whose values split the sample into proportional strata within each strategy, or null.</summary>
    public string? Stratify { get; init; }
    /// <summary>A database to copy the sample (and its referential closure) into, or null to write files.</summary>
    public DatabaseUri? Target { get; init; }
    /// <summary>Replace target tables that already hold rows.</summary>
    public bool DropExisting { get; init; }
    /// <summary>The directory for the reports and, without <see cref="Target"/>, the per-table files.</summary>
    public string Output { get; init; } = ".";
    /// <summary>Files written without a target: <see cref="DumpFormat.Csv"/> (default) or <see cref="DumpFormat.Parquet"/>.</summary>
    public DumpFormat Format { get; init; } = DumpFormat.Csv;
    /// <summary>The anonymization config (strategies applied to the sample, <c>sample: risk:</c> rules).</summary>
    public ObscuraConfig Config { get; init; } = ObscuraConfig.Empty;
    /// <summary>The run secret for keyed strategies, or null.</summary>
    public RunSecret? Secret { get; init; }
    /// <summary>Seed of every random choice: the same seed picks the same rows.</summary>
    public long Seed { get; init; }
}
