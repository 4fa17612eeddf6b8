namespace Obscura.Engine.Query;

/// <summary>One user's budget in the current period.</summary>
public sealed record BudgetStatus(
    string User,
    IReadOnlyList<string> Roles,
    double EpsilonSpent,
    double EpsilonRemaining,
    double DeltaSpent,
    double DeltaRemaining,
    DateTime? NextReset);
