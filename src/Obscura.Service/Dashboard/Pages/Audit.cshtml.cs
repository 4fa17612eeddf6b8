using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Obscura.Service.Internal;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>The audit view (AUDITOR, ADMIN): the same query and the same audit record of the read as <c>GET /api/audit</c>.</summary>
[Authorize(Policy = DashboardPolicies.Auditor)]
internal sealed class AuditModel : DashboardPage
{
    public const int Limit = 500;

    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Outcome { get; set; }
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? Since { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? Until { get; set; }

    public IReadOnlyList<AuditRecord> Records { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        static DateTimeOffset? Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
        Records = await Service<IServiceStore>().QueryAuditAsync(new AuditQuery
        {
            Actor = Blank(Actor), Action = Blank(Action), Outcome = Blank(Outcome), Target = Blank(Target), Since = Utc(Since), Until = Utc(Until), Limit = Limit,
        }, ct).ConfigureAwait(false);
        await Service<ServiceAudit>().RecordAsync(HttpContext, "audit_read", null, "ok").ConfigureAwait(false);
    }
}
