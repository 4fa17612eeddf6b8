using Obscura.Core.Diagnostics;
using Obscura.Core.Privacy;
using Obscura.Core.Query;
using Obscura.Core.Query.Policy;
using Xunit;

namespace Obscura.Core.Tests.Query;

/// <summary>Planning without a database: bounds, the division of ε, the rewrite per dialect, thresholds and public domains.</summary>
public sealed class QueryPlannerTests
{
    private static readonly PrivacyPolicy Policy = PolicyLoader.Parse("""
        tables:
          people:
            privacy_unit: pid
            max_contributions: 2
            columns:
              pid: { type: int, private_id: true }
              age: { type: int, lower: 0, upper: 100 }
              sex: { type: string, values: ["F", "M"] }
              city: { type: string }
        roles:
          analyst: { epsilon_per_query: 1.0, delta_per_query: 1.0e-6, budget: { epsilon: 10.0, delta: 1.0e-5 } }
        users:
          alice: [analyst]
        """);

    private static QueryPlan Plan(string sql, string engine = "postgres", double epsilon = 1, double delta = 1e-6, NoiseKind noise = NoiseKind.Laplace)
    {
        var target = engine switch
        {
            "mysql" => new SqlTarget("mysql", n => "`" + n + "`"),
            "sqlite" => new SqlTarget("sqlite", n => "\"" + n + "\""),
            _ => SqlTarget.Generic,
        };
        return QueryPlanner.Plan(QueryParser.Parse(sql), Policy, PolicyCatalog.From(Policy), target, new PrivacyRequest(epsilon, delta, noise));
    }

    [Fact]
    public void Epsilon_is_divided_equally_among_the_statistics_a_query_needs()
    {
        var plan = Plan("SELECT AVG(age), COUNT(*) FROM people", epsilon: 0.9);
        var measures = plan.Branches[0].Measures;
        Assert.Equal(3, measures.Count); // SUM(age), COUNT(age), and COUNT(*) of rows
        Assert.All(measures, m => Assert.Equal(0.3, m.Epsilon, 12));
        Assert.Equal(0, plan.Delta); // no GROUP BY: nothing to threshold
        var sum = measures.Single(m => m.Kind == MeasureKind.Sum);
        Assert.Equal(200, sum.Sensitivity); // 2 rows per person × 100
    }

    [Fact]
    public void Grouping_by_keys_without_a_public_domain_adds_a_threshold_paid_with_delta()
    {
        var plan = Plan("SELECT city, SUM(age) FROM people GROUP BY city");
        var branch = plan.Branches[0];
        Assert.NotNull(branch.ThresholdMeasure);
        Assert.Equal(MeasureKind.PersonCount, branch.Measures[branch.ThresholdMeasure!.Value].Kind);
        Assert.Equal(2, branch.Measures[branch.ThresholdMeasure.Value].MaxGroups); // a person's 2 rows may sit in 2 groups
        Assert.True(branch.Threshold > 10);
        Assert.Equal(1e-6, plan.Delta);
        var refused = Assert.Throws<QueryRefusedException>(() => Plan("SELECT city, COUNT(*) FROM people GROUP BY city", delta: 0));
        Assert.Equal(DiagnosticCodes.QueryRefused, refused.Code);
    }

    [Fact]
    public void The_person_count_asked_for_is_reused_as_the_threshold_count()
    {
        var branch = Plan("SELECT city, COUNT(DISTINCT pid) FROM people GROUP BY city").Branches[0];
        Assert.Single(branch.Measures);
        Assert.Equal(0, branch.ThresholdMeasure);
    }

    [Fact]
    public void Keys_with_a_declared_domain_are_released_without_threshold()
    {
        var branch = Plan("SELECT sex, COUNT(*) FROM people GROUP BY sex").Branches[0];
        Assert.Null(branch.ThresholdMeasure);
        Assert.Equal(["F", "M"], Assert.Single(branch.KeyDomains!));
    }

    [Theory]
    [InlineData("postgres", "hashtextextended(")]
    [InlineData("mysql", "MD5(CONCAT_WS('|', @obscura_key")]
    [InlineData("sqlite", "random()")]
    public void Contribution_bounding_is_written_in_each_dialect(string engine, string hash)
    {
        var sql = Plan("SELECT SUM(age) FROM people", engine).Branches[0].Sql;
        Assert.Contains("ROW_NUMBER() OVER (PARTITION BY", sql, StringComparison.Ordinal);
        Assert.Contains(hash, sql, StringComparison.Ordinal);
        Assert.Contains("<= 2", sql, StringComparison.Ordinal);
        Assert.Contains("CASE WHEN", sql, StringComparison.Ordinal); // clamping
    }

    [Theory]
    [InlineData("SELECT SUM(age * 2 - 10) FROM people", -10, 190)]
    [InlineData("SELECT SUM(CASE WHEN age > 90 THEN age ELSE 0 END) FROM people", 0, 100)]
    [InlineData("SELECT SUM(-age) FROM people", -100, 0)]
    [InlineData("SELECT SUM(CAST(age AS float) / 4) FROM people", 0, 25)]
    [InlineData("SELECT SUM(ABS(age - 50)) FROM people", 0, 50)]
    public void Bounds_of_expressions_follow_interval_arithmetic(string sql, double lower, double upper)
    {
        var sum = Plan(sql).Branches[0].Measures.Single(m => m.Kind == MeasureKind.Sum);
        Assert.Equal((lower, upper), (sum.Lower, sum.Upper));
    }

