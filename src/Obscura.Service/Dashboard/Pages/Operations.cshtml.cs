using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>Run history: every operation, newest first, with links to its reports.</summary>
[Authorize(Policy = DashboardPolicies.Operations)]
internal sealed class OperationsModel : DashboardPage
{
    private const int Shown = 200;

    public static IReadOnlyList<string> Statuses { get; } =
    [
        OperationStatus.PendingApproval, OperationStatus.Approved, OperationStatus.Scheduled, OperationStatus.Queued, OperationStatus.Running,
        OperationStatus.Succeeded, OperationStatus.Failed, OperationStatus.Cancelled, OperationStatus.Rejected,
    ];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<(OperationView Operation, IReadOnlyList<string> Files)> Items { get; private set; } = [];
    public bool Truncated { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var status = Statuses.Contains(Status) ? Status : null;
        var all = await Service<IServiceStore>().ListOperationsAsync(status, ct).ConfigureAwait(false);
        var service = Service<OperationService>();
        var files = Service<IReportFileStore>();
        var items = new List<(OperationView, IReadOnlyList<string>)>();
        foreach (var op in all.Take(Shown)) items.Add((await service.ViewAsync(op, ct).ConfigureAwait(false), await OperationFiles.ExistingAsync(files, op.Id, ct).ConfigureAwait(false)));
        Items = items;
        Truncated = all.Count > Shown;
    }
}
