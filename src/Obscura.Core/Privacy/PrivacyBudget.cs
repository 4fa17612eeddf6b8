namespace Obscura.Core.Privacy;

/// <summary>
/// An (ε, δ) privacy cost or allowance. Costs add up under basic sequential composition: releasing statistics at
/// (ε₁, δ₁), …, (ε_k, δ_k) about the same data costs (Σεᵢ, Σδᵢ).
/// </summary>
public readonly record struct PrivacyBudget
{
    /// <summary>Creates a budget; ε ≥ 0 and 0 ≤ δ &lt; 1.</summary>
    public PrivacyBudget(double epsilon, double delta = 0)
    {
        if (!(epsilon >= 0 && double.IsFinite(epsilon))) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be a finite number of at least 0.");
        if (!(delta >= 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Delta must be at least 0 and less than 1.");
        Epsilon = epsilon;
        Delta = delta;
    }

    /// <summary>The ε part.</summary>
    public double Epsilon { get; }

    /// <summary>The δ part (0 for pure ε-DP).</summary>
    public double Delta { get; }

    /// <summary>Basic composition: the cost of both releases (δ is capped just below 1, where it already means no protection).</summary>
    public static PrivacyBudget operator +(PrivacyBudget left, PrivacyBudget right) =>
        new(left.Epsilon + right.Epsilon, Math.Min(left.Delta + right.Delta, Math.BitDecrement(1.0)));

    /// <summary>Basic composition of any number of releases.</summary>
    public static PrivacyBudget Compose(ReadOnlySpan<PrivacyBudget> costs)
    {
        var total = new PrivacyBudget(0);
        foreach (var cost in costs) total += cost;
        return total;
    }

    /// <summary>True when <paramref name="cost"/> fits in this allowance.</summary>
    public bool Covers(PrivacyBudget cost) => cost.Epsilon <= Epsilon && cost.Delta <= Delta;

    /// <summary>
    /// The share of each of <paramref name="parts"/> equal statistics: (ε/k, δ/k), rounded down so that k shares never
    /// add up to more than this budget in floating point.
    /// </summary>
    public PrivacyBudget Split(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        return new PrivacyBudget(Share(Epsilon, 1.0 / parts, parts), Share(Delta, 1.0 / parts, parts));
    }

    /// <summary>
    /// Shares in proportion to <paramref name="weights"/> (non-negative, not all zero), each rounded down so that the
    /// shares, added in order, never exceed this budget.
    /// </summary>
    public PrivacyBudget[] Split(ReadOnlySpan<double> weights)
    {
        var sum = 0.0;
        foreach (var w in weights)
        {
            if (!(w >= 0 && double.IsFinite(w))) throw new ArgumentOutOfRangeException(nameof(weights), "Weights must be finite numbers of at least 0.");
            sum += w;
        }
        if (sum <= 0) throw new ArgumentOutOfRangeException(nameof(weights), "At least one weight must be greater than 0.");
        var shares = new PrivacyBudget[weights.Length];
        double epsilonLeft = Epsilon, deltaLeft = Delta;
        for (var i = 0; i < shares.Length; i++)
        {
            var epsilon = Math.Min(Math.BitDecrement(Epsilon * (weights[i] / sum)), epsilonLeft);
            var delta = Math.Min(Math.BitDecrement(Delta * (weights[i] / sum)), deltaLeft);
            shares[i] = new PrivacyBudget(Math.Max(epsilon, 0), Math.Max(delta, 0));
            epsilonLeft = Math.Max(epsilonLeft - shares[i].Epsilon, 0);
            deltaLeft = Math.Max(deltaLeft - shares[i].Delta, 0);
        }
        return shares;
    }

    private static double Share(double total, double fraction, int parts)
    {
        // Adding k equal shares rounds at most k times, each by at most 2^-53 of the running sum: shrinking the share by
        // k·2^-52 of itself (and one ulp) keeps any order of addition at or below the total.
        var share = total * fraction * (1 - Math.ScaleB(parts, -52));
        return Math.Max(Math.BitDecrement(share), 0);
    }
}
