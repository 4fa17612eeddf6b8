namespace Obscura.Engine.Validation;

/// <summary>The checks <see cref="ValidationService"/> runs.</summary>
public enum ValidationCheckKind
{
    /// <summary>Every table holds as many rows in the target as in the source.</summary>
    RowCounts,
    /// <summary>No orphaned rows: every non-null foreign key (physical or declared under <c>relations:</c>) has its parent.</summary>
    ForeignKeys,
    /// <summary>No two rows share a primary key or unique key value.</summary>
    Unique,
    /// <summary>No NULL in a column the source declares NOT NULL.</summary>
    NotNull,
    /// <summary>No original value of a transformed column appears anywhere in the target's text.</summary>
    PiiLeakage,
}
