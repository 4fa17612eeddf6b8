using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Obscura.Engine.Audit;
using Obscura.Service.Store;

namespace Obscura.Service.Internal;

/// <summary>Appends service actions to the hash-chained audit log and indexes them in the store for <c>GET /api/audit</c>.</summary>
internal sealed class ServiceAudit(AuditLog log, IServiceStore store, TimeProvider clock, ILogger<ServiceAudit> logger, Notifications.NotificationQueue? notifications = null)
{
    private readonly string _logId = AuditLogIds.Of(log.Path);

    public async Task RecordAsync(string actor, string? role, string action, string? target, string? remoteAddress, string outcome, CancellationToken ct = default)
    {
        actor = Clip(actor);
        role = role is null ? null : Clip(role);
        target = target is null ? null : Clip(target);
        var entry = log.Append(new ServiceActionEvent(actor, role, action, target, remoteAddress, outcome));
        await store.AddAuditAsync(new AuditRecord(0, clock.GetUtcNow(), actor, role, action, target, remoteAddress, outcome, entry.Sequence, entry.Hash) { Line = entry.Line, Log = _logId }, CancellationToken.None).ConfigureAwait(false);
        logger.LogInformation("audit {Action} by {Actor} on {Target}: {Outcome}", action, actor, target ?? "-", outcome);
        if (notifications is not null) await notifications.ObserveAsync(actor, role, action, target, outcome).ConfigureAwait(false);
        _ = ct;
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200];

    public Task RecordAsync(HttpContext http, string action, string? target, string outcome, string? role = null)
    {
        var user = http.User;
        var name = user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "unknown" : "anonymous";
        role ??= user.Identity?.IsAuthenticated == true ? string.Join(',', user.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value)) : null;
        return RecordAsync(name, string.IsNullOrEmpty(role) ? null : role, action, target, http.Connection.RemoteIpAddress?.ToString(), outcome);
    }
}
