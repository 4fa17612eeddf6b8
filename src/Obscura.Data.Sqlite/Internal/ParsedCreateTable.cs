using Obscura.Core.Schema;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>
/// What a CREATE TABLE statement says that SQLite's pragmas do not report: constraint names, CHECK expressions and
/// AUTOINCREMENT. Everything else (columns, keys, actions) comes from the pragmas.
/// </summary>
internal sealed class ParsedCreateTable
{
    /// <summary>Name of the PRIMARY KEY constraint, when it has one.</summary>
    public string? PrimaryKeyName { get; set; }

    /// <summary>UNIQUE constraints (column-level and table-level) in declaration order.</summary>
    public List<UniqueKey> Uniques { get; } = [];

    /// <summary>FOREIGN KEY / REFERENCES clauses in declaration order.</summary>
    public List<ParsedForeignKey> ForeignKeys { get; } = [];

    /// <summary>CHECK constraints (column-level and table-level) in declaration order, expressions verbatim.</summary>
    public List<CheckConstraint> Checks { get; } = [];

    /// <summary>Columns declared with AUTOINCREMENT.</summary>
    public HashSet<string> AutoIncrementColumns { get; } = new(StringComparer.OrdinalIgnoreCase);
}
