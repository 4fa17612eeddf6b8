using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Obscura.Core.Diagnostics;
using Obscura.Core.Query;
using Obscura.Engine;
using Obscura.Engine.Query;
using Obscura.Service.DataSources;
using Obscura.Service.Internal;
using Obscura.Service.Queries;

namespace Obscura.Service.Endpoints;

/// <summary>
/// <c>POST /api/query</c> and <c>GET /api/budget</c>: ANALYST (and ADMIN) ask the query engine — the same
/// <see cref="QueryService"/>, policy, budget store and query audit as <c>obscura query</c> — as the service user they are.
/// Rejected: 400 with the code and position; refused by the policy: 403; refused for budget: 409.
/// </summary>
internal static class QueryEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/query", AskAsync).WithTags("Private queries").RequireAuthorization(p => p.RequireRole(ServiceRoles.Analyst, ServiceRoles.Admin));
        api.MapGet("/budget", BudgetAsync).WithTags("Private queries").RequireAuthorization(p => p.RequireRole(ServiceRoles.Analyst, ServiceRoles.Admin));
    }

    private static async Task<IResult> AskAsync(HttpContext http, QueryRequest request, QueryEngine engine, DataSourceService sources, ObscuraRuntime runtime,
        ServiceAudit audit, CancellationToken ct)
    {
        if (engine.Service is null) return NotConfigured();
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(request.Sql)) problems.Add(new Problem("sql", DiagnosticCodes.ServiceQueryInvalid, "the SQL is required"));
        if (string.IsNullOrWhiteSpace(request.DataSource)) problems.Add(new Problem("data_source", DiagnosticCodes.ServiceQueryInvalid, "name the data source to answer from (id or name)"));
        if (request.Epsilon is { } e && !(double.IsFinite(e) && e > 0)) problems.Add(new Problem("epsilon", DiagnosticCodes.ServiceQueryInvalid, "epsilon must be a positive number"));
        if (request.Delta is { } d && !(double.IsFinite(d) && d is >= 0 and < 1)) problems.Add(new Problem("delta", DiagnosticCodes.ServiceQueryInvalid, "delta must be at least 0 and below 1"));
        Store.DataSourceRecord? source = null;
        if (problems.Count == 0)
        {
            var (found, why) = await sources.FindAsync(request.DataSource!, ct).ConfigureAwait(false);
            if (found is null) problems.Add(new Problem("data_source", DiagnosticCodes.ServiceUnknownDataSource, why!));
            source = found;
        }
        if (problems.Count > 0)
        {
            await audit.RecordAsync(http, "query", null, "invalid").ConfigureAwait(false);
            return Problems.Invalid(problems, "The query request is invalid");
        }
        var target = "data_source:" + source!.Id;
        try
        {
            var answer = await engine.Service.RunAsync(new QueryOptions
            {
                Source = sources.Resolve(source),
                User = Actor.From(http).Name,
                Sql = request.Sql!,
                Epsilon = request.Epsilon,
                Delta = request.Delta,
            }, ct).ConfigureAwait(false);
            await audit.RecordAsync(http, "query", target, "answered").ConfigureAwait(false);
            return Results.Ok(Response(answer, engine.Service.PolicyWarnings.Select(w => w.ToString()).ToList()));
        }
        catch (QueryRejectedException ex)
        {
            await audit.RecordAsync(http, "query", target, "rejected").ConfigureAwait(false);
            var extensions = new Dictionary<string, object?> { ["code"] = ex.Code, ["reason"] = ex.Reason };
            if (ex.Position is { } p)
            {
                extensions["line"] = p.Line;
                extensions["column"] = p.Column;
            }
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "The query is rejected",
                type: "https://obscura.dev/problems/query-rejected", extensions: extensions);
        }
        catch (QueryRefusedException ex)
        {
            await audit.RecordAsync(http, "query", target, "refused").ConfigureAwait(false);
            return Refused(ex);
        }
        catch (ObscuraConfigException ex)
        {
            await audit.RecordAsync(http, "query", target, "failed").ConfigureAwait(false);
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "The query cannot run",
                extensions: new Dictionary<string, object?> { ["problems"] = ex.Diagnostics.Select(x => x.ToString()).ToList() });
        }
        catch (Exception ex) when (ex is DbException or ObscuraDatabaseException)
        {
            await audit.RecordAsync(http, "query", target, "failed").ConfigureAwait(false);
            return Results.Problem(ex is ObscuraException ? ex.Message : runtime.Providers.DescribeError(ex), statusCode: StatusCodes.Status502BadGateway,
                title: "The data source failed");
        }
    }

    private static async Task<IResult> BudgetAsync(HttpContext http, string? user, QueryEngine engine, ServiceAudit audit, CancellationToken ct)
    {
        if (engine.CurrentPolicy is not { } policy) return NotConfigured();
        if (engine.Budget is null)
        {
            return Results.Problem($"the policy {Path.GetFileName(policy.FilePath)} names no budget_store", statusCode: StatusCodes.Status409Conflict,
                title: "No budget store", extensions: new Dictionary<string, object?> { ["code"] = DiagnosticCodes.ServiceQueryNotConfigured });
        }
        var actor = Actor.From(http);
        // An analyst sees their own budget; an ADMIN anyone's (or everyone's).
        if (!actor.Holds(ServiceRoles.Admin))
        {
            if (user is not null && user != actor.Name)
            {
                await audit.RecordAsync(http, "budget_read", "user:" + user, "forbidden").ConfigureAwait(false);
                return Problems.Forbidden("an analyst reads only their own budget");
            }
            user = actor.Name;
        }
        try
        {
            var rows = await engine.Budget.StatusAsync(policy, user, ct).ConfigureAwait(false);
            await audit.RecordAsync(http, "budget_read", user is null ? null : "user:" + user, "ok").ConfigureAwait(false);
            return Results.Ok(rows.Select(r => new BudgetView(r.User, r.Roles, r.EpsilonSpent, r.EpsilonRemaining, r.DeltaSpent, r.DeltaRemaining, r.NextReset)).ToList());
        }
        catch (QueryRefusedException ex)
        {
            await audit.RecordAsync(http, "budget_read", user is null ? null : "user:" + user, "refused").ConfigureAwait(false);
            return Refused(ex);
        }
    }

    private static IResult Refused(QueryRefusedException ex) =>
        Results.Problem(ex.Message, statusCode: ex.Code == DiagnosticCodes.QueryBudgetExhausted ? StatusCodes.Status409Conflict : StatusCodes.Status403Forbidden,
            title: ex.Code == DiagnosticCodes.QueryBudgetExhausted ? "The privacy budget is exhausted" : "The query is refused by the policy",
            type: "https://obscura.dev/problems/query-refused", extensions: new Dictionary<string, object?> { ["code"] = ex.Code, ["reason"] = ex.Reason });

    private static IResult NotConfigured() =>
        Results.Problem("this service has no privacy policy: start it with --policy privacy.yaml", statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Private queries are not configured", extensions: new Dictionary<string, object?> { ["code"] = DiagnosticCodes.ServiceQueryNotConfigured });

    private static QueryResponse Response(QueryAnswer a, IReadOnlyList<string> warnings)
    {
        var rows = new List<object?[]>(a.Rows.Count);
        var intervals = new List<double[]?[]>(a.Rows.Count);
        for (var r = 0; r < a.Rows.Count; r++)
        {
            var row = new object?[a.Columns.Count];
            var ci = new double[]?[a.Columns.Count];
            for (var c = 0; c < a.Columns.Count; c++)
            {
                row[c] = a.Rows[r][c] switch
                {
                    double v when !double.IsFinite(v) => null,
                    var v => v,
                };
                ci[c] = a.Intervals[r][c] is { } i ? [i.Low, i.High] : null;
            }
            rows.Add(row);
            intervals.Add(ci);
        }
        return new QueryResponse(a.Columns, rows, intervals, a.Epsilon, a.Delta, a.EpsilonRemaining, a.DeltaRemaining, a.SuppressedGroups,
            a.Plan.PublicSql is not null ? "none" : a.Plan.Mechanism, warnings);
    }
}
