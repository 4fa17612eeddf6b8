namespace Obscura.Engine.Discovery;

/// <summary>
/// One column's line in a drafted <c>obscura.yaml</c>: a rule (<see cref="Strategy"/> set), a column left without a rule
/// (a comment saying why), or a column that follows the key it references (<see cref="Follows"/> set).
/// </summary>
/// <param name="Column">The column's name.</param>
/// <param name="Comment">Why the line is there (kind, confidence, key or unique, fallback notes); written as a YAML comment.</param>
public sealed record DraftColumn(string Column, string Comment)
{
    /// <summary>The strategy name, or null when the column gets no rule.</summary>
    public string? Strategy { get; init; }

    /// <summary>The strategy's parameters in the order they are written, as YAML scalars' text.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary><c>table.column</c> of the key this column references and follows (the planner propagates its rule), or null.</summary>
    public string? Follows { get; init; }
}
