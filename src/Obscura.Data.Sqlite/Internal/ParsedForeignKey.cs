namespace Obscura.Data.Sqlite.Internal;

/// <summary>A FOREIGN KEY clause as written in CREATE TABLE: only what the pragmas do not give (its name).</summary>
/// <param name="Name">CONSTRAINT name, if any.</param>
/// <param name="Columns">Referencing columns.</param>
/// <param name="ReferencedTable">The parent table as written.</param>
internal sealed record ParsedForeignKey(string? Name, IReadOnlyList<string> Columns, string ReferencedTable);
