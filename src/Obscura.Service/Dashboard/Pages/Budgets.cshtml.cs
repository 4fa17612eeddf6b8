using Microsoft.AspNetCore.Authorization;
using Obscura.Core.Diagnostics;
using Obscura.Engine;
using Obscura.Engine.Query;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>
/// Privacy budgets from the private-query policy's budget store (as <c>obscura budget status</c> reads them); an
/// ANALYST sees their own, AUDITOR and ADMIN everyone's. Without a configured policy the page says so.
/// </summary>
[Authorize(Policy = DashboardPolicies.Budgets)]
internal sealed class BudgetsModel : DashboardPage
{
    public string? Unavailable { get; private set; }
    public string? PolicyName { get; private set; }
    public bool OnlyMine { get; private set; }
    public IReadOnlyList<BudgetStatus> Budgets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var path = Service<DashboardOptions>().PrivacyPolicyPath;
        if (path is null)
        {
            Unavailable = "No private-query policy is configured for this service, so there are no budgets to show. Start the service with --policy privacy.yaml (docs/privacy-policy.md).";
            return;
        }
        PolicyName = Path.GetFileName(path);
        OnlyMine = !(Holds(ServiceRoles.Auditor) || Holds(ServiceRoles.Admin));
        try
        {
            var policy = new PolicySource(path).Current;
            var store = LedgerBudgetStore.ForPolicy(Service<ObscuraRuntime>(), policy);
            if (store is null)
            {
                Unavailable = $"The policy {PolicyName} names no budget_store, so spending is not recorded.";
                return;
            }
            await using (store.ConfigureAwait(false))
            {
                Budgets = await store.StatusAsync(policy, OnlyMine ? Me.Name : null, ct).ConfigureAwait(false);
            }
        }
        catch (ObscuraException e)
        {
            Unavailable = "The budgets cannot be read: " + e.Message;
        }
    }
}
