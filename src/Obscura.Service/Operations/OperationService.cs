using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Obscura.Core.Diagnostics;
using Obscura.Service.Internal;
using Obscura.Service.Store;

namespace Obscura.Service.Operations;

/// <summary>
/// The approval workflow: create, approve, reject, update, execute, cancel. Rules: only a holder of a role approves in
/// it; the requester never approves their own operation; one person fills at most one role; a rejection ends it;
/// approvals bind to the request's fingerprint (a change voids them) and expire; executing before every required role
/// approved answers 409 with the missing roles.
/// </summary>
internal sealed class OperationService(
    IServiceStore store, OperationPlanner planner, ServiceSettings settings, TimeProvider clock, RunningOperations running, ServiceAudit audit,
    OperationVersions versions)
{
    public async Task<IResult> CreateAsync(HttpContext http, OperationRequest? request, CancellationToken ct)
    {
        var actor = Actor.From(http);
        var (plan, problems) = await planner.PlanAsync(request, ct).ConfigureAwait(false);
        if (plan is null)
        {
            await audit.RecordAsync(http, "operation_create", null, "invalid").ConfigureAwait(false);
            return Problems.Invalid(problems, "The operation request is invalid");
        }
        var now = clock.GetUtcNow();
        var stored = await versions.AddAsync(new OperationRecord
        {
            OperationType = plan.Request.OperationType!, RequestedBy = actor.Id, RequestJson = Serialize(plan), Fingerprint = plan.Fingerprint,
            Status = plan.RequiredRoles.Count == 0 ? OperationStatus.Approved : OperationStatus.PendingApproval,
            RequiredRoles = plan.RequiredRoles, ScheduledAt = plan.Request.ScheduledAt, CreatedAt = now, UpdatedAt = now,
        }, plan.Source, plan.Target, actor.Id, ct).ConfigureAwait(false);
        await audit.RecordAsync(http, "operation_create", Target(stored.Id), "ok").ConfigureAwait(false);
        return Results.Created($"/api/database-operations/{stored.Id}", await ViewAsync(stored, ct).ConfigureAwait(false));
    }

    public async Task<IResult> ActAsync(HttpContext http, long id, OperationAction? body, CancellationToken ct)
    {
        var actor = Actor.From(http);
        var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
        var action = body?.Action;
        var auditAction = action is "approve" or "reject" or "execute" or "cancel" or "update" ? "operation_" + action : "operation_action";
        async Task<IResult> Refuse(string outcome, IResult result, string? role = null)
        {
            await audit.RecordAsync(http, auditAction, Target(id), outcome, role).ConfigureAwait(false);
            return result;
        }
        if (op is null) return await Refuse("not_found", Problems.NotFound($"Operation {id}")).ConfigureAwait(false);
        switch (action)
        {
            case "approve":
            case "reject":
            {
                var role = body!.ApproverRole;
                if (string.IsNullOrEmpty(role))
                    return await Refuse("invalid", Problems.Invalid([new Problem("approver_role", DiagnosticCodes.ServiceInvalidField, $"approver_role is required: one of {string.Join(", ", op.RequiredRoles)}")])).ConfigureAwait(false);
                if (op.Status is not (OperationStatus.PendingApproval or OperationStatus.Approved))
                    return await Refuse("conflict", Problems.Conflict($"operation {id} is {op.Status}: it can no longer be approved or rejected"), role).ConfigureAwait(false);
                if (!op.RequiredRoles.Contains(role, StringComparer.Ordinal))
                    return await Refuse("invalid", Problems.Invalid([new Problem("approver_role", DiagnosticCodes.ServiceInvalidField, $"operation {id} does not need {role}: it needs {string.Join(", ", op.RequiredRoles)}")]), role).ConfigureAwait(false);
                if (!actor.Holds(role)) return await Refuse("forbidden", Problems.Forbidden($"you do not hold the role {role}"), role).ConfigureAwait(false);
                if (op.RequestedBy == actor.Id) return await Refuse("forbidden", Problems.Forbidden("the requester cannot approve or reject their own operation"), role).ConfigureAwait(false);
                // A data source changed since the request was fingerprinted: the approver has not seen that version yet.
                if (await versions.CurrentAsync(op, ct).ConfigureAwait(false) is { } live && live.Fingerprint != op.Fingerprint)
                {
                    var revised = await versions.RebindAsync(op, live, Reopened(live.RequiredRoles), actor.Id, ct).ConfigureAwait(false);
                    return await Refuse("conflict", Problems.Conflict(revised is null
                        ? $"operation {id} changed meanwhile: try again"
                        : $"a data source of operation {id} changed since this version: the request is now version {revised.Value.Version}, review what changed and decide again"), role).ConfigureAwait(false);
                }
                var valid = ValidApprovals(op, await store.ListApprovalsAsync(id, ct).ConfigureAwait(false));
                if (valid.FirstOrDefault(a => a.UserId == actor.Id) is { } mine)
                    return await Refuse("conflict", Problems.Conflict($"you already approved operation {id} as {mine.Role}: one person fills at most one required role"), role).ConfigureAwait(false);
                if (valid.FirstOrDefault(a => a.Role == role) is { } filled)
                    return await Refuse("conflict", Problems.Conflict($"{role} already approved operation {id} ({filled.UserName})"), role).ConfigureAwait(false);
                var now = clock.GetUtcNow();
                // The decision names the version it was made on, so a later change can be shown as a diff against it.
                var version = await versions.EnsureCurrentAsync(op, actor.Id, ct).ConfigureAwait(false);
                if (body.Version is { } seen && seen != version.Version)
                    return await Refuse("conflict", Problems.Conflict($"you decided on version {seen} of operation {id}, but the request is now version {version.Version}: review what changed and decide again"), role).ConfigureAwait(false);
                var status = action == "reject" ? OperationStatus.Rejected
                    : op.RequiredRoles.All(r => r == role || valid.Any(a => a.Role == r)) ? OperationStatus.Approved : OperationStatus.PendingApproval;
                var updated = op with { Status = status, UpdatedAt = now, FinishedAt = status == OperationStatus.Rejected ? now : null };
                // The decision and the state it leads to are one write: a refused decision leaves no row behind.
                var decision = new ApprovalRecord(0, id, actor.Id, actor.Name, role, action, body.Comments, op.Fingerprint, now) { Version = version.Version };
                if (!await store.DecideAsync(decision, updated, op.Status, op.Fingerprint, ct).ConfigureAwait(false))
                    return await Refuse("conflict", Problems.Conflict($"operation {id} changed meanwhile: try again"), role).ConfigureAwait(false);
                await audit.RecordAsync(http, auditAction, Target(id), "ok", role).ConfigureAwait(false);
                return Results.Ok(await ViewAsync(updated, ct).ConfigureAwait(false));
            }
            case "update":
            {
                if (op.RequestedBy != actor.Id) return await Refuse("forbidden", Problems.Forbidden("only the requester can change an operation")).ConfigureAwait(false);
                if (op.Status is not (OperationStatus.PendingApproval or OperationStatus.Approved))
                    return await Refuse("conflict", Problems.Conflict($"operation {id} is {op.Status}: it can no longer be changed")).ConfigureAwait(false);
                var (plan, problems) = await planner.PlanAsync(body!.Request, ct).ConfigureAwait(false);
                if (plan is null) return await Refuse("invalid", Problems.Invalid(problems, "The changed request is invalid")).ConfigureAwait(false);
                if (plan.Fingerprint != op.Fingerprint) await versions.EnsureCurrentAsync(op, actor.Id, ct).ConfigureAwait(false);
                var updated = op with
                {
                    OperationType = plan.Request.OperationType!, RequestJson = Serialize(plan), Fingerprint = plan.Fingerprint, RequiredRoles = plan.RequiredRoles,
                    ScheduledAt = plan.Request.ScheduledAt, UpdatedAt = clock.GetUtcNow(),
                    // A new fingerprint voids every approval so far.
                    Status = plan.Fingerprint == op.Fingerprint ? op.Status : plan.RequiredRoles.Count == 0 ? OperationStatus.Approved : OperationStatus.PendingApproval,
                };
                var stored = plan.Fingerprint == op.Fingerprint
                    ? await store.UpdateOperationAsync(updated, op.Status, op.Fingerprint, ct).ConfigureAwait(false)
                    : await versions.ChangeAsync(op, updated, plan.Source, plan.Target, OperationVersions.Updated, actor.Id, ct).ConfigureAwait(false) is not null;
                if (!stored) return await Refuse("conflict", Problems.Conflict($"operation {id} changed meanwhile: try again")).ConfigureAwait(false);
                await audit.RecordAsync(http, auditAction, Target(id), plan.Fingerprint == op.Fingerprint ? "unchanged" : "ok").ConfigureAwait(false);
                return Results.Ok(await ViewAsync(updated, ct).ConfigureAwait(false));
            }
            case "execute":
            {
                if (op.RequestedBy != actor.Id && !actor.Holds(ServiceRoles.Admin))
                    return await Refuse("forbidden", Problems.Forbidden("only the requester or an ADMIN can execute an operation")).ConfigureAwait(false);
                if (op.Status is not (OperationStatus.PendingApproval or OperationStatus.Approved))
                    return await Refuse("conflict", Problems.Conflict($"operation {id} is {op.Status}: only an approved operation can be executed")).ConfigureAwait(false);
                // The data sources may have changed since the approvals: the fingerprint covers them too.
                var current = await versions.CurrentAsync(op, ct).ConfigureAwait(false);
                if (current is null)
                    return await Refuse("conflict", Problems.Conflict($"a data source of operation {id} was deleted")).ConfigureAwait(false);
                if (current.Fingerprint != op.Fingerprint)
                    op = (await versions.RebindAsync(op, current, Reopened(current.RequiredRoles), actor.Id, ct).ConfigureAwait(false))?.Operation
                        ?? op with { Fingerprint = current.Fingerprint, RequiredRoles = current.RequiredRoles, Status = Reopened(current.RequiredRoles) };
                var missing = MissingRoles(op, await store.ListApprovalsAsync(id, ct).ConfigureAwait(false));
                if (missing.Count > 0)
                    return await Refuse("conflict", Problems.Conflict($"operation {id} still needs approval from {string.Join(", ", missing)}",
                        new Dictionary<string, object?> { ["missing_roles"] = missing })).ConfigureAwait(false);
                var now = clock.GetUtcNow();
                var next = RecurringScheduler.IsRecurring(op) ? OperationStatus.Recurring : op.ScheduledAt is { } at && at > now ? OperationStatus.Scheduled : OperationStatus.Queued;
                var updated = op with { Status = next, UpdatedAt = now };
                if (!await store.UpdateOperationAsync(updated, op.Status, op.Fingerprint, ct).ConfigureAwait(false))
                    return await Refuse("conflict", Problems.Conflict($"operation {id} changed meanwhile: try again")).ConfigureAwait(false);
                running.Wake();
                await audit.RecordAsync(http, auditAction, Target(id), "ok").ConfigureAwait(false);
                return Results.Ok(await ViewAsync(updated, ct).ConfigureAwait(false));
            }
            case "cancel":
            {
                if (op.RequestedBy != actor.Id && !actor.Holds(ServiceRoles.Admin))
                    return await Refuse("forbidden", Problems.Forbidden("only the requester or an ADMIN can cancel an operation")).ConfigureAwait(false);
                // A worker may claim the operation (queued → running) between the read and the write: the cancel then
                // applies to what it became, read again, instead of asking the user to retry a race they cannot see.
                OperationRecord updated;
                for (var attempt = 1; ; attempt++)
                {
                    if (OperationStatus.IsFinal(op.Status))
                        return await Refuse("conflict", Problems.Conflict($"operation {id} is already {op.Status}")).ConfigureAwait(false);
                    var now = clock.GetUtcNow();
                    updated = op.Status == OperationStatus.Running
                        ? op with { CancelRequested = true, UpdatedAt = now }
                        : op with { Status = OperationStatus.Cancelled, UpdatedAt = now, FinishedAt = now };
                    if (await store.UpdateOperationAsync(updated, op.Status, op.Fingerprint, ct).ConfigureAwait(false)) break;
                    var reread = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
                    if (attempt == 3 || reread is null || reread.Fingerprint != op.Fingerprint)
                        return await Refuse("conflict", Problems.Conflict($"operation {id} changed meanwhile: try again")).ConfigureAwait(false);
                    op = reread;
                }
                // The running job stops at its next cancellation check and the worker records it cancelled.
                if (op.Status == OperationStatus.Running) running.Cancel(id);
                await audit.RecordAsync(http, auditAction, Target(id), "ok").ConfigureAwait(false);
                return Results.Accepted($"/api/database-operations/{id}", await ViewAsync(updated, ct).ConfigureAwait(false));
            }
            default:
                return await Refuse("invalid", Problems.Invalid([new Problem("action", DiagnosticCodes.ServiceInvalidField, "action must be approve, reject, execute, cancel or update")])).ConfigureAwait(false);
        }
    }

    public async Task<OperationView> ViewAsync(OperationRecord op, CancellationToken ct)
    {
        var stored = StoredRequest.Of(op);
        var approvals = await store.ListApprovalsAsync(op.Id, ct).ConfigureAwait(false);
        var users = await store.ListUsersAsync(ct).ConfigureAwait(false);
        var valid = ValidApprovals(op, approvals);
        var now = clock.GetUtcNow();
        return new OperationView
        {
            Id = op.Id, OperationType = op.OperationType, Status = op.Status, RequestedBy = users.FirstOrDefault(u => u.Id == op.RequestedBy)?.Name ?? "?",
            Request = stored.Request, SourceId = stored.SourceId, TargetId = stored.TargetId, RequiredRoles = op.RequiredRoles,
            MissingRoles = OperationStatus.IsFinal(op.Status) || op.Status is OperationStatus.Running or OperationStatus.Queued or OperationStatus.Scheduled or OperationStatus.Recurring ? [] : MissingRoles(op, approvals),
            Approvals = approvals.Select(a => new ApprovalView(a.Role, a.UserName, a.Decision, a.Comments, a.DecidedAt, valid.Contains(a) || a.Decision == "reject",
                a.Decision == "reject" || valid.Contains(a) ? null : a.Fingerprint != op.Fingerprint ? "the operation changed after this approval" : now - a.DecidedAt > settings.ApprovalValidity ? "expired" : null)
            {
                Version = a.Version,
            }).ToList(),
            Fingerprint = op.Fingerprint, ScheduledAt = op.ScheduledAt, CreatedAt = op.CreatedAt, UpdatedAt = op.UpdatedAt,
            StartedAt = op.StartedAt, FinishedAt = op.FinishedAt, Error = op.Error,
        };
    }

    /// <summary>Approvals that count now: an approve, of the current fingerprint, not expired.</summary>
    private List<ApprovalRecord> ValidApprovals(OperationRecord op, IReadOnlyList<ApprovalRecord> approvals)
    {
        var now = clock.GetUtcNow();
        return approvals.Where(a => a.Decision == "approve" && a.Fingerprint == op.Fingerprint && now - a.DecidedAt <= settings.ApprovalValidity).ToList();
    }

    private List<string> MissingRoles(OperationRecord op, IReadOnlyList<ApprovalRecord> approvals)
    {
        var valid = ValidApprovals(op, approvals);
        return op.RequiredRoles.Where(r => !valid.Any(a => a.Role == r)).ToList();
    }

    /// <summary>Where an operation whose approvals were voided stands: approved when it needs none.</summary>
    private static string Reopened(IReadOnlyList<string> requiredRoles) => requiredRoles.Count == 0 ? OperationStatus.Approved : OperationStatus.PendingApproval;

    private static string Serialize(PlannedOperation plan) =>
        JsonSerializer.Serialize(new StoredRequest(plan.Request, plan.Source.Id, plan.Target?.Id), OperationPlanner.Json);

    public static string Target(long id) => "operation:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
