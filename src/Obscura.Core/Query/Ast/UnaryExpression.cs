namespace Obscura.Core.Query.Ast;

/// <summary><c>-x</c>, <c>+x</c> or <c>NOT x</c> (operator "-", "+", "NOT").</summary>
public sealed record UnaryExpression(string Operator, SqlExpression Operand, SqlPosition Position) : SqlExpression(Position);
