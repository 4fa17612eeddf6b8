namespace Obscura.Core.Query.Ast;

/// <summary><c>left [INNER|LEFT|RIGHT|FULL|CROSS] JOIN right [ON condition]</c>.</summary>
public sealed record JoinedTable(JoinKind Kind, TableSource Left, TableSource Right, SqlExpression? On, SqlPosition Position) : TableSource(Position);
