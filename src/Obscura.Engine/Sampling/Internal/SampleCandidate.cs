namespace Obscura.Engine.Sampling.Internal;

/// <summary>
/// A row some strategy may choose, built once per row the first time any strategy keeps it (strategies share the object,
/// so a row is recognised by reference when a second strategy reaches it).
/// </summary>
internal sealed class SampleCandidate
{
    /// <summary>The key as the driver returned it, in the key's column order.</summary>
    public required object?[] Key { get; init; }
    public required ulong Hash { get; init; }
    public required int Stratum { get; init; }
    /// <summary>Per analyzed field: the value as a number (text: its length); NaN for NULL.</summary>
    public required double[] Numbers { get; init; }
    /// <summary>Per categorical field: the value (for category coverage only; never reported).</summary>
    public required string?[] Categories { get; init; }
    /// <summary>Standardized feature vector (clipped), for clusters and diversity.</summary>
    public required double[] Features { get; init; }
    /// <summary>Per feature: its part of the anomaly score.</summary>
    public required double[] Outlying { get; init; }
    public double Anomaly { get; init; }
    public double Risk { get; init; }
    public int PiiFilled { get; init; }
    /// <summary>Per risk weight: its part of the risk score.</summary>
    public required double[] RiskParts { get; init; }
    public int Cluster { get; init; } = -1;
}
