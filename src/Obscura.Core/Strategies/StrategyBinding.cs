using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies;

/// <summary>Everything a strategy needs to bind to one column: the column, its table, its arguments and the run secret.</summary>
public sealed record StrategyBinding
{
    /// <summary>The table the column belongs to (for a propagated foreign-key transform: the referenced key's table).</summary>
    public required TableName Table { get; init; }
    /// <summary>The column whose type the output must fit.</summary>
    public required Column Column { get; init; }
    /// <summary>Validated arguments.</summary>
    public required StrategyArguments Arguments { get; init; }
    /// <summary>The run secret, or null when none was given (keyed strategies report an error instead).</summary>
    public RunSecret? Secret { get; init; }
    /// <summary>All columns of the table being transformed (for strategies that read other columns of the row).</summary>
    public IReadOnlyList<Schema.Column> RowColumns { get; init; } = [];
    /// <summary>True when the column is a primary key, unique, or foreign key column: output must never collide.</summary>
    public bool RequiresUniqueness { get; init; }
    /// <summary>
    /// True when the column is part of the primary key or referenced by a foreign key: its output must stay a pure
    /// function of the input (children follow it), so collisions are detected and reported, never retried.
    /// </summary>
    public bool IsKey { get; init; }
}
