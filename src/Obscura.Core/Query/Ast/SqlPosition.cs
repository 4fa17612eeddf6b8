namespace Obscura.Core.Query.Ast;

/// <summary>A 1-based line and column in the query text, for messages.</summary>
public readonly record struct SqlPosition(int Line, int Column)
{
    /// <summary>"line 1, column 8".</summary>
    public override string ToString() => $"line {Line}, column {Column}";
}
