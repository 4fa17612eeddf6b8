namespace Obscura.Core.Query.Ast;

/// <summary><c>left UNION [ALL] right</c> (also EXCEPT, INTERSECT, which the engine rejects).</summary>
public sealed record SetOperation(string Operator, bool All, QueryExpression Left, QueryExpression Right, SqlPosition Position) : QueryExpression(Position);
