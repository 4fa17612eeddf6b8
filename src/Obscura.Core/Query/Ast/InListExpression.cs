namespace Obscura.Core.Query.Ast;

/// <summary><c>x [NOT] IN (a, b, ...)</c> with constant or scalar items (a subquery is rejected).</summary>
public sealed record InListExpression(SqlExpression Operand, IReadOnlyList<SqlExpression> Items, bool Negated, SqlPosition Position) : SqlExpression(Position);
