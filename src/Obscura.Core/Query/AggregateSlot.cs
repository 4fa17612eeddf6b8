namespace Obscura.Core.Query;

/// <summary>One aggregate call of the query and the measures it is computed from (indexes into the branch's measures).</summary>
public sealed record AggregateSlot
{
    /// <summary>What it computes.</summary>
    public required AggregateKind Kind { get; init; }
    /// <summary>The main measure (the count, sum or quantile).</summary>
    public required int Measure { get; init; }
    /// <summary>The count measure (AVG, VAR, STDDEV).</summary>
    public int? CountMeasure { get; init; }
    /// <summary>The sum measure (VAR, STDDEV).</summary>
    public int? SumMeasure { get; init; }
    /// <summary>The sum-of-squares measure (VAR, STDDEV).</summary>
    public int? SquaresMeasure { get; init; }
    /// <summary>Bounds of the aggregated values (to keep AVG and VAR in range after noise).</summary>
    public double Lower { get; init; }
    /// <summary>Upper bound.</summary>
    public double Upper { get; init; }
    /// <summary>The call as written.</summary>
    public required string Text { get; init; }
}
