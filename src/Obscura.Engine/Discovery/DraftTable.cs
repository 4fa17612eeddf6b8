namespace Obscura.Engine.Discovery;

/// <summary>One table's section of a drafted <c>obscura.yaml</c>: the table key as the config writes it, and its column lines in column order.</summary>
/// <param name="Key">The table key (<c>table</c>, or <c>schema.table</c> when the name alone is ambiguous).</param>
/// <param name="Columns">The column lines.</param>
public sealed record DraftTable(string Key, IReadOnlyList<DraftColumn> Columns);
