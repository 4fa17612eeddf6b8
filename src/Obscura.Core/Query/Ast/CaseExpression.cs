namespace Obscura.Core.Query.Ast;

/// <summary><c>CASE [operand] WHEN .. THEN .. [ELSE ..] END</c>; with an operand, each condition is a value compared for equality.</summary>
public sealed record CaseExpression(SqlExpression? Operand, IReadOnlyList<WhenClause> Whens, SqlExpression? Else, SqlPosition Position) : SqlExpression(Position);
