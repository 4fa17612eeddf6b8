namespace Obscura.Core.Query.Ast;

/// <summary>A table (or common table expression) by name: <c>schema.table AS alias</c>.</summary>
public sealed record NamedTable(string? Schema, string Name, string? Alias, SqlPosition Position) : TableSource(Position)
{
    /// <summary>The name other clauses use for it: the alias, else the table name.</summary>
    public string ExposedName => Alias ?? Name;
}
