namespace Obscura.Core.Privacy.Anonymity;

/// <summary>What a release must satisfy: k-anonymity, optional models on the sensitive value, a suppression limit.</summary>
public sealed record ReleaseCriteria
{
    /// <summary>The smallest class size (k ≥ 2).</summary>
    public required int K { get; init; }
    /// <summary>Models every class must also hold (l-diversity, t-closeness); they need <see cref="EncodedTable.Sensitive"/>.</summary>
    public IReadOnlyList<PrivacyModel> Models { get; init; } = [];
    /// <summary>The most rows that may be suppressed, as a share of the table (0 to 1).</summary>
    public double SuppressionLimit { get; init; }

    /// <summary>The most rows that may be suppressed in a table of <paramref name="rows"/> rows.</summary>
    public int SuppressionBudget(int rows) => (int)Math.Floor(SuppressionLimit * rows + 1e-9);

    /// <summary>Whether a class of this size with these sensitive counts holds every criterion.</summary>
    public bool Holds(ReadOnlySpan<int> counts, int size)
    {
        if (size < K) return false;
        foreach (var m in Models)
        {
            if (!m.Holds(counts, size)) return false;
        }
        return true;
    }
}
