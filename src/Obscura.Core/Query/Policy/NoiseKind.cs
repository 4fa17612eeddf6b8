namespace Obscura.Core.Query.Policy;

/// <summary>The mechanism for counts and sums.</summary>
public enum NoiseKind
{
    /// <summary>Laplace (pure ε); δ is spent only on τ-thresholding.</summary>
    Laplace,
    /// <summary>Gaussian (ε, δ) with analytic calibration; half of δ goes to the noise, half to τ-thresholding.</summary>
    Gaussian,
}
