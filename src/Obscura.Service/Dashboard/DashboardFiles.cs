using Microsoft.AspNetCore.Http;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard;

/// <summary>
/// Report downloads for signed-in users: the run summary (from the store) and the operation's files on the allowlist
/// of <see cref="OperationFiles.Downloadable"/>, from the store. Reports open in the browser under a sandboxed CSP (no script, no
/// requests); every download is audited as the API's are.
/// </summary>
internal static class DashboardFiles
{
    private const string ReportPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    public static async Task<IResult> SummaryAsync(HttpContext http, long id, IServiceStore store, ServiceAudit audit, CancellationToken ct)
    {
        var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
        if (op is null) return Problems.NotFound($"Operation {id}");
        if (op.ReportJson is null) return Problems.Conflict($"operation {id} is {op.Status}: its report exists once it has run");
        await audit.RecordAsync(http, "report_download", OperationService.Target(id), "ok").ConfigureAwait(false);
        http.Response.Headers.ContentSecurityPolicy = ReportPolicy;
        return Results.Text(op.ReportJson, "application/json; charset=utf-8");
    }

    public static async Task<IResult> FileAsync(HttpContext http, long id, string name, IServiceStore store, IReportFileStore files, IStoreRetention retention, ServiceSettings settings, ServiceAudit audit, CancellationToken ct)
    {
        if (!OperationFiles.Downloadable.Contains(name, StringComparer.Ordinal)) return Problems.NotFound($"Report {name}");
        if (await store.GetOperationAsync(id, ct).ConfigureAwait(false) is null) return Problems.NotFound($"Operation {id}");
        if (await Retention.RemovedReports.CheckAsync(retention, settings, id, ct).ConfigureAwait(false) is { } gone) return gone;
        var (type, inline) = Path.GetExtension(name) switch
        {
            ".html" => ("text/html; charset=utf-8", true),
            ".json" => ("application/json; charset=utf-8", true),
            ".csv" => ("text/csv; charset=utf-8", false),
            _ => ("text/plain; charset=utf-8", false),
        };
        var result = await OperationFiles.DownloadAsync(files, settings, id, name, type, inline ? null : $"operation-{id}-{name}", ct).ConfigureAwait(false);
        if (result is IStatusCodeHttpResult { StatusCode: >= 400 }) return result;
        await audit.RecordAsync(http, "report_download", OperationService.Target(id) + "/" + name, "ok").ConfigureAwait(false);
        http.Response.Headers.ContentSecurityPolicy = ReportPolicy;
        return result;
    }
}
