namespace Obscura.Core.Query.Ast;

/// <summary>
/// An infix operation. Operators: arithmetic <c>+ - * / %</c>, string <c>||</c>, comparison <c>= &lt;&gt; &lt; &lt;= &gt; &gt;=</c>,
/// logic <c>AND OR</c>, pattern <c>LIKE</c> and <c>NOT LIKE</c>.
/// </summary>
public sealed record BinaryExpression(string Operator, SqlExpression Left, SqlExpression Right, SqlPosition Position) : SqlExpression(Position);
