namespace Obscura.Core.Query;

/// <summary>An aggregate of the query, computed from measures after noise.</summary>
public enum AggregateKind
{
    /// <summary>COUNT(...): one count measure.</summary>
    Count,
    /// <summary>SUM(x).</summary>
    Sum,
    /// <summary>AVG(x) = SUM / COUNT, clamped to the bounds.</summary>
    Average,
    /// <summary>Population variance from SUM(x²), SUM(x), COUNT.</summary>
    Variance,
    /// <summary>Square root of <see cref="Variance"/>.</summary>
    StandardDeviation,
    /// <summary>MIN, MAX, PERCENTILE_CONT/DISC, MEDIAN.</summary>
    Quantile,
}
