namespace Obscura.Core.Strategies;

/// <summary>A validated strategy use on one column of one table, ready for the engine.</summary>
public sealed record ColumnTransform
{
    /// <summary>The column in this table.</summary>
    public required string Column { get; init; }
    /// <summary>Strategy name (for summaries and reports).</summary>
    public required string Strategy { get; init; }
    /// <summary>The binding the transformer is created from.</summary>
    public required StrategyBinding Binding { get; init; }
    /// <summary>The strategy definition.</summary>
    public required StrategyDefinition Definition { get; init; }
    /// <summary>
    /// Set when this transform was not configured on this column but propagated from a referenced key
    /// through a foreign key ("registry.patient.ben_reg_id"), so both sides transform identically.
    /// </summary>
    public string? PropagatedFrom { get; init; }

    /// <summary>Creates a fresh transformer (one per table stream; transformers are not thread-safe).</summary>
    public IColumnTransformer CreateTransformer() => Definition.Create(Binding);
}
