namespace Obscura.Core.Privacy.Anonymity;

/// <summary>Entropy l-diversity: the entropy of every class's sensitive values is at least log(l).</summary>
public sealed class EntropyLDiversity(double l) : PrivacyModel
{
    /// <summary>The diversity required (the entropy's exponential).</summary>
    public double L { get; } = l >= 1 ? l : throw new ArgumentOutOfRangeException(nameof(l), "l must be at least 1");

    /// <inheritdoc />
    public override string Name => $"entropy-{L:0.###}-diversity";

    /// <inheritdoc />
    public override bool Holds(ReadOnlySpan<int> counts, int size)
    {
        if (size <= 0) return false;
        double entropy = 0;
        foreach (var c in counts)
        {
            if (c <= 0) continue;
            var p = c / (double)size;
            entropy -= p * Math.Log(p);
        }
        // A small tolerance: a class with exactly l equally frequent values has entropy log(l) up to rounding.
        return entropy >= Math.Log(L) - 1e-12;
    }
}
