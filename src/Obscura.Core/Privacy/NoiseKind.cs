namespace Obscura.Core.Privacy;

/// <summary>Which noise a grouped release adds.</summary>
public enum NoiseKind
{
    /// <summary>Discrete Laplace calibrated to the L1 sensitivity: pure ε-DP (δ is then spent only on key thresholds).</summary>
    Laplace,

    /// <summary>Discrete Gaussian calibrated to the L2 sensitivity: (ε, δ)-DP, less noise when a unit touches many groups.</summary>
    Gaussian,
}
