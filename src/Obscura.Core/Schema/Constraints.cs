namespace Obscura.Core.Schema;

/// <summary>A primary key or unique constraint.</summary>
public sealed record UniqueKey(string? Name, IReadOnlyList<string> Columns);

/// <summary>A foreign key; <see cref="Columns"/> and <see cref="ReferencedColumns"/> pair up by position.</summary>
public sealed record ForeignKey
{
    /// <summary>Constraint name, if any.</summary>
    public string? Name { get; init; }
    /// <summary>Referencing columns in this table.</summary>
    public required IReadOnlyList<string> Columns { get; init; }
    /// <summary>The referenced table.</summary>
    public required TableName ReferencedTable { get; init; }
    /// <summary>Referenced columns, same order as <see cref="Columns"/>.</summary>
    public required IReadOnlyList<string> ReferencedColumns { get; init; }
    /// <summary>ON DELETE action (NO ACTION, CASCADE, SET NULL, SET DEFAULT, RESTRICT).</summary>
    public string OnDelete { get; init; } = "NO ACTION";
    /// <summary>ON UPDATE action.</summary>
    public string OnUpdate { get; init; } = "NO ACTION";
}

/// <summary>An index. Non-column (expression) parts are kept in <see cref="Definition"/> for same-engine re-creation.</summary>
public sealed record TableIndex
{
    /// <summary>Index name.</summary>
    public required string Name { get; init; }
    /// <summary>Indexed columns in order (empty when the index is purely on expressions).</summary>
    public required IReadOnlyList<string> Columns { get; init; }
    /// <summary>Whether the index enforces uniqueness.</summary>
    public bool IsUnique { get; init; }
    /// <summary>The engine's own definition (e.g. pg_get_indexdef), used when recreating within one dialect.</summary>
    public string? Definition { get; init; }
    /// <summary>True when some part is an expression rather than a plain column.</summary>
    public bool HasExpressions { get; init; }
}

/// <summary>A CHECK constraint, with its expression in the source engine's SQL.</summary>
public sealed record CheckConstraint(string? Name, string Expression)
{
    /// <summary>
    /// True when <see cref="Expression"/> is portable SQL every dialect accepts as written (unquoted lower-case column
    /// names, numbers, single-quoted strings, comparisons, BETWEEN, IN, AND/OR), so it is recreated in any engine rather
    /// than only in the one it came from. Inspected checks are engine SQL and never portable; generation templates write
    /// portable ones.
    /// </summary>
    public bool IsPortable { get; init; }
}
