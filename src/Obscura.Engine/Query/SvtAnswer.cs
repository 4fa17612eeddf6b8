namespace Obscura.Engine.Query;

/// <summary>What a sparse-vector run released: per query, above or not (or not examined), and its one cost.</summary>
public sealed record SvtAnswer
{
    /// <summary>Each query's fingerprint (its shape without literals), in order.</summary>
    public required IReadOnlyList<string> Fingerprints { get; init; }
    /// <summary>Indexes of the queries reported above the threshold (at most the cap).</summary>
    public required IReadOnlyList<int> Above { get; init; }
    /// <summary>How many queries were examined (the rest come after the cap was reached).</summary>
    public required int Examined { get; init; }
    /// <summary>ε spent (once for the run).</summary>
    public double Epsilon { get; init; }
    /// <summary>ε left for the user.</summary>
    public double? EpsilonRemaining { get; init; }
}
