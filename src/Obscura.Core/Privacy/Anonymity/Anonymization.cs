namespace Obscura.Core.Privacy.Anonymity;

/// <summary>The outcome of a search: each row's class (−1: suppressed) and the classes.</summary>
public sealed record Anonymization
{
    /// <summary>The class index per row, −1 for a suppressed row.</summary>
    public required int[] ClassOf { get; init; }
    /// <summary>The classes.</summary>
    public required IReadOnlyList<EquivalenceClass> Classes { get; init; }
    /// <summary>The method that produced it (mondrian, full-domain).</summary>
    public required string Method { get; init; }
    /// <summary>For full-domain recoding: the generalization level chosen per quasi-identifier.</summary>
    public IReadOnlyList<int>? Levels { get; init; }
    /// <summary>For full-domain recoding: lattice nodes whose privacy was checked on the data.</summary>
    public int NodesChecked { get; init; }

    /// <summary>The number of suppressed rows.</summary>
    public int Suppressed => ClassOf.Count(c => c < 0);
}
