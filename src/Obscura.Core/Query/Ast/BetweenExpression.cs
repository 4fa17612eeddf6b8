namespace Obscura.Core.Query.Ast;

/// <summary><c>x [NOT] BETWEEN low AND high</c>.</summary>
public sealed record BetweenExpression(SqlExpression Operand, SqlExpression Low, SqlExpression High, bool Negated, SqlPosition Position) : SqlExpression(Position);
