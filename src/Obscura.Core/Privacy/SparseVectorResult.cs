namespace Obscura.Core.Privacy;

/// <summary>What a <see cref="SparseVector"/> run released.</summary>
public sealed record SparseVectorResult
{
    /// <summary>Indexes of the queries reported above the threshold, in order (at most the cap).</summary>
    public required IReadOnlyList<int> Above { get; init; }

    /// <summary>How many queries were examined: all of them, or up to and including the one that reached the cap.</summary>
    public required int Examined { get; init; }

    /// <summary>True when the cap of positives was reached and the remaining queries were not examined.</summary>
    public required bool Halted { get; init; }

    /// <summary>The ε this run spent: the whole ε of the mechanism, however many queries came out above.</summary>
    public required double EpsilonSpent { get; init; }
}
