namespace Obscura.Core.Query.Ast;

/// <summary>One ORDER BY key.</summary>
public sealed record OrderItem(SqlExpression Expression, bool Descending);
