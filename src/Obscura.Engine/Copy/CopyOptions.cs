using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Data;

namespace Obscura.Engine.Copy;

/// <summary>What <c>obscura copy</c> was asked to do.</summary>
public sealed record CopyOptions
{
    /// <summary>Where rows come from (never written).</summary>
    public required DatabaseUri Source { get; init; }
    /// <summary>Where rows go (created when missing).</summary>
    public required DatabaseUri Target { get; init; }
    /// <summary>The anonymization config; <see cref="ObscuraConfig.Empty"/> for a plain copy.</summary>
    public ObscuraConfig Config { get; init; } = ObscuraConfig.Empty;
    /// <summary>Only these tables (names as in config keys); empty means all.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];
    /// <summary>Tables loaded at once; default: number of cores.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;
    /// <summary>Replace target tables that already hold rows.</summary>
    public bool DropExisting { get; init; }
    /// <summary>The run secret for keyed strategies, or null.</summary>
    public RunSecret? Secret { get; init; }
    /// <summary>
    /// Memory for output fingerprints per guarded unique constraint (see <see cref="Uniqueness.UniqueGuard"/>);
    /// beyond it they spill to a temporary file.
    /// </summary>
    public long UniqueMemoryBytes { get; init; } = Uniqueness.FingerprintSet.DefaultMemoryBytes;
    /// <summary>
    /// Command-line subset filters and options (docs/subset.md); with the config's per-table <c>where</c>/<c>sample</c>
    /// they make the copy a referentially closed subset. None of either: the whole database.
    /// </summary>
    public Subset.SubsetOptions Subset { get; init; } = Engine.Subset.SubsetOptions.None;
}
