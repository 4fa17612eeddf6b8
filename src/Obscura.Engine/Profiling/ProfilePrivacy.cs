namespace Obscura.Engine.Profiling;

/// <summary>
/// How a profile was released with differential privacy (present only on released profiles): the budget, the privacy
/// unit, and the share each released statistic spent. The shares add up to <see cref="Epsilon"/> and
/// <see cref="Delta"/> (sequential composition: one person may appear in every table).
/// </summary>
public sealed record ProfilePrivacy
{
    /// <summary>The total ε of the release.</summary>
    public required double Epsilon { get; init; }
    /// <summary>The total δ of the release (spent only on thresholds for values and bins that are not public).</summary>
    public required double Delta { get; init; }
    /// <summary>What neighbouring databases differ in.</summary>
    public required string Unit { get; init; }
    /// <summary>Every released statistic with its share of the budget.</summary>
    public required IReadOnlyList<PrivacyShare> Statistics { get; init; }
}

/// <summary>One released statistic: where, what, how, and at what cost.</summary>
/// <param name="Table">The table.</param>
/// <param name="Statistic"><c>rows</c>, <c>COLUMN.values</c> (nulls and the value distribution), <c>COLUMN.lengths</c>, <c>fan_out(COLUMNS)</c>.</param>
/// <param name="Mechanism">How it was released.</param>
/// <param name="Epsilon">Its ε.</param>
/// <param name="Delta">Its δ (0 when nothing is thresholded).</param>
public sealed record PrivacyShare(string Table, string Statistic, string Mechanism, double Epsilon, double Delta);
