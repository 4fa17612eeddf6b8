namespace Obscura.Service.Dashboard;

/// <summary>
/// Authorization policies of the dashboard's pages. Each authenticates with the dashboard cookie only; the API's own
/// policies keep the bearer scheme, so a dashboard cookie never opens an API endpoint.
/// </summary>
internal static class DashboardPolicies
{
    /// <summary>Any signed-in user.</summary>
    public const string SignedIn = "dashboard";
    /// <summary>Every role but ANALYST: data sources, operations, approvals, history.</summary>
    public const string Operations = "dashboard_operations";
    /// <summary>REQUESTER or ADMIN: new operations.</summary>
    public const string Requester = "dashboard_requester";
    /// <summary>ADMIN: add data sources.</summary>
    public const string Admin = "dashboard_admin";
    /// <summary>ADMIN or DBA: test data sources.</summary>
    public const string DataSourceTest = "dashboard_data_source_test";
    /// <summary>AUDITOR or ADMIN: the audit view.</summary>
    public const string Auditor = "dashboard_auditor";
    /// <summary>ANALYST, AUDITOR or ADMIN: privacy budgets.</summary>
    public const string Budgets = "dashboard_budgets";
}
