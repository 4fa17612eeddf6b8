namespace Obscura.Core.Query.Ast;

/// <summary>One output of a SELECT: the expression, its alias, and its text as written (the default column name).</summary>
public sealed record SelectItem(SqlExpression Expression, string? Alias, string Text)
{
    /// <summary>The output column name: the alias, else the column name of a bare column, else the text.</summary>
    public string OutputName => Alias ?? (Expression is ColumnReference c ? c.Name : Text);
}
