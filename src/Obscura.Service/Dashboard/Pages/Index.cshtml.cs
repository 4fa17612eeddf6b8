using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>Home: who you are, what waits for you, your operations and what runs now.</summary>
internal sealed class IndexModel : DashboardPage
{
    public IReadOnlyList<string> Roles { get; private set; } = [];
    public string RoleHelp { get; private set; } = "";
    public int? Waiting { get; private set; }
    public IReadOnlyList<OperationView> Mine { get; private set; } = [];
    public IReadOnlyList<OperationView> Active { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = Me;
        Roles = me.Roles;
        RoleHelp = me.Roles.Count == 1 && me.Holds(ServiceRoles.Analyst)
            ? "Analysts use private queries through the API; the budgets page shows what is left of yours."
            : "";
        if (me.Roles.All(r => r == ServiceRoles.Analyst)) return;
        var service = Service<OperationService>();
        var all = await Service<IServiceStore>().ListOperationsAsync(null, ct).ConfigureAwait(false);
        if (me.Roles.Any(r => ServiceRoles.Approvers.Contains(r)))
            Waiting = (await ApprovalsModel.InboxAsync(all, me, service, ct).ConfigureAwait(false)).Count;
        var mine = new List<OperationView>();
        foreach (var op in all.Where(o => o.RequestedBy == me.Id).Take(10)) mine.Add(await service.ViewAsync(op, ct).ConfigureAwait(false));
        Mine = mine;
        var active = new List<OperationView>();
        foreach (var op in all.Where(o => o.Status is OperationStatus.Running or OperationStatus.Queued or OperationStatus.Scheduled).Take(20))
            active.Add(await service.ViewAsync(op, ct).ConfigureAwait(false));
        Active = active;
    }
}
