namespace Obscura.Engine.Profiling;

/// <summary>
/// How many rows of a table reference each row of its parent through one foreign key: <see cref="Counts"/> pairs a number
/// of children with the number of parent rows that have exactly that many (parents without children included).
/// </summary>
public sealed record FanOutProfile
{
    /// <summary>The referencing columns, joined with ',' (as <c>GenerationSchema</c>'s fan-out keys).</summary>
    public required string ForeignKey { get; init; }
    /// <summary>The referenced table (schema.table, or table).</summary>
    public required string Parent { get; init; }
    /// <summary>Rows of the parent table when the fan-out was computed.</summary>
    public long ParentRows { get; init; }
    /// <summary>Child rows whose key has a NULL part (they reference no parent).</summary>
    public long Orphans { get; init; }
    /// <summary>Children per parent → parents, ascending by children; parents with no child appear as 0.</summary>
    public required IReadOnlyList<FanOutCount> Counts { get; init; }
}

/// <summary><see cref="Parents"/> parent rows have exactly <see cref="Children"/> child rows.</summary>
public sealed record FanOutCount(long Children, long Parents);
