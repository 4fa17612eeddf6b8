using Obscura.Core.Query.Ast;
using Obscura.Core.Query.Internal;
using Obscura.Core.Query.Policy;
using Obscura.Core.Schema;

namespace Obscura.Core.Query;

/// <summary>
/// Validates a query against the policy and rewrites it for a target database. Pure: the catalog comes from the caller
/// (the source's, or <see cref="PolicyCatalog"/> when no database is at hand). The plan holds no per-run secret: the SQL
/// reads the sampling key from the bind parameter <see cref="HashKeyParameter"/>, drawn fresh for each run, so a plan can be cached.
/// </summary>
public static class QueryPlanner
{
    /// <summary>The bind parameter (a random 64-bit integer per run) keying the per-person row sampling on PostgreSQL and MariaDB.</summary>
    public const string HashKeyParameter = QueryAnalyzer.HashKeyParameter;

    /// <summary>Plans <paramref name="statement"/>.</summary>
    /// <param name="statement">The parsed query.</param>
    /// <param name="policy">The policy in force.</param>
    /// <param name="catalog">The tables the query may name.</param>
    /// <param name="target">The dialect to write the SQL in.</param>
    /// <param name="request">ε and δ for the whole query, and the noise.</param>
    /// <exception cref="QueryRejectedException">Unsupported or unsafe; the reason and position are in the message.</exception>
    /// <exception cref="QueryRefusedException">The request cannot be met (e.g. thresholds need δ &gt; 0).</exception>
    public static QueryPlan Plan(QueryStatement statement, PrivacyPolicy policy, Catalog catalog, SqlTarget target, PrivacyRequest request)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(request);
        if (!(request.Epsilon > 0) || !double.IsFinite(request.Epsilon))
            throw new QueryRefusedException(Diagnostics.DiagnosticCodes.QueryRefused, "ε must be a number above 0");
        if (request.Delta is < 0 or >= 1)
            throw new QueryRefusedException(Diagnostics.DiagnosticCodes.QueryRefused, "δ must be from 0 to below 1");
        return new QueryAnalyzer(policy, catalog, target, request).Analyze(statement);
    }
}
