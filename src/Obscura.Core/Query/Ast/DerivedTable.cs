namespace Obscura.Core.Query.Ast;

/// <summary><c>(SELECT ...) AS alias</c> in a FROM clause.</summary>
public sealed record DerivedTable(QueryExpression Query, string Alias, SqlPosition Position) : TableSource(Position);
