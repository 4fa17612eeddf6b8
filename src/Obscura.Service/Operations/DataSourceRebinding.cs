using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Obscura.Core.Diagnostics;
using Obscura.Service.Internal;
using Obscura.Service.Store;

namespace Obscura.Service.Operations;

/// <summary>
/// What a data source edit does to the operations that use it (as source or target; a request that named it by
/// environment or name was resolved to its id when it was planned). Every unfinished operation whose fingerprint the edit
/// changes is bound to the data source as it is now, at once, through <see cref="OperationVersions.RebindAsync"/>: a new
/// version holding the change, its approvals no longer count, and it goes back to <c>pending_approval</c> (approved,
/// scheduled, queued and recurring ones too) unless it needs no approval, when it keeps its status. A running operation's
/// data sources cannot be changed or deleted until it ends, and an unfinished operation's cannot be deleted.
/// </summary>
internal sealed class DataSourceRebinding(IServiceStore store, OperationVersions versions, ServiceAudit audit, ILogger<DataSourceRebinding> logger)
{
    /// <summary>Audit outcome of <c>operation_update</c> when a data source edit gave an operation a new version.</summary>
    public const string DataSourceChanged = "data_source_changed";

    // Each failed compare-and-set means a decision or another edit landed in between: read again and retry.
    private const int Attempts = 8;

    /// <summary>The operations not yet final that use data source <paramref name="dataSourceId"/>.</summary>
    public async Task<IReadOnlyList<OperationRecord>> UsersAsync(string dataSourceId, CancellationToken ct)
    {
        var all = await store.ListOperationsAsync(null, ct).ConfigureAwait(false);
        return all.Where(o => !OperationStatus.IsFinal(o.Status) && Uses(o, dataSourceId)).ToList();
    }

    /// <summary>
    /// Why data source <paramref name="dataSourceId"/> may not be changed (<paramref name="deleting"/> false) or deleted now,
    /// given the operations that use it; null when it may.
    /// </summary>
    public static IResult? Refusal(string dataSourceId, IReadOnlyList<OperationRecord> users, bool deleting)
    {
        var running = users.Where(o => o.Status == OperationStatus.Running).Select(o => o.Id).ToList();
        if (running.Count > 0)
            return Problems.Conflict(
                $"data source {dataSourceId} is used by running operation{Plural(running)} {Ids(running)}: it can be {(deleting ? "deleted" : "changed")} once {(running.Count == 1 ? "that run ends" : "those runs end")} (or cancel {(running.Count == 1 ? "it" : "them")})",
                Extensions(DiagnosticCodes.ServiceDataSourceRunning, running));
        if (!deleting || users.Count == 0) return null;
        var ids = users.Select(o => o.Id).ToList();
        return Problems.Conflict(
            $"data source {dataSourceId} is used by unfinished operation{Plural(ids)} {Ids(ids)}: cancel {(ids.Count == 1 ? "it" : "them")} before deleting the data source",
            Extensions(DiagnosticCodes.ServiceDataSourceInUse, ids));
    }

    /// <summary>
    /// Binds each of <paramref name="users"/> to its data sources as they are now (after an edit) and audits each new version
    /// as <c>operation_update</c> / <see cref="DataSourceChanged"/> by the editor, which notifies approvers as a changed request
    /// does. Returns the operations given a new version, with its number.
    /// </summary>
    public async Task<IReadOnlyList<(long Operation, int Version)>> RebindAsync(HttpContext http, IReadOnlyList<OperationRecord> users, CancellationToken ct)
    {
        var editor = Actor.From(http);
        var rebound = new List<(long, int)>();
        foreach (var user in users)
        {
            if (await RebindAsync(user.Id, editor.Id, ct).ConfigureAwait(false) is not { } version) continue;
            rebound.Add((user.Id, version));
            await audit.RecordAsync(http, "operation_update", OperationService.Target(user.Id), DataSourceChanged).ConfigureAwait(false);
        }
        return rebound;
    }

    /// <summary>The new version of operation <paramref name="id"/>; null when it needed none (unchanged, final, running, or a data source gone).</summary>
    private async Task<int?> RebindAsync(long id, long by, CancellationToken ct)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
            // A run that started after the check keeps what it started with; the worker reads its data sources at its start.
            if (op is null || OperationStatus.IsFinal(op.Status) || op.Status == OperationStatus.Running) return null;
            var current = await versions.CurrentAsync(op, ct).ConfigureAwait(false);
            // Null: a data source is gone (execute refuses it). Same fingerprint: nothing that binds changed, or a concurrent
            // approve, execute or edit bound it already.
            if (current is null || current.Fingerprint == op.Fingerprint) return null;
            // Roles come from the data sources' environments too, so a move to another environment may add or drop some.
            var status = current.RequiredRoles.Count > 0 ? OperationStatus.PendingApproval
                : op.Status == OperationStatus.PendingApproval ? OperationStatus.Approved : op.Status;
            if (await versions.RebindAsync(op, current, status, by, ct).ConfigureAwait(false) is { } done) return done.Version;
        }
        logger.LogWarning("operation {Id} kept changing while its data source was edited: it is bound at its next decision", id);
        return null;
    }

    private static bool Uses(OperationRecord op, string dataSourceId)
    {
        var request = StoredRequest.Of(op);
        return request.SourceId == dataSourceId || request.TargetId == dataSourceId;
    }

    private static Dictionary<string, object?> Extensions(string code, List<long> operations) => new() { ["code"] = code, ["operations"] = operations };

    private static string Plural(List<long> ids) => ids.Count == 1 ? "" : "s";

    private static string Ids(List<long> ids) => string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
}
