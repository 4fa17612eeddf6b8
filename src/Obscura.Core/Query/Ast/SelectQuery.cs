namespace Obscura.Core.Query.Ast;

/// <summary>One SELECT block.</summary>
public sealed record SelectQuery(
    bool Distinct,
    long? Top,
    IReadOnlyList<SelectItem> Items,
    TableSource? From,
    SqlExpression? Where,
    IReadOnlyList<SqlExpression> GroupBy,
    SqlExpression? Having,
    SqlPosition Position) : QueryExpression(Position);
