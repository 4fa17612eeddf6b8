namespace Obscura.Core.Query.Ast;

/// <summary>A constant: <see cref="long"/>, <see cref="decimal"/>, <see cref="double"/>, <see cref="string"/> or null.</summary>
public sealed record LiteralExpression(object? Value, SqlPosition Position) : SqlExpression(Position);
