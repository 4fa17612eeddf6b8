namespace Obscura.Core.Query.Ast;

/// <summary>The <c>OVER (PARTITION BY ... ORDER BY ...)</c> of a window function. Frames other than the default are rejected by the parser adapter.</summary>
public sealed record WindowSpecification(IReadOnlyList<SqlExpression> PartitionBy, IReadOnlyList<OrderItem> OrderBy);
