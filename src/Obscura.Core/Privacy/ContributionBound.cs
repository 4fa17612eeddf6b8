namespace Obscura.Core.Privacy;

/// <summary>
/// How much one privacy unit (a person) can contribute to a grouped release: to at most <see cref="MaxGroups"/> groups
/// (buckets, categories, GROUP BY keys), and at most <see cref="MaxPerGroup"/> to each group's count. The data must
/// already be bounded this way (contributions beyond it dropped) before a release relies on it.
/// </summary>
public readonly record struct ContributionBound
{
    /// <summary>Creates the bound; both parts must be positive.</summary>
    public ContributionBound(int maxGroups, double maxPerGroup)
    {
        if (maxGroups < 1) throw new ArgumentOutOfRangeException(nameof(maxGroups), maxGroups, "A privacy unit contributes to at least one group.");
        if (!(maxPerGroup > 0 && double.IsFinite(maxPerGroup)))
            throw new ArgumentOutOfRangeException(nameof(maxPerGroup), maxPerGroup, "The contribution per group must be a finite number greater than 0.");
        MaxGroups = maxGroups;
        MaxPerGroup = maxPerGroup;
    }

    /// <summary>One group, one row: the bound of a plain count per person.</summary>
    public static ContributionBound Single { get; } = new(1, 1);

    /// <summary>The most groups one unit appears in (the L0 bound).</summary>
    public int MaxGroups { get; }

    /// <summary>The most one unit adds to one group (the L∞ bound).</summary>
    public double MaxPerGroup { get; }

    /// <summary>L1 sensitivity of the vector of group counts: MaxGroups · MaxPerGroup (for Laplace noise).</summary>
    public double L1 => MaxGroups * MaxPerGroup;

    /// <summary>L2 sensitivity of the vector of group counts: √MaxGroups · MaxPerGroup (for Gaussian noise).</summary>
    public double L2 => Math.Sqrt(MaxGroups) * MaxPerGroup;
}
