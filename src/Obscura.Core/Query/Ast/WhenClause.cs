namespace Obscura.Core.Query.Ast;

/// <summary>One <c>WHEN condition THEN result</c> of a <see cref="CaseExpression"/>.</summary>
public sealed record WhenClause(SqlExpression Condition, SqlExpression Result);
