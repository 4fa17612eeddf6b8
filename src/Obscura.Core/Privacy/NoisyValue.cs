namespace Obscura.Core.Privacy;

/// <summary>One released number with what a reader needs to interpret it.</summary>
public sealed record NoisyValue
{
    /// <summary>The released (noisy) value: a point of the mechanism's grid.</summary>
    public required double Value { get; init; }

    /// <summary>The noise's scale in the value's units: the Laplace scale b, or the Gaussian standard deviation σ, as actually applied.</summary>
    public required double Scale { get; init; }

    /// <summary>Lower end of an interval that holds the true value with probability at least 95%.</summary>
    public required double Ci95Low { get; init; }

    /// <summary>Upper end of an interval that holds the true value with probability at least 95%.</summary>
    public required double Ci95High { get; init; }

    /// <summary>The grid step (a power of two) the value was rounded to.</summary>
    public required double Granularity { get; init; }

    /// <summary>A grid point released with a symmetric 95% interval of <paramref name="ci95HalfWidth"/> around it.</summary>
    internal static NoisyValue At(double released, double scale, double ci95HalfWidth, double granularity) => new()
    {
        Value = released,
        Scale = scale,
        Ci95Low = released - ci95HalfWidth,
        Ci95High = released + ci95HalfWidth,
        Granularity = granularity,
    };
}
