namespace Obscura.Core.Query.Ast;

/// <summary>A scalar or boolean expression of the query, independent of the parser that produced it.</summary>
public abstract record SqlExpression(SqlPosition Position);
