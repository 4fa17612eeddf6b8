namespace Obscura.Core.Privacy.Anonymity;

/// <summary>
/// Recursive (c,l)-diversity: with a class's value frequencies sorted descending r1 ≥ r2 ≥ … ≥ rm, r1 &lt; c·(rl + … + rm);
/// a class with fewer than l values fails.
/// </summary>
public sealed class RecursiveCLDiversity : PrivacyModel
{
    /// <summary>Creates the model.</summary>
    public RecursiveCLDiversity(double c, int l)
    {
        if (!(c > 0)) throw new ArgumentOutOfRangeException(nameof(c), "c must be positive");
        if (l < 2) throw new ArgumentOutOfRangeException(nameof(l), "l must be at least 2");
        C = c;
        L = l;
    }

    /// <summary>The constant c.</summary>
    public double C { get; }
    /// <summary>The l.</summary>
    public int L { get; }

    /// <inheritdoc />
    public override string Name => $"recursive-({C:0.###},{L})-diversity";

    /// <inheritdoc />
    public override bool Holds(ReadOnlySpan<int> counts, int size)
    {
        Span<int> sorted = counts.Length <= 256 ? stackalloc int[counts.Length] : new int[counts.Length];
        var m = 0;
        foreach (var c in counts)
        {
            if (c > 0) sorted[m++] = c;
        }
        if (m < L) return false;
        sorted = sorted[..m];
        sorted.Sort();
        sorted.Reverse();
        long tail = 0;
        for (var i = L - 1; i < m; i++) tail += sorted[i];
        return sorted[0] < C * tail;
    }
}
