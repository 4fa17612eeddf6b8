using Obscura.Core.Privacy.Anonymity;
using Obscura.Data;

namespace Obscura.Engine.Release;

/// <summary>How <c>obscura release</c> searches for the generalization.</summary>
public enum ReleaseMethod
{
    /// <summary>Multidimensional local recoding (Mondrian with least-loss cuts): the least information loss.</summary>
    Mondrian,
    /// <summary>Full-domain recoding: one hierarchy level per column for every row, the optimum over the lattice.</summary>
    FullDomain,
}

/// <summary>The kind of l-diversity asked for.</summary>
public enum LDiversityKind
{
    /// <summary>At least l different sensitive values per class.</summary>
    Distinct,
    /// <summary>Entropy of the sensitive values at least log(l).</summary>
    Entropy,
    /// <summary>Recursive (c,l)-diversity.</summary>
    Recursive,
}

/// <summary>What <c>obscura release</c> was asked to do.</summary>
public sealed record ReleaseOptions
{
    /// <summary>Where the table is read (never written).</summary>
    public required DatabaseUri Source { get; init; }
    /// <summary>The table (schema.table or table).</summary>
    public required string Table { get; init; }
    /// <summary>The quasi-identifiers, generalized in the output.</summary>
    public required IReadOnlyList<string> QuasiIdentifiers { get; init; }
    /// <summary>The sensitive column (released unchanged; l-diversity and t-closeness are about it), or null.</summary>
    public string? Sensitive { get; init; }
    /// <summary>Other columns to release unchanged (every column not named is left out).</summary>
    public IReadOnlyList<string> Keep { get; init; } = [];
    /// <summary>The smallest class size, at least 2.</summary>
    public required int K { get; init; }
    /// <summary>l for l-diversity, or null.</summary>
    public double? L { get; init; }
    /// <summary>Which l-diversity.</summary>
    public LDiversityKind LKind { get; init; } = LDiversityKind.Distinct;
    /// <summary>c for recursive (c,l)-diversity.</summary>
    public double? C { get; init; }
    /// <summary>t for t-closeness, or null.</summary>
    public double? T { get; init; }
    /// <summary>t-closeness's ground distance; null: ordered for a numeric sensitive column, hierarchical when it has a hierarchy, else equal.</summary>
    public GroundDistance? TDistance { get; init; }
    /// <summary>The directory of hierarchy files, one per categorical column: COLUMN.csv (a '-' in the name may be '_').</summary>
    public required string HierarchyDirectory { get; init; }
    /// <summary>The most rows that may be left out, as a share of the table (0 to 1).</summary>
    public double SuppressionLimit { get; init; }
    /// <summary>The search.</summary>
    public ReleaseMethod Method { get; init; } = ReleaseMethod.Mondrian;
    /// <summary>The file to write, FILE.csv or FILE.parquet; null when <see cref="Target"/> is set.</summary>
    public string? OutputFile { get; init; }
    /// <summary>The database that receives a new table; null when <see cref="OutputFile"/> is set.</summary>
    public DatabaseUri? Target { get; init; }
    /// <summary>The new table's name in a database output (default: the source table's name).</summary>
    public string? OutputTable { get; init; }
    /// <summary>Records whose re-identification risk exceeds this count as at risk in the report.</summary>
    public double RiskThreshold { get; init; } = 0.2;
}
