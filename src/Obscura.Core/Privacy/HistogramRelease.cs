namespace Obscura.Core.Privacy;

/// <summary>Noisy counts of a histogram with public buckets, and how far each may be from the truth.</summary>
public sealed record HistogramRelease
{
    /// <summary>One noisy count per bucket, in the input's order: whole numbers, never negative.</summary>
    public required IReadOnlyList<long> Counts { get; init; }

    /// <summary>The noise's scale per bucket (Laplace b or Gaussian σ).</summary>
    public required double Scale { get; init; }

    /// <summary>Half the width of a 95% confidence interval for each bucket's count (before the clamp at zero).</summary>
    public required double Ci95HalfWidth { get; init; }
}
