using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Endpoints;

/// <summary><c>GET /api/database-operations/{id}/runs</c>: a recurring operation's history and its next occurrence.</summary>
internal static class RecurringEndpoints
{
    /// <summary>The history of a recurring operation.</summary>
    internal sealed record RunsView(long Id, string Status, string? Cron, DateTimeOffset? NextRunAt, IReadOnlyList<RunView> Runs);

    /// <summary>One run.</summary>
    internal sealed record RunView(long Id, string Status, DateTimeOffset? ScheduledAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGroup("/database-operations").WithTags("Operations").MapGet("/{id:long}/runs", async (long id, IServiceStore store, RecurringScheduler scheduler, CancellationToken ct) =>
        {
            var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
            if (op is null) return Problems.NotFound($"Operation {id}");
            var request = StoredRequest.Of(op).Request;
            var runs = RecurringScheduler.RunsOf(id, await store.ListOperationsAsync(null, ct).ConfigureAwait(false));
            return Results.Ok(new RunsView(id, op.Status, request.Cron, scheduler.NextOccurrence(op),
                runs.Select(r => new RunView(r.Id, r.Status, r.ScheduledAt, r.StartedAt, r.FinishedAt, r.Error)).ToList()));
        }).RequireAuthorization(ObscuraServiceHost.Policies.Operations);
    }
}
