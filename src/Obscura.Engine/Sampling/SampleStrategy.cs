namespace Obscura.Engine.Sampling;

/// <summary>How <c>obscura sample</c> picks rows (docs/sample.md). The order is the order in which a row chosen by two is counted.</summary>
public enum SampleStrategy
{
    /// <summary>Minimum, maximum and edge values of each column: NULLs, empty strings, longest values.</summary>
    Boundary,
    /// <summary>Rows with outlying numeric values (robust z-score) and rare categorical values, scored together.</summary>
    Anomaly,
    /// <summary>Rows scoring high on the config's risk rule (PII columns filled, high amounts).</summary>
    Risk,
    /// <summary>Representatives of k-means clusters over the numeric and encoded columns.</summary>
    Cluster,
    /// <summary>Uniform, by a seeded hash of the key.</summary>
    Random,
}
