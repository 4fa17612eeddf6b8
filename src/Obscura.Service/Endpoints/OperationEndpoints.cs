using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Endpoints;

/// <summary><c>/api/database-operations</c>: request, approve, execute, watch and download.</summary>
internal static class OperationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/database-operations").WithTags("Operations");
        group.MapPost("/", (HttpContext http, OperationRequest request, OperationService service, CancellationToken ct) => service.CreateAsync(http, request, ct))
            .RequireAuthorization(ObscuraServiceHost.Policies.Requester);

        group.MapGet("/", async (string? status, IServiceStore store, OperationService service, CancellationToken ct) =>
        {
            var views = new List<OperationView>();
            foreach (var op in await store.ListOperationsAsync(status, ct).ConfigureAwait(false)) views.Add(await service.ViewAsync(op, ct).ConfigureAwait(false));
            return Results.Ok(views);
        }).RequireAuthorization(ObscuraServiceHost.Policies.Operations);

        group.MapGet("/{id:long}", async (long id, IServiceStore store, OperationService service, CancellationToken ct) =>
            await store.GetOperationAsync(id, ct).ConfigureAwait(false) is { } op ? Results.Ok(await service.ViewAsync(op, ct).ConfigureAwait(false)) : Problems.NotFound($"Operation {id}"))
            .RequireAuthorization(ObscuraServiceHost.Policies.Operations);

        group.MapPatch("/{id:long}", (HttpContext http, long id, OperationAction body, OperationService service, CancellationToken ct) => service.ActAsync(http, id, body, ct))
            .RequireAuthorization(ObscuraServiceHost.Policies.Operations);

        group.MapGet("/{id:long}/progress", async (long id, IServiceStore store, RunningOperations running, CancellationToken ct) =>
            await ProgressAsync(id, store, running, ct).ConfigureAwait(false) is { } p ? Results.Ok(p) : Problems.NotFound($"Operation {id}"))
            .RequireAuthorization(ObscuraServiceHost.Policies.Operations);

        group.MapGet("/{id:long}/events", StreamEventsAsync).RequireAuthorization(ObscuraServiceHost.Policies.Operations);

        group.MapGet("/{id:long}/report", async (HttpContext http, long id, IServiceStore store, ServiceAudit audit, CancellationToken ct) =>
        {
            var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
            if (op is null) return Problems.NotFound($"Operation {id}");
            if (op.ReportJson is null) return Problems.Conflict($"operation {id} is {op.Status}: its report exists once it has run");
            await audit.RecordAsync(http, "report_download", OperationService.Target(id), "ok").ConfigureAwait(false);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(op.ReportJson), "application/json", $"operation-{id}-summary.json");
        }).RequireAuthorization(ObscuraServiceHost.Policies.Operations);
    }

    /// <summary>Streams an operation's progress as server-sent events until it ends (the API and the dashboard share it).</summary>
    internal static async Task StreamEventsAsync(HttpContext http, long id, IServiceStore store, RunningOperations running, CancellationToken ct)
    {
        if (await ProgressAsync(id, store, running, ct).ConfigureAwait(false) is null)
        {
            await Problems.NotFound($"Operation {id}").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        string? last = null;
        var quiet = 0;
        while (!ct.IsCancellationRequested)
        {
            var progress = await ProgressAsync(id, store, running, ct).ConfigureAwait(false);
            if (progress is null) break;
            var json = JsonSerializer.Serialize(progress, OperationPlanner.Json);
            if (json != last)
            {
                await http.Response.WriteAsync($"event: progress\ndata: {json}\n\n", ct).ConfigureAwait(false);
                last = json;
                quiet = 0;
            }
            else if (++quiet % 60 == 0) await http.Response.WriteAsync(": keep-alive\n\n", ct).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            if (OperationStatus.IsFinal(progress.Status))
            {
                await http.Response.WriteAsync($"event: end\ndata: {{\"status\":\"{progress.Status}\"}}\n\n", ct).ConfigureAwait(false);
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Live progress when the operation runs in this process; else the last saved snapshot; null when there is no such operation.</summary>
    internal static async Task<ProgressView?> ProgressAsync(long id, IServiceStore store, RunningOperations running, CancellationToken ct)
    {
        var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
        if (op is null) return null;
        if (op.Status == OperationStatus.Running && running.TryGet(id, out var entry)) return entry.Progress.Snapshot(op.Status);
        var saved = await store.GetProgressAsync(id, ct).ConfigureAwait(false);
        return saved is null
            ? new ProgressView { Status = op.Status }
            : JsonSerializer.Deserialize<ProgressView>(saved, OperationPlanner.Json)! with { Status = op.Status };
    }
}
