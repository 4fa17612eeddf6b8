namespace Obscura.Core.Privacy.Anonymity;

/// <summary>
/// One equivalence class of a release: its rows share these labels. Per quasi-identifier: the label, its loss, and
/// the range of codes the label covers (a hierarchy node may cover more leaves than the class holds).
/// </summary>
public sealed record EquivalenceClass
{
    /// <summary>Rows in the class.</summary>
    public required int Size { get; init; }
    /// <summary>The label per quasi-identifier.</summary>
    public required IReadOnlyList<string> Labels { get; init; }
    /// <summary>The label's normalized certainty penalty per quasi-identifier.</summary>
    public required IReadOnlyList<double> Losses { get; init; }
    /// <summary>First code each label covers.</summary>
    public required IReadOnlyList<int> CoverFirst { get; init; }
    /// <summary>Last code each label covers.</summary>
    public required IReadOnlyList<int> CoverLast { get; init; }

    /// <summary>Whether a row with these codes (one per quasi-identifier) matches the class's labels.</summary>
    public bool Covers(IReadOnlyList<int[]> codes, int row)
    {
        ArgumentNullException.ThrowIfNull(codes);
        for (var q = 0; q < codes.Count; q++)
        {
            var c = codes[q][row];
            if (c < CoverFirst[q] || c > CoverLast[q]) return false;
        }
        return true;
    }

    /// <summary>A class whose labels are the tightest truthful ones for these code ranges.</summary>
    public static EquivalenceClass Tight(IReadOnlyList<AttributeDomain> attributes, int size, ReadOnlySpan<int> min, ReadOnlySpan<int> max)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var n = attributes.Count;
        var labels = new string[n];
        var losses = new double[n];
        var first = new int[n];
        var last = new int[n];
        for (var q = 0; q < n; q++)
        {
            labels[q] = attributes[q].Label(min[q], max[q]);
            losses[q] = attributes[q].Loss(min[q], max[q]);
            (first[q], last[q]) = attributes[q].Cover(min[q], max[q]);
        }
        return new EquivalenceClass { Size = size, Labels = labels, Losses = losses, CoverFirst = first, CoverLast = last };
    }
}
