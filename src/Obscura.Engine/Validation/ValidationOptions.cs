using Obscura.Core.Config;
using Obscura.Core.Schema;
using Obscura.Engine.Uniqueness;

namespace Obscura.Engine.Validation;

/// <summary>What <see cref="ValidationService"/> checks and with which inputs.</summary>
public sealed record ValidationOptions
{
    /// <summary>Only these source tables (schema.table or table); empty: every table of the source.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];
    /// <summary>Logical foreign keys (config <c>relations:</c>); those that cross databases are left to <see cref="ValidationService.CheckCrossDatabaseRelationsAsync"/>.</summary>
    public IReadOnlyList<RelationRule> Relations { get; init; } = [];
    /// <summary>
    /// Fingerprints of the original values collected before they were overwritten (in-place runs). When null they are
    /// read from the source. The service does not dispose them.
    /// </summary>
    public LeakageFingerprints? OriginalFingerprints { get; init; }
    /// <summary>Row counts per source table taken before the run (in-place runs); when null they are counted in the source.</summary>
    public IReadOnlyDictionary<TableName, long>? SourceRowCounts { get; init; }
    /// <summary>Queries and scans at once (default: number of cores, at least 2).</summary>
    public int Jobs { get; init; } = Math.Max(2, Environment.ProcessorCount);
    /// <summary>Example locations per check (default 10).</summary>
    public int MaxExamples { get; init; } = 10;
    /// <summary>Which originals count, and how far n-grams reach.</summary>
    public LeakageRules Leakage { get; init; } = LeakageRules.Default;
    /// <summary>Also scan transformed text columns (strict; fake values can coincide with real ones and raise false alarms).</summary>
    public bool ScanTransformedColumns { get; init; }
    /// <summary>
    /// Target columns the leakage scan skips (<c>table.column</c> or <c>schema.table.column</c>), for text known to be
    /// benign; they are listed in the report so the exemption stays visible.
    /// </summary>
    public IReadOnlyList<string> LeakageIgnore { get; init; } = [];
    /// <summary>Re-check keys and NOT NULL columns the target enforces itself (slower; normally they hold by construction).</summary>
    public bool RecheckEnforced { get; init; }
    /// <summary>Memory for original fingerprints before they spill to a temporary file.</summary>
    public long FingerprintMemoryBytes { get; init; } = FingerprintSet.DefaultMemoryBytes;
}
