namespace Obscura.Core.Query.Ast;

/// <summary>
/// A function or aggregate call; <see cref="Name"/> is upper case. <c>COUNT(*)</c> has one <see cref="StarExpression"/> argument.
/// <c>PERCENTILE_CONT(q) WITHIN GROUP (ORDER BY x)</c> has the arguments <c>q, x</c>. <see cref="Over"/> is set for window functions.
/// </summary>
public sealed record FunctionCall(string Name, IReadOnlyList<SqlExpression> Arguments, bool Distinct, WindowSpecification? Over, SqlPosition Position)
    : SqlExpression(Position);
