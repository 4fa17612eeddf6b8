namespace Obscura.Core.Query.Ast;

/// <summary><c>*</c> or <c>t.*</c>: in a select list, or the argument of <c>COUNT(*)</c>.</summary>
public sealed record StarExpression(string? Qualifier, SqlPosition Position) : SqlExpression(Position);
