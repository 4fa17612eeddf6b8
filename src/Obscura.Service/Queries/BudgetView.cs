namespace Obscura.Service.Queries;

/// <summary>One user's privacy budget this period, as <c>GET /api/budget</c> returns it (as <c>obscura budget status --format json</c>).</summary>
public sealed record BudgetView(
    string User, IReadOnlyList<string> Roles, double EpsilonSpent, double EpsilonRemaining, double DeltaSpent, double DeltaRemaining, DateTime? NextReset);
