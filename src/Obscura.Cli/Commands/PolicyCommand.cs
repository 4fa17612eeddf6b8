using System.CommandLine;
using System.Globalization;
using System.Text;
using Obscura.Core.Query;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Query;

namespace Obscura.Cli.Commands;

/// <summary><c>obscura policy explain</c>: which rules apply to a query, the rewritten SQL and its cost; spends nothing.</summary>
internal static class PolicyCommand
{
    public static Command Create(ObscuraRuntime runtime)
    {
        var policy = QueryCommand.PolicyOption();
        var user = QueryCommand.UserOption();
        var source = CliOptions.Source(required: false);
        source.Description = "Optional: the database whose tables and SQL dialect to use (default: the policy's tables, PostgreSQL-style SQL).";
        var epsilon = new Option<double?>("--epsilon", "-e") { Description = "Total ε for the query (default: the role's epsilon_per_query)." };
        var delta = new Option<double?>("--delta") { Description = "δ for the query (default: the role's delta_per_query)." };
        var sql = new Argument<string>("sql") { Description = "The SQL to explain." };
        var explain = new Command("explain", "Show the roles and rules that apply to a query, the rewritten SQL, and what it would cost. Runs nothing, spends nothing.")
        {
            policy, user, source, epsilon, delta, sql,
        };
        explain.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            await using var service = new QueryService(runtime, new PolicySource(parse.GetValue(policy)!.FullName), budget: null);
            var uri = parse.GetValue(source) is { } s ? DatabaseUri.Parse(s, "OBSCURA_SOURCE_PASSWORD") : null;
            var (plan, role) = await service.ExplainAsync(uri, parse.GetValue(user)!, parse.GetValue(sql)!, parse.GetValue(epsilon), parse.GetValue(delta), token)
                .ConfigureAwait(false);
            await Console.Out.WriteAsync(Render(plan, role)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return new Command("policy", "Work with privacy policies (privacy.yaml).") { explain };
    }

    internal static string Render(QueryPlan plan, Core.Query.Policy.EffectiveRole role)
    {
        static string N(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        var l = role.Limits;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"user: {role.User} (roles: {string.Join(", ", role.Roles)}; combined most-restrictively)\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"limits: ε ≤ {N(l.EpsilonPerQuery)} and δ ≤ {N(l.DeltaPerQuery)} per query; budget ε = {N(l.BudgetEpsilon)}, δ = {N(l.BudgetDelta)}, reset {(l.ResetCron is { } cron ? "cron \"" + cron + "\"" : l.Reset.ToString().ToLowerInvariant())}\n");
        sb.Append("rules applied:\n");
        foreach (var line in plan.Explanation) sb.Append("  - ").Append(line).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"cost: ε = {N(plan.Epsilon)}, δ = {N(plan.Delta)}{(plan.PublicSql is null ? $" ({plan.Mechanism})" : " (public tables only)")}\n");
        if (plan.PublicSql is not null) sb.Append("sql:\n  ").Append(plan.PublicSql).Append('\n');
        for (var b = 0; b < plan.Branches.Count; b++)
        {
            var branch = plan.Branches[b];
            sb.Append(plan.Branches.Count > 1 ? $"rewritten SQL (UNION ALL branch {b + 1}):\n  " : "rewritten SQL:\n  ").Append(branch.Sql).Append('\n');
            foreach (var m in branch.Measures.Where(m => m.ValuesSql is not null))
                sb.Append("values for ").Append(m.Description).Append(" (fetched sorted per group, clamped):\n  ").Append(m.ValuesSql).Append('\n');
        }
        var post = new List<string>();
        if (plan.Branches.Any(b => b.Having is not null)) post.Add("HAVING");
        if (plan.SortDescending.Count > 0) post.Add("ORDER BY");
        if (plan.Limit is not null) post.Add("LIMIT/TOP " + plan.Limit.Value.ToString(CultureInfo.InvariantCulture));
        if (plan.Offset is not null) post.Add("OFFSET " + plan.Offset.Value.ToString(CultureInfo.InvariantCulture));
        if (post.Count > 0) sb.Append("after noise (free post-processing): ").Append(string.Join(", ", post)).Append('\n');
        return sb.ToString();
    }
}
