using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Engine;
using Obscura.Engine.Preview;
using Obscura.Service.DataSources;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Preview;
using Obscura.Service.Store;

namespace Obscura.Service.Endpoints;

/// <summary>
/// <c>GET /api/data-sources/{id}/preview?table=&amp;limit=&amp;operation_id=</c>: a few rows as a reviewer may see them — the
/// operation's masking, or the scan's drafted masking for the data source's personal data — through the Engine's
/// <see cref="PreviewService"/> (the copy's planner and transforming reader). Every preview is audited, never its values.
/// </summary>
internal static class PreviewEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/data-sources/{id}/preview", PreviewAsync).WithTags("Data sources").RequireAuthorization(ObscuraServiceHost.Policies.Operations);
    }

    private static async Task<IResult> PreviewAsync(HttpContext http, string id, string? table, int? limit, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "operation_id")] long? operationId, IServiceStore store,
        DataSourceService sources, ObscuraRuntime runtime, ServiceSettings settings, ServiceAudit audit, CancellationToken ct)
    {
        var source = await store.GetDataSourceAsync(id, ct).ConfigureAwait(false);
        if (source is null)
        {
            await audit.RecordAsync(http, "data_source_preview", "data_source:" + id, "not_found").ConfigureAwait(false);
            return Problems.NotFound($"Data source {id}");
        }
        var target = $"data_source:{id}" + (string.IsNullOrWhiteSpace(table) ? "" : "/" + table);
        var preview = settings.Preview;
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(table)) problems.Add(new Problem("table", DiagnosticCodes.ServicePreviewInvalid, "name the table to preview (?table=NAME)"));
        var rows = limit ?? preview.DefaultRows;
        if (rows < 1) problems.Add(new Problem("limit", DiagnosticCodes.ServicePreviewInvalid, "limit must be at least 1"));
        var capped = rows > preview.MaxRows;
        rows = Math.Min(rows, preview.MaxRows);
        ObscuraConfig? config = null;
        if (operationId is { } opId)
        {
            var op = await store.GetOperationAsync(opId, ct).ConfigureAwait(false);
            var stored = op is null ? null : JsonSerializer.Deserialize<StoredRequest>(op.RequestJson, OperationPlanner.Json);
            if (stored is null) problems.Add(new Problem("operation_id", DiagnosticCodes.ServicePreviewInvalid, $"operation {opId} does not exist"));
            else if (stored.SourceId != source.Id)
                problems.Add(new Problem("operation_id", DiagnosticCodes.ServicePreviewInvalid, $"operation {opId} reads another data source, not {source.Name}"));
            else
            {
                var r = stored.Request;
                try
                {
                    config = r.Anonymize && r.Config is { } yaml ? ConfigLoader.Parse(yaml, "config") : ObscuraConfig.Empty;
                }
                catch (ObscuraConfigException e)
                {
                    problems.Add(new Problem("operation_id", DiagnosticCodes.ServicePreviewInvalid, $"operation {opId}'s config does not load: {e.Message}"));
                }
            }
        }
        if (problems.Count > 0)
        {
            await audit.RecordAsync(http, "data_source_preview", target, "invalid").ConfigureAwait(false);
            return Problems.Invalid(problems, "The preview request is invalid");
        }

        var actor = Actor.From(http);
        var granted = ClearTextAccess.IsGranted(preview, source.Classification, actor);
        var protectedSource = ClearTextAccess.IsProtected(source.Classification);
        try
        {
            await using var endpoint = runtime.Connect(sources.Resolve(source));
            var result = await new PreviewService(runtime).PreviewAsync(endpoint, new PreviewOptions
            {
                Table = table!,
                Limit = rows,
                Config = config,
                MaskUnmaskedPii = !granted && (config is null || protectedSource),
                // The service's secret shows what a run writes; without one, a secret for this preview only.
                Secret = settings.ReadRunSecret() ?? RunSecret.FromText(Convert.ToHexString(RandomNumberGenerator.GetBytes(32))),
                ScanSampleSize = preview.ScanSampleSize,
            }, ct).ConfigureAwait(false);
            await audit.RecordAsync(http, "data_source_preview", $"data_source:{id}/{result.Table}", "ok").ConfigureAwait(false);
            return Results.Ok(new PreviewView(source.Id, result.Table.ToString(), source.Classification, config is null ? "classification" : "operation", operationId,
                granted, rows, capped, result.Columns, result.Rows.Select(r => r.Select(JsonValue).ToArray()).ToList()));
        }
        catch (ObscuraConfigException e)
        {
            await audit.RecordAsync(http, "data_source_preview", target, "invalid").ConfigureAwait(false);
            return e.Diagnostics.Count > 0
                ? Problems.Invalid([.. e.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => new Problem(d.Code == DiagnosticCodes.UnknownSelectedTable ? "table" : d.Path, d.Code, d.Message))],
                    "The preview request is invalid")
                : Problems.Invalid([new Problem("data_source", DiagnosticCodes.ServicePreviewInvalid, e.Message)], "The preview request is invalid");
        }
        catch (Exception e) when (e is DbException or ObscuraDatabaseException)
        {
            await audit.RecordAsync(http, "data_source_preview", target, "failed").ConfigureAwait(false);
            return Results.Problem(e is ObscuraException ? e.Message : runtime.Providers.DescribeError(e), statusCode: StatusCodes.Status502BadGateway,
                title: "The data source cannot be read");
        }
    }

    /// <summary>A value JSON can carry as is; anything else (driver-specific types) as invariant text.</summary>
    private static object? JsonValue(object? v) => v switch
    {
        null or string or bool or long or int or short or byte or decimal or Guid or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan or byte[] => v,
        double d => double.IsFinite(d) ? d : d.ToString(CultureInfo.InvariantCulture),
        float f => float.IsFinite(f) ? f : f.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture),
    };
}
