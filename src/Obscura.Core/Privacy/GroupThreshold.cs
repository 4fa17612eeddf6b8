using Obscura.Core.Privacy.Internal;

namespace Obscura.Core.Privacy;

/// <summary>
/// The threshold τ for releasing GROUP BY keys that do not come from a public list: a key is released (with its noisy
/// count) only when its noisy count reaches τ.
/// </summary>
/// <remarks>
/// <para>Derivation. Remove one privacy unit from the data. Keys that other units also have are released in both worlds
/// with noisy counts whose difference the noise covers (ε). What the noise cannot cover is a key that exists only
/// because of this unit: its count is at most m = <see cref="ContributionBound.MaxPerGroup"/> in one world and the key is
/// absent in the other. The unit has at most k = <see cref="ContributionBound.MaxGroups"/> such keys, so if each is
/// released with probability at most δ/k, the union bound keeps the total below δ, the δ of (ε, δ)-DP.</para>
/// <para>Laplace with scale b: P(m + X ≥ τ) = ½·e^(−(τ − m)/b), which is δ/k at τ = m + b·ln(k / 2δ) — for one key per
/// unit and unit counts, the familiar τ = 1 + (Δ/ε)·ln(1/2δ). Gaussian with deviation σ: P(m + X ≥ τ) = Φ̄((τ − m)/σ),
/// which is δ/k at τ = m + σ·Φ̄⁻¹(δ/k).</para>
/// <para>The mechanisms' noise is discrete, so τ is computed from the exact discrete tails, in grid steps, on the grid the
/// released values lie on: for discrete Laplace P(X ≥ j) = q^j/(1 + q) with q = e^(−1/b); for the discrete Gaussian
/// P(X ≥ j) ≤ Φ̄((j − 2)/σ). Each is rounded up by a step for safety.</para>
/// </remarks>
public static class GroupThreshold
{
    /// <summary>
    /// τ for counts released with Laplace noise at <paramref name="epsilon"/> (sensitivity <see cref="ContributionBound.L1"/>),
    /// so unlisted keys cost at most <paramref name="delta"/>.
    /// </summary>
    public static double Tau(double epsilon, double delta, ContributionBound bound) =>
        Laplace(new LaplaceMechanism(epsilon, bound.L1), delta, bound);

    /// <summary>τ for counts released by <paramref name="mechanism"/> (calibrated to at least <see cref="ContributionBound.L1"/>).</summary>
    public static double Laplace(LaplaceMechanism mechanism, double delta, ContributionBound bound)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        Check.Delta(delta);
        var steps = Grid.StepsUp(bound.MaxPerGroup, mechanism.GridExponent) + new System.Numerics.BigInteger(mechanism.UpperTailSteps(delta / bound.MaxGroups));
        return Grid.ToValue(steps, mechanism.GridExponent);
    }

    /// <summary>τ for counts released by <paramref name="mechanism"/> (calibrated to at least <see cref="ContributionBound.L2"/>).</summary>
    public static double Gaussian(GaussianMechanism mechanism, double delta, ContributionBound bound)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        Check.Delta(delta);
        var steps = Grid.StepsUp(bound.MaxPerGroup, mechanism.GridExponent) + new System.Numerics.BigInteger(mechanism.UpperTailSteps(delta / bound.MaxGroups));
        return Grid.ToValue(steps, mechanism.GridExponent);
    }
}
