namespace Obscura.Core.Strategies.Internal;

/// <summary>The distribution <c>noise</c> draws from.</summary>
internal enum NoiseDistribution
{
    /// <summary>Laplace with scale b: density exp(-|x|/b) / 2b.</summary>
    Laplace,
    /// <summary>Normal with mean 0 and standard deviation sigma.</summary>
    Gaussian,
}
