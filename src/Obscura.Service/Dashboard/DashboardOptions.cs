namespace Obscura.Service.Dashboard;

/// <summary>What the dashboard reads besides the service's own state.</summary>
public sealed record DashboardOptions
{
    /// <summary>
    /// The private-query policy file whose budget store the budgets page shows (the service's <c>--policy</c>); null: the
    /// page says that no policy is configured.
    /// </summary>
    public string? PrivacyPolicyPath { get; init; }
}
