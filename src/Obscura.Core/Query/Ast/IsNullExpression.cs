namespace Obscura.Core.Query.Ast;

/// <summary><c>x IS [NOT] NULL</c>.</summary>
public sealed record IsNullExpression(SqlExpression Operand, bool Negated, SqlPosition Position) : SqlExpression(Position);
