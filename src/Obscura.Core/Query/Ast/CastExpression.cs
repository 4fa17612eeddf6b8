namespace Obscura.Core.Query.Ast;

/// <summary><c>CAST(x AS type)</c>, the type reduced to a portable kind.</summary>
public sealed record CastExpression(SqlExpression Operand, CastType Type, SqlPosition Position) : SqlExpression(Position);
