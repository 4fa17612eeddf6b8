namespace Obscura.Engine.Validation;

/// <summary>One thing a check looked at — a table, a key, a foreign key, a column — with its own counts.</summary>
public sealed record ValidationItem
{
    /// <summary>The target table.</summary>
    public required string Table { get; init; }
    /// <summary>The columns concerned (empty for whole-table items).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];
    /// <summary>For foreign keys: the referenced table and columns, <c>customers(id)</c>.</summary>
    public string? References { get; init; }
    /// <summary>physical or logical (foreign keys); primary_key, unique_constraint or unique_index (unique); scanned or transformed (leakage).</summary>
    public string? Kind { get; init; }
    /// <summary>Rows in the source (row counts).</summary>
    public long? SourceRows { get; init; }
    /// <summary>Rows in the target (row counts).</summary>
    public long? TargetRows { get; init; }
    /// <summary>Failures: orphaned rows, rows beyond the first per duplicated value, NULL cells, or cells holding an original value.</summary>
    public long Failures { get; init; }
    /// <summary>True when the target enforces this key or NOT NULL itself, so it holds by construction and was not rescanned.</summary>
    public bool Enforced { get; init; }
}
