using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Obscura.Service.DataSources;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Endpoints;

/// <summary><c>/api/data-sources</c>: ADMIN manages them; every role but ANALYST reads them (never a password).</summary>
internal static class DataSourceEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/data-sources").WithTags("Data sources");
        group.MapPost("/", CreateAsync).RequireAuthorization(ObscuraServiceHost.Policies.Admin);

        group.MapGet("/", async (IServiceStore store, CancellationToken ct) =>
            Results.Ok((await store.ListDataSourcesAsync(ct).ConfigureAwait(false)).Select(DataSourceService.View)))
            .RequireAuthorization(ObscuraServiceHost.Policies.Operations);

        group.MapGet("/{id}", async (string id, IServiceStore store, CancellationToken ct) =>
            await store.GetDataSourceAsync(id, ct).ConfigureAwait(false) is { } s ? Results.Ok(DataSourceService.View(s)) : Problems.NotFound($"Data source {id}"))
            .RequireAuthorization(ObscuraServiceHost.Policies.Operations);

        group.MapPatch("/{id}", async (HttpContext http, string id, DataSourceRequest request, DataSourceService service, IServiceStore store, ServiceAudit audit,
            DataSourceRebinding rebinding, CancellationToken ct) =>
        {
            var existing = await store.GetDataSourceAsync(id, ct).ConfigureAwait(false);
            if (existing is null) return Problems.NotFound($"Data source {id}");
            var (record, problems) = service.Build(request, existing);
            var taken = record is null ? null : await NameTakenAsync(store, record, ct).ConfigureAwait(false);
            if (record is null || taken is not null)
            {
                await audit.RecordAsync(http, "data_source_update", "data_source:" + id, "invalid").ConfigureAwait(false);
                return Problems.Invalid(record is null ? problems : [taken!], "The data source is invalid");
            }
            var users = await rebinding.UsersAsync(id, ct).ConfigureAwait(false);
            if (DataSourceRebinding.Refusal(id, users, deleting: false) is { } refused)
            {
                await audit.RecordAsync(http, "data_source_update", "data_source:" + id, "in_use").ConfigureAwait(false);
                return refused;
            }
            await store.UpdateDataSourceAsync(record, ct).ConfigureAwait(false);
            await audit.RecordAsync(http, "data_source_update", "data_source:" + id, "ok").ConfigureAwait(false);
            // The operations that use it get their new version now, so approvers are shown the change before they decide.
            await rebinding.RebindAsync(http, users, ct).ConfigureAwait(false);
            return Results.Ok(DataSourceService.View(record));
        }).RequireAuthorization(ObscuraServiceHost.Policies.Admin);

        group.MapDelete("/{id}", async (HttpContext http, string id, IServiceStore store, ServiceAudit audit, DataSourceRebinding rebinding, CancellationToken ct) =>
        {
            if (DataSourceRebinding.Refusal(id, await rebinding.UsersAsync(id, ct).ConfigureAwait(false), deleting: true) is { } refused)
            {
                await audit.RecordAsync(http, "data_source_delete", "data_source:" + id, "in_use").ConfigureAwait(false);
                return refused;
            }
            var deleted = await store.DeleteDataSourceAsync(id, ct).ConfigureAwait(false);
            await audit.RecordAsync(http, "data_source_delete", "data_source:" + id, deleted ? "ok" : "not_found").ConfigureAwait(false);
            return deleted ? Results.NoContent() : Problems.NotFound($"Data source {id}");
        }).RequireAuthorization(ObscuraServiceHost.Policies.Admin);

        group.MapPost("/{id}/test", TestAsync).RequireAuthorization(ObscuraServiceHost.Policies.DataSourceTest);
    }

    /// <summary>Validates and stores a new data source (the API and the dashboard share it).</summary>
    internal static async Task<IResult> CreateAsync(HttpContext http, DataSourceRequest request, DataSourceService service, IServiceStore store, ServiceAudit audit, CancellationToken ct)
    {
        var (record, problems) = service.Build(request, null);
        var taken = record is null ? null : await NameTakenAsync(store, record, ct).ConfigureAwait(false);
        if (record is null || taken is not null)
        {
            await audit.RecordAsync(http, "data_source_create", null, "invalid").ConfigureAwait(false);
            return Problems.Invalid(record is null ? problems : [taken!], "The data source is invalid");
        }
        await store.AddDataSourceAsync(record, ct).ConfigureAwait(false);
        await audit.RecordAsync(http, "data_source_create", "data_source:" + record.Id, "ok").ConfigureAwait(false);
        return Results.Created($"/api/data-sources/{record.Id}", DataSourceService.View(record));
    }

    /// <summary>Connects to a data source and says whether it answers (the API and the dashboard share it).</summary>
    internal static async Task<IResult> TestAsync(HttpContext http, string id, DataSourceService service, IServiceStore store, ServiceAudit audit, CancellationToken ct)
    {
        var source = await store.GetDataSourceAsync(id, ct).ConfigureAwait(false);
        if (source is null) return Problems.NotFound($"Data source {id}");
        var (ok, message) = await service.TestAsync(source, ct).ConfigureAwait(false);
        await audit.RecordAsync(http, "data_source_test", "data_source:" + id, ok ? "ok" : "failed").ConfigureAwait(false);
        return ok
            ? Results.Ok(new { ok, message })
            : Results.Problem(detail: message, statusCode: StatusCodes.Status502BadGateway, title: "The data source cannot be reached",
                extensions: new Dictionary<string, object?> { ["ok"] = false });
    }

    private static async Task<Problem?> NameTakenAsync(IServiceStore store, DataSourceRecord record, CancellationToken ct) =>
        (await store.ListDataSourcesAsync(ct).ConfigureAwait(false)).Any(s => s.Id != record.Id && string.Equals(s.Name, record.Name, StringComparison.OrdinalIgnoreCase))
            ? new Problem("name", Core.Diagnostics.DiagnosticCodes.ServiceInvalidField, $"a data source named '{record.Name}' exists")
            : null;
}
