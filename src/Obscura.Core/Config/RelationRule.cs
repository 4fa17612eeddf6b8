namespace Obscura.Core.Config;

/// <summary>
/// A logical foreign key declared under <c>relations:</c>: a key the schema does not enforce (no physical constraint),
/// possibly across databases. <c>database</c> and <c>references_database</c> name databases as in their URIs (for SQLite
/// the file name without extension); omitted, they mean the database being processed.
/// </summary>
/// <example>
/// <code>
/// relations:
///   - { table: visit, columns: [patient_reg_id], references: person, referenced_columns: [reg_id],
///       database: clinical, references_database: identity }
/// </code>
/// </example>
public sealed record RelationRule
{
    /// <summary>The referencing table (<c>schema.table</c> or <c>table</c>).</summary>
    public required string Table { get; init; }
    /// <summary>Referencing columns.</summary>
    public required IReadOnlyList<string> Columns { get; init; }
    /// <summary>The referenced table.</summary>
    public required string ReferencedTable { get; init; }
    /// <summary>Referenced columns, paired with <see cref="Columns"/> by position (default: the same names).</summary>
    public required IReadOnlyList<string> ReferencedColumns { get; init; }
    /// <summary>The referencing table's database, or null for the database being processed.</summary>
    public string? Database { get; init; }
    /// <summary>The referenced table's database, or null for the database being processed.</summary>
    public string? ReferencedDatabase { get; init; }
    /// <summary>Where the relation is in the file.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>True when the two sides are in different databases.</summary>
    public bool CrossesDatabases => (Database ?? ReferencedDatabase) != (ReferencedDatabase ?? Database);

    /// <summary><c>[db:]table(columns) → [db:]table(columns)</c>, for messages.</summary>
    public override string ToString() =>
        $"{(Database is null ? "" : Database + ":")}{Table}({string.Join(", ", Columns)}) → " +
        $"{(ReferencedDatabase is null ? "" : ReferencedDatabase + ":")}{ReferencedTable}({string.Join(", ", ReferencedColumns)})";
}
