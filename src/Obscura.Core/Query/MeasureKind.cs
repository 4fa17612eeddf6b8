namespace Obscura.Core.Query;

/// <summary>A statistic the database computes exactly per group; each gets its own noise and share of ε.</summary>
public enum MeasureKind
{
    /// <summary>Distinct persons (the key count): sensitivity 1.</summary>
    PersonCount,
    /// <summary>Rows after contribution bounding: sensitivity = max contributions.</summary>
    RowCount,
    /// <summary>Non-null values of an expression.</summary>
    Count,
    /// <summary>Distinct non-null values of an expression.</summary>
    CountDistinct,
    /// <summary>Sum of clamped values.</summary>
    Sum,
    /// <summary>Sum of squares of clamped values.</summary>
    SumOfSquares,
    /// <summary>A quantile of the clamped values (exponential mechanism; values fetched sorted).</summary>
    Quantile,
}
