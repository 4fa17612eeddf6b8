namespace Obscura.Core.Query.Ast;

/// <summary>An item of a FROM clause.</summary>
public abstract record TableSource(SqlPosition Position);
