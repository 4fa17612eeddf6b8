namespace Obscura.Engine.Generate.Profiled;

/// <summary>The privacy budget of a profile release (<c>obscura generate --profile P --epsilon E</c>).</summary>
public sealed record ProfileReleaseOptions
{
    /// <summary>Total ε for the whole database, split evenly over the released statistics.</summary>
    public required double Epsilon { get; init; }
    /// <summary>Total δ, split evenly over the thresholded releases (values and bins that are not public).</summary>
    public double Delta { get; init; } = 1e-6;
}
