using Obscura.Core.Query.Policy;

namespace Obscura.Engine.Query;

/// <summary>
/// Per-user privacy budgets: a query's cost is reserved atomically before it runs, then committed when it is answered or
/// released when it fails, so concurrent queries never overspend.
/// </summary>
public interface IBudgetStore
{
    /// <summary>Reserves (ε, δ) for <paramref name="role"/>'s user.</summary>
    /// <exception cref="Core.Query.QueryRefusedException">The remaining budget is too small (nothing reserved).</exception>
    Task<BudgetReservation> ReserveAsync(EffectiveRole role, double epsilon, double delta, CancellationToken cancellationToken);
}
