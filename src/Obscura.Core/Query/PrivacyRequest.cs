using Obscura.Core.Privacy;

namespace Obscura.Core.Query;

/// <summary>What the caller asks one query to cost: ε (total for the query) and δ (for thresholds and Gaussian noise).</summary>
public sealed record PrivacyRequest(double Epsilon, double Delta, NoiseKind Noise = NoiseKind.Laplace);
