using System.Globalization;
using Microsoft.AspNetCore.Http;
using Obscura.Core.Diagnostics;
using Obscura.Service.Store;

namespace Obscura.Service.Retention;

/// <summary>The answer for the report files of an operation that retention removed: 410 Gone, saying when (OBS970).</summary>
internal static class RemovedReports
{
    /// <summary>410 problem details when retention removed the operation's report files; null when it did not.</summary>
    public static async Task<IResult?> CheckAsync(IStoreRetention retention, ServiceSettings settings, long id, CancellationToken ct)
    {
        if (await retention.ReportsRemovedAsync(id, ct).ConfigureAwait(false) is not { } removed) return null;
        var kept = settings.ReportRetention > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $" (this service keeps them {settings.ReportRetention.TotalDays:0.##} days after an operation ends)")
            : "";
        return Results.Problem(
            detail: string.Create(CultureInfo.InvariantCulture,
                $"{DiagnosticCodes.ServiceReportsRemoved}: the {removed.Files} report files of operation {id} were removed by retention on {removed.RemovedAt:yyyy-MM-dd HH:mm} UTC{kept}; its run summary (summary.json) and audit lines stay"),
            statusCode: StatusCodes.Status410Gone, title: "Reports removed by retention", type: "https://obscura.dev/problems/reports-removed",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = DiagnosticCodes.ServiceReportsRemoved, ["removed_at"] = removed.RemovedAt, ["files"] = removed.Files,
                ["summary_url"] = string.Create(CultureInfo.InvariantCulture, $"/api/database-operations/{id}/reports/summary.json"),
            });
    }
}
