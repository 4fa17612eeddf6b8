using Obscura.Core.Query.Ast;

namespace Obscura.Core.Query;

/// <summary>A validated, rewritten query: what runs in the database, what noise is added, what it costs. Spends nothing by itself.</summary>
public sealed record QueryPlan
{
    /// <summary>The parsed statement.</summary>
    public required QueryStatement Statement { get; init; }
    /// <summary>The output column names.</summary>
    public required IReadOnlyList<string> Columns { get; init; }
    /// <summary>For a query that reads only public tables: the SQL run as is (no noise, no cost); otherwise null.</summary>
    public string? PublicSql { get; init; }
    /// <summary>The aggregate SELECTs (one, or one per UNION ALL branch).</summary>
    public IReadOnlyList<AggregateBranch> Branches { get; init; } = [];
    /// <summary>ORDER BY directions (true = descending), one per <see cref="AggregateBranch.SortKeys"/> entry.</summary>
    public IReadOnlyList<bool> SortDescending { get; init; } = [];
    /// <summary>LIMIT (or TOP on a UNION), applied after noise.</summary>
    public long? Limit { get; init; }
    /// <summary>OFFSET, applied after noise.</summary>
    public long? Offset { get; init; }
    /// <summary>The ε the query costs.</summary>
    public double Epsilon { get; init; }
    /// <summary>The δ the query costs.</summary>
    public double Delta { get; init; }
    /// <summary>Tables touched (as resolved).</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];
    /// <summary>Columns touched (table.column).</summary>
    public IReadOnlyList<string> ColumnsTouched { get; init; } = [];
    /// <summary>Human-readable lines: rules applied, bounds derived, how ε was divided.</summary>
    public IReadOnlyList<string> Explanation { get; init; } = [];
    /// <summary>The mechanism used for counts and sums.</summary>
    public string Mechanism { get; init; } = "none";
}
