namespace Obscura.Core.Query.Ast;

/// <summary>A column, optionally qualified by a table name or alias (<c>p.age</c>).</summary>
public sealed record ColumnReference(string? Qualifier, string Name, SqlPosition Position) : SqlExpression(Position);
