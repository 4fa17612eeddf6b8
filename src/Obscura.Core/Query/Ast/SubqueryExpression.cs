namespace Obscura.Core.Query.Ast;

/// <summary>A subquery used as a value, in <c>IN (SELECT ...)</c> or <c>EXISTS</c>; kept only so it can be rejected with its position.</summary>
public sealed record SubqueryExpression(string Kind, SqlPosition Position) : SqlExpression(Position);
