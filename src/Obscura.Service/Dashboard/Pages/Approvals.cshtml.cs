using Microsoft.AspNetCore.Mvc;
using Obscura.Service.Dashboard.Internal;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>The approvals inbox: what waits for the caller's roles, with what exactly is approved; approve or reject.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = DashboardPolicies.Operations)]
internal sealed class ApprovalsModel : DashboardPage
{
    /// <summary>
    /// An operation waiting for the caller, the roles they may decide it in, what changed since it was approved (null: first
    /// version), and the version shown, which the decision names.
    /// </summary>
    public sealed record Item(OperationSummary Summary, IReadOnlyList<string> Roles, RequestChanges? Changes, int Version);

    public IReadOnlyList<Item> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct).ConfigureAwait(false);

    /// <summary>Approve or reject through the same workflow the API's PATCH runs.</summary>
    public async Task<IActionResult> OnPostAsync(long id, string? role, string? decision, string? comments, int? version, CancellationToken ct)
    {
        if (decision is not ("approve" or "reject"))
        {
            Errors.Add("Choose Approve or Reject.");
            await LoadAsync(ct).ConfigureAwait(false);
            return Page();
        }
        var result = ServiceResult.From(await Service<OperationService>().ActAsync(HttpContext,
            id, new OperationAction { Action = decision, ApproverRole = role, Comments = comments, Version = version }, ct).ConfigureAwait(false));
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Messages());
            Response.StatusCode = result.Status;
            await LoadAsync(ct).ConfigureAwait(false);
            return Page();
        }
        var view = result.As<OperationView>()!;
        Notice = $"Operation #{id} {(decision == "approve" ? "approved" : "rejected")} as {role}; it is now {view.Status.Replace('_', ' ')}.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var store = Service<IServiceStore>();
        var pending = await store.ListOperationsAsync(OperationStatus.PendingApproval, ct).ConfigureAwait(false);
        var waiting = await InboxAsync(pending, Me, Service<OperationService>(), ct).ConfigureAwait(false);
        var items = new List<Item>();
        foreach (var (view, roles) in waiting)
        {
            var op = pending.First(o => o.Id == view.Id);
            var changes = await RequestChanges.BuildAsync(op, Me, Service<OperationVersions>(), store, ct).ConfigureAwait(false);
            var version = changes?.To.Version ?? await Service<OperationVersions>().CurrentNumberAsync(op, ct).ConfigureAwait(false);
            items.Add(new Item(await OperationSummary.BuildAsync(view, store, ct).ConfigureAwait(false), roles, changes, version));
        }
        Items = items;
    }

    /// <summary>Operations pending approval in a role <paramref name="me"/> holds, not requested or already approved by them.</summary>
    public static async Task<List<(OperationView View, IReadOnlyList<string> Roles)>> InboxAsync(
        IReadOnlyList<OperationRecord> operations, Actor me, OperationService service, CancellationToken ct)
    {
        var inbox = new List<(OperationView, IReadOnlyList<string>)>();
        foreach (var op in operations.Where(o => o.Status == OperationStatus.PendingApproval && o.RequestedBy != me.Id))
        {
            var view = await service.ViewAsync(op, ct).ConfigureAwait(false);
            if (view.Approvals.Any(a => a.Valid && a.Decision == "approve" && a.User == me.Name)) continue;
            var roles = view.MissingRoles.Where(me.Holds).ToList();
            if (roles.Count > 0) inbox.Add((view, roles));
        }
        return inbox;
    }
}
