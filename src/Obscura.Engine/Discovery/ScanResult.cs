using Obscura.Core.Schema;

namespace Obscura.Engine.Discovery;

/// <summary>What a scan found: the catalog, one finding per examined column (table order, then column order), and the draft config.</summary>
/// <param name="Catalog">The source's schema catalog (every table, scanned or not).</param>
/// <param name="Findings">One finding per column of the scanned tables.</param>
public sealed record ScanResult(Catalog Catalog, IReadOnlyList<ColumnFinding> Findings)
{
    /// <summary>The draft <c>obscura.yaml</c> and what the planner said about it.</summary>
    public DraftConfig Draft { get; init; } = DraftConfig.Empty;

    /// <summary>Tables examined.</summary>
    public int TablesScanned { get; init; }

    /// <summary>Problems that did not stop the scan (a table that could not be sampled), worded without values.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Wall-clock time of the scan.</summary>
    public TimeSpan Elapsed { get; init; }
}
