using Obscura.Core.Query.Ast;

namespace Obscura.Core.Query;

/// <summary>
/// One aggregate SELECT of the query (a UNION ALL has several): the rewritten SQL that returns, per group, the group keys
/// and the exact measures; and how the outputs are computed from the noisy measures afterwards.
/// </summary>
public sealed record AggregateBranch
{
    /// <summary>The rewritten SQL: columns are the group keys, then <see cref="Measure.Column"/> of each non-quantile measure.</summary>
    public required string Sql { get; init; }
    /// <summary>How many group keys lead each result row.</summary>
    public int GroupKeyCount { get; init; }
    /// <summary>The group keys as written (for explanations).</summary>
    public IReadOnlyList<string> GroupKeyTexts { get; init; } = [];
    /// <summary>The noisy statistics.</summary>
    public required IReadOnlyList<Measure> Measures { get; init; }
    /// <summary>The aggregate calls of the query, computed from <see cref="Measures"/>.</summary>
    public required IReadOnlyList<AggregateSlot> Aggregates { get; init; }
    /// <summary>The output expressions over group keys and aggregates (post-processing).</summary>
    public required IReadOnlyList<SqlExpression> Outputs { get; init; }
    /// <summary>The HAVING condition over the noisy results, if any.</summary>
    public SqlExpression? Having { get; init; }
    /// <summary>ORDER BY keys evaluated per result row (the plan's directions apply).</summary>
    public IReadOnlyList<SqlExpression> SortKeys { get; init; } = [];
    /// <summary>The measure whose noisy value decides whether a group is released (τ-threshold); null when no threshold applies.</summary>
    public int? ThresholdMeasure { get; init; }
    /// <summary>The τ-threshold (persons), when <see cref="ThresholdMeasure"/> is set.</summary>
    public double Threshold { get; init; }
    /// <summary>Per group key, its declared public domain; when every key has one, each combination is released (no threshold).</summary>
    public IReadOnlyList<IReadOnlyList<string>>? KeyDomains { get; init; }
    /// <summary>Rows per person kept before aggregation.</summary>
    public int MaxContributions { get; init; } = 1;
    /// <summary>The SmartNoise-style TOP n of this SELECT (applied after noise).</summary>
    public long? Top { get; init; }
}
