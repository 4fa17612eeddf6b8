using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Retention;
using Obscura.Service.Store;

namespace Obscura.Service.Endpoints;

/// <summary>
/// <c>/api/database-operations/{id}/reports</c>: what a finished operation left behind — the run summary, the validation
/// report the engine wrote, the in-place run's report and audit chain, the sample report, and the audit lines about the
/// operation — listed, then downloaded by name from the store, so any service process answers. Only report files: a
/// dump, a sample's rows or a backup is listed with where it stays, never served.
/// </summary>
internal static class ReportEndpoints
{
    /// <summary>The run summary (the store's report JSON).</summary>
    public const string Summary = "summary.json";
    /// <summary>The audit lines about this operation from every process, as JSONL: per log a header line, then its lines unchanged (see <see cref="Internal.AuditExcerptBuilder"/>).</summary>
    public const string AuditExcerpt = "audit.jsonl";

    /// <summary>
    /// One report or output. A report the store keeps has its <paramref name="Url"/> and SHA-256; one over the size limit
    /// (OBS965) and every other output (a dump, a sample's rows, a backup) have no URL and say where they stay.
    /// </summary>
    internal sealed record ReportView(string Name, string ContentType, long Bytes, string Description, string? Url, bool Stored = true, string? Sha256 = null, string? Location = null);

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/database-operations").WithTags("Reports");
        group.MapGet("/{id:long}/reports", async (long id, IServiceStore store, IReportFileStore files, IStoreRetention retention, ServiceSettings settings, CancellationToken ct) =>
        {
            var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
            if (op is null) return Problems.NotFound($"Operation {id}");
            if (!OperationStatus.IsFinal(op.Status)) return Problems.Conflict($"operation {id} is {op.Status}: its reports are ready once it is done");
            if (await RemovedReports.CheckAsync(retention, settings, id, ct).ConfigureAwait(false) is { } gone) return gone;
            return Results.Ok(await ListAsync(op, store, files, settings, ct).ConfigureAwait(false));
        }).RequireAuthorization(ObscuraServiceHost.Policies.Operations);

        group.MapGet("/{id:long}/reports/{name}", async (HttpContext http, long id, string name, IServiceStore store, IReportFileStore files, IStoreRetention retention, ServiceSettings settings, ServiceAudit audit, CancellationToken ct) =>
        {
            var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
            if (op is null) return Problems.NotFound($"Operation {id}");
            if (!OperationStatus.IsFinal(op.Status)) return Problems.Conflict($"operation {id} is {op.Status}: its reports are ready once it is done");
            var file = $"operation-{id}-{name}";
            IResult? result = null;
            if (name == Summary && op.ReportJson is { } json) result = Results.File(Encoding.UTF8.GetBytes(json), "application/json", file);
            else if (name == AuditExcerpt) result = Results.File(Encoding.UTF8.GetBytes(await AuditExcerptBuilder.BuildAsync(store, settings.AuditPath, OperationService.Target(id), ct).ConfigureAwait(false)), "application/x-ndjson", file);
            else if (OperationFiles.Reports.FirstOrDefault(f => f.Name == name) is { Name: not null } known)
            {
                if (await RemovedReports.CheckAsync(retention, settings, id, ct).ConfigureAwait(false) is { } gone) return gone;
                result = await OperationFiles.DownloadAsync(files, settings, id, name, known.ContentType, file, ct).ConfigureAwait(false);
                if (result is IStatusCodeHttpResult { StatusCode: >= 400 }) return result;
            }
            if (result is null) return Problems.NotFound($"Report '{name}' of operation {id}");
            await audit.RecordAsync(http, "report_download", OperationService.Target(id), "ok").ConfigureAwait(false);
            return result;
        }).RequireAuthorization(ObscuraServiceHost.Policies.Operations);
    }

    private static async Task<IReadOnlyList<ReportView>> ListAsync(OperationRecord op, IServiceStore store, IReportFileStore files, ServiceSettings settings, CancellationToken ct)
    {
        string Url(string name) => $"/api/database-operations/{op.Id.ToString(CultureInfo.InvariantCulture)}/reports/{name}";
        var list = new List<ReportView>();
        if (op.ReportJson is { } json) list.Add(new ReportView(Summary, "application/json", Encoding.UTF8.GetByteCount(json), "the run summary", Url(Summary)));
        var kept = await files.ListReportFilesAsync(op.Id, ct).ConfigureAwait(false);
        foreach (var (name, type, description) in OperationFiles.Reports)
        {
            if (kept.FirstOrDefault(f => f.Name == name) is not { } file) continue;
            list.Add(file.Stored
                ? new ReportView(name, type, file.Size, description, Url(name), Sha256: file.Sha256)
                : new ReportView(name, type, file.Size, description + " (" + ReportPublisher.TooLarge(file, settings.ReportMaxBytes) + ")", null, false, null, file.Location));
        }
        foreach (var output in kept.Where(f => !OperationFiles.Downloadable.Contains(f.Name, StringComparer.Ordinal)))
            list.Add(new ReportView(output.Name, output.ContentType, output.Size, "an output that stays where it was written (not served)", null, false, null, output.Location));
        var excerpt = await AuditExcerptBuilder.BuildAsync(store, settings.AuditPath, OperationService.Target(op.Id), ct).ConfigureAwait(false);
        list.Add(new ReportView(AuditExcerpt, "application/x-ndjson", Encoding.UTF8.GetByteCount(excerpt), "the audit lines about this operation from every service process, grouped per log (hash-chained lines, as written)", Url(AuditExcerpt)));
        return list;
    }
}
