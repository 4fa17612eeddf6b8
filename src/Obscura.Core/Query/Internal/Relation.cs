namespace Obscura.Core.Query.Internal;

/// <summary>A FROM clause analysed: its columns, its rewritten SQL, and how persons appear in its rows.</summary>
internal sealed record Relation
{
    public required IReadOnlyList<RelationColumn> Columns { get; init; }
    /// <summary>The rewritten FROM items (without the word FROM).</summary>
    public required string Sql { get; init; }
    /// <summary>True when a private (confidential) table contributes rows.</summary>
    public bool IsPrivate { get; init; }
    /// <summary>The privacy unit column, or null (public, or row-level privacy).</summary>
    public RelationColumn? Unit { get; init; }
    /// <summary>Rows per person kept before aggregation (1 with row-level privacy).</summary>
    public int MaxContributions { get; init; } = 1;
    /// <summary>True when each person has at most one row already (the unit is a unique, non-null key of the only private table).</summary>
    public bool UnitIsUnique { get; init; }
    /// <summary>Private tables without a privacy unit (each row is a person).</summary>
    public bool RowPrivacy { get; init; }
    /// <summary>Base tables read.</summary>
    public required IReadOnlyList<string> Tables { get; init; }
}
