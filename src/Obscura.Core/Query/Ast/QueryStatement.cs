namespace Obscura.Core.Query.Ast;

/// <summary>
/// A whole query: its WITH clause, its body, and the ORDER BY / LIMIT / OFFSET that apply to the final result
/// (SmartNoise's <c>TOP n</c> is on the body's <see cref="SelectQuery.Top"/>).
/// </summary>
public sealed record QueryStatement(
    IReadOnlyList<CommonTableExpression> With,
    QueryExpression Body,
    IReadOnlyList<OrderItem> OrderBy,
    long? Limit,
    long? Offset,
    string Text);
