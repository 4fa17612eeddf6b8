namespace Obscura.Core.Query.Ast;

/// <summary>A SELECT or a set operation of SELECTs.</summary>
public abstract record QueryExpression(SqlPosition Position);
