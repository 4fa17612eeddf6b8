namespace Obscura.Core.Query.Ast;

/// <summary><c>name AS (SELECT ...)</c> of a WITH clause.</summary>
public sealed record CommonTableExpression(string Name, QueryExpression Query, SqlPosition Position);