    [Theory]
    [InlineData("SELECT SUM(age / (age - 50)) FROM people", DiagnosticCodes.QueryUnbounded)]
    [InlineData("SELECT SUM(city) FROM people", DiagnosticCodes.QueryUnbounded)]
    [InlineData("SELECT MAX(pid) FROM people", DiagnosticCodes.QueryUnbounded)]
    [InlineData("SELECT pid FROM people GROUP BY pid", DiagnosticCodes.QueryForbiddenColumn)]
    [InlineData("SELECT COUNT(*) FROM people AS a CROSS JOIN people AS b", DiagnosticCodes.QueryJoin)]
    [InlineData("SELECT COUNT(*) FROM (SELECT pid, ROW_NUMBER() OVER (ORDER BY age) AS rn FROM people) AS x", DiagnosticCodes.QueryUnsupported)]
    [InlineData("SELECT COUNT(*) FROM people INTERSECT SELECT COUNT(*) FROM people", DiagnosticCodes.QueryUnsupported)]
    public void Unsafe_shapes_are_rejected(string sql, string code)
    {
        var e = Assert.Throws<QueryRejectedException>(() => Plan(sql));
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void Gaussian_noise_spends_delta_on_the_noise_and_the_threshold()
    {
        var plan = Plan("SELECT city, COUNT(*) FROM people GROUP BY city", noise: NoiseKind.Gaussian, delta: 1e-5);
        Assert.Equal("gaussian", plan.Mechanism);
        Assert.All(plan.Branches[0].Measures, m => Assert.True(m.Delta > 0));
        Assert.Equal(1e-5, plan.Delta);
    }

    [Fact]
    public void A_per_person_subquery_has_derived_bounds_and_one_row_per_person()
    {
        // COUNT per person ≤ max_contributions (2); SUM(age) per person in 2 × [0, 100]; AVG within [0, 100].
        var plan = Plan("SELECT AVG(n), SUM(total), AVG(mean) FROM (SELECT pid, COUNT(*) AS n, SUM(age) AS total, AVG(age::float) AS mean FROM people GROUP BY pid) AS t");
        var measures = plan.Branches[0].Measures;
        var sums = measures.Where(m => m.Kind == MeasureKind.Sum).ToList();
        Assert.Equal([2.0, 200.0, 100.0], sums.Select(m => m.Upper));
        Assert.Equal([2.0, 200.0, 100.0], sums.Select(m => m.Sensitivity)); // one row per person after the inner GROUP BY
        Assert.All(measures.Where(m => m.Kind == MeasureKind.Count), m => Assert.Equal(1, m.Sensitivity));
        var sql = plan.Branches[0].Sql;
        Assert.Contains("ROW_NUMBER() OVER (PARTITION BY", sql, StringComparison.Ordinal); // the inner rows are bounded per person first
        Assert.Contains("<= 2", sql, StringComparison.Ordinal);
        Assert.Contains(plan.Explanation, e => e.Contains("aggregates per person", StringComparison.Ordinal));
        // The same through a CTE.
        var cte = Plan("WITH t AS (SELECT pid, COUNT(*) AS n FROM people GROUP BY pid) SELECT COUNT(*), SUM(n) FROM t");
        Assert.Equal(MeasureKind.PersonCount, cte.Branches[0].Measures[0].Kind);
        Assert.Equal(2, cte.Branches[0].Measures[1].Sensitivity);
    }

    [Theory]
    [InlineData("SELECT AVG(n) FROM (SELECT sex, COUNT(*) AS n FROM people GROUP BY sex) AS t", "must GROUP BY the privacy unit (pid)")]
    [InlineData("SELECT AVG(n) FROM (SELECT COUNT(*) AS n FROM people) AS t", "must GROUP BY the privacy unit (pid)")]
    [InlineData("SELECT AVG(n) FROM (SELECT pid, COUNT(*) AS n FROM people GROUP BY pid HAVING COUNT(*) > 1) AS t", "HAVING, DISTINCT and TOP")]
    [InlineData("SELECT AVG(n) FROM (SELECT pid, city, COUNT(*) AS n FROM people GROUP BY pid) AS t", "neither aggregated nor in its GROUP BY")]
    [InlineData("SELECT SUM(v) FROM (SELECT pid, VARIANCE(age) AS v FROM people GROUP BY pid) AS t", "VARIANCE is not supported")]
    [InlineData("SELECT pid FROM (SELECT pid, COUNT(*) AS n FROM people GROUP BY pid) AS t GROUP BY pid", "identifies persons")]
    public void Unsafe_inner_aggregates_are_rejected_with_the_reason(string sql, string reason)
    {
        var e = Assert.Throws<QueryRejectedException>(() => Plan(sql));
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
    }
}
