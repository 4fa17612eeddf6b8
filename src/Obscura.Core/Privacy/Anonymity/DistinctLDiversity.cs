namespace Obscura.Core.Privacy.Anonymity;

/// <summary>Distinct l-diversity: every class holds at least l different sensitive values.</summary>
public sealed class DistinctLDiversity(int l) : PrivacyModel
{
    /// <summary>The number of different values required.</summary>
    public int L { get; } = l >= 2 ? l : throw new ArgumentOutOfRangeException(nameof(l), "l must be at least 2");

    /// <inheritdoc />
    public override string Name => $"distinct-{L}-diversity";

    /// <inheritdoc />
    public override bool Holds(ReadOnlySpan<int> counts, int size)
    {
        var distinct = 0;
        foreach (var c in counts)
        {
            if (c > 0 && ++distinct >= L) return true;
        }
        return false;
    }
}
