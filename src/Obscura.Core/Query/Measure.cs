namespace Obscura.Core.Query;

/// <summary>One noisy statistic of an aggregate branch.</summary>
public sealed record Measure
{
    /// <summary>What is measured.</summary>
    public required MeasureKind Kind { get; init; }
    /// <summary>The result column of the branch's SQL (null for quantiles, which have their own SQL).</summary>
    public string? Column { get; init; }
    /// <summary>For quantiles: the SQL returning the group keys and the clamped values, sorted.</summary>
    public string? ValuesSql { get; init; }
    /// <summary>How much one person can change it (L1 for Laplace; also used as L2 with one value per measure).</summary>
    public required double Sensitivity { get; init; }
    /// <summary>How many groups one person can change (K for a grouped person count, else 1).</summary>
    public int MaxGroups { get; init; } = 1;
    /// <summary>How much one person can change one group's value.</summary>
    public double MaxPerGroup { get; init; } = 1;
    /// <summary>The ε share spent on it.</summary>
    public double Epsilon { get; init; }
    /// <summary>The δ share spent on its noise (Gaussian only; 0 for Laplace).</summary>
    public double Delta { get; init; }
    /// <summary>Lower bound of the values (sums, quantiles).</summary>
    public double Lower { get; init; }
    /// <summary>Upper bound of the values.</summary>
    public double Upper { get; init; }
    /// <summary>The quantile (0..1) for <see cref="MeasureKind.Quantile"/>.</summary>
    public double Quantile { get; init; }
    /// <summary>True when the exact value is a whole number (counts, sums of whole numbers): the noise is discrete.</summary>
    public bool IsInteger { get; init; }
    /// <summary>A short human description, e.g. "SUM(age) clamped to [0, 100]".</summary>
    public required string Description { get; init; }
}
