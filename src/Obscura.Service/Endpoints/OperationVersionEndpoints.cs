using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Obscura.Core.Diagnostics;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Endpoints;

/// <summary>
/// <c>/api/database-operations/{id}/versions</c> and <c>/diff</c>: every version of a request and what changed between
/// two of them, readable by whoever may read the operation.
/// </summary>
internal static class OperationVersionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/database-operations").WithTags("Operations");
        group.MapGet("/{id:long}/versions", async (long id, IServiceStore store, OperationVersions versions, CancellationToken ct) =>
        {
            var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
            if (op is null) return Problems.NotFound($"Operation {id}");
            var approvals = await store.ListApprovalsAsync(id, ct).ConfigureAwait(false);
            return Results.Ok(await versions.ListAsync(op, approvals, ct).ConfigureAwait(false));
        }).RequireAuthorization(ObscuraServiceHost.Policies.Operations);

        group.MapGet("/{id:long}/diff", async (HttpContext http, long id, string? from, string? to, IServiceStore store, OperationVersions versions, CancellationToken ct) =>
        {
            var problems = new List<Problem>();
            var fromVersion = ParseVersion("from", from, problems);
            var toVersion = ParseVersion("to", to, problems);
            if (problems.Count > 0) return Problems.Invalid(problems);
            var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
            if (op is null) return Problems.NotFound($"Operation {id}");
            var (diff, problem) = await versions.DiffAsync(op, fromVersion, toVersion, Actor.From(http), anyApprover: false, ct).ConfigureAwait(false);
            return diff is null ? Problems.Invalid([problem!]) : Results.Ok(diff);
        }).RequireAuthorization(ObscuraServiceHost.Policies.Operations);
    }

    private static int? ParseVersion(string field, string? text, List<Problem> problems)
    {
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1) return n;
        problems.Add(new Problem(field, DiagnosticCodes.ServiceVersionInvalid, $"{field} must be a version number (1, 2, ...)"));
        return null;
    }
}
