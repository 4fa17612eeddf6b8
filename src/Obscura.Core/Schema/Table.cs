namespace Obscura.Core.Schema;

/// <summary>A table with its columns, keys, indexes and constraints.</summary>
public sealed record Table
{
    /// <summary>Qualified name.</summary>
    public required TableName Name { get; init; }
    /// <summary>Columns in declared order.</summary>
    public required IReadOnlyList<Column> Columns { get; init; }
    /// <summary>Primary key, if declared.</summary>
    public UniqueKey? PrimaryKey { get; init; }
    /// <summary>Unique constraints (not the primary key).</summary>
    public IReadOnlyList<UniqueKey> UniqueKeys { get; init; } = [];
    /// <summary>Foreign keys declared on this table.</summary>
    public IReadOnlyList<ForeignKey> ForeignKeys { get; init; } = [];
    /// <summary>Indexes that do not back the primary key or a unique constraint.</summary>
    public IReadOnlyList<TableIndex> Indexes { get; init; } = [];
    /// <summary>CHECK constraints the engine exposes.</summary>
    public IReadOnlyList<CheckConstraint> Checks { get; init; } = [];
    /// <summary>Row count estimate from engine statistics (exact for SQLite); -1 when unknown.</summary>
    public long RowEstimate { get; init; } = -1;
    /// <summary>Table comment, if any.</summary>
    public string? Comment { get; init; }

    /// <summary>Finds a column by exact name, or null.</summary>
    public Column? FindColumn(string name)
    {
        foreach (var c in Columns)
        {
            if (c.Name == name) return c;
        }
        return null;
    }

    /// <summary>Columns that are part of the primary key or of any unique constraint or unique index.</summary>
    public bool IsUniqueColumn(string column)
    {
        if (PrimaryKey is { } pk && pk.Columns.Contains(column)) return true;
        foreach (var u in UniqueKeys) if (u.Columns.Contains(column)) return true;
        foreach (var i in Indexes) if (i.IsUnique && i.Columns.Contains(column)) return true;
        return false;
    }

    /// <summary>True when the column takes part in a foreign key of this table.</summary>
    public bool IsForeignKeyColumn(string column)
    {
        foreach (var fk in ForeignKeys) if (fk.Columns.Contains(column)) return true;
        return false;
    }
}
