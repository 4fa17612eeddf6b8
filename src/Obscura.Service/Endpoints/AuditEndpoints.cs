using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Obscura.Service.Internal;
using Obscura.Service.Store;

namespace Obscura.Service.Endpoints;

/// <summary><c>GET /api/audit</c>: AUDITOR and ADMIN read the service's audit records, filtered.</summary>
internal static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (HttpContext http, IServiceStore store, ServiceAudit audit, string? actor, string? action, string? outcome, string? target,
            DateTimeOffset? since, DateTimeOffset? until, int? limit, CancellationToken ct) =>
        {
            var records = await store.QueryAuditAsync(new AuditQuery
            {
                Actor = actor, Action = action, Outcome = outcome, Target = target, Since = since, Until = until, Limit = limit ?? 500,
            }, ct).ConfigureAwait(false);
            await audit.RecordAsync(http, "audit_read", null, "ok").ConfigureAwait(false);
            return Results.Ok(records);
        }).WithTags("Audit").RequireAuthorization(ObscuraServiceHost.Policies.Auditor);
    }
}
