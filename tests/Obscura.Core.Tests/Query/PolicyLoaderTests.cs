using Obscura.Core.Diagnostics;
using Obscura.Core.Query.Policy;
using Xunit;

namespace Obscura.Core.Tests.Query;

public sealed class PolicyLoaderTests
{
    [Fact]
    public void The_shared_pums_policy_loads()
    {
        var path = Path.Combine(QueryTestPaths.DatasetsRoot, "pums", "privacy.yaml");
        var policy = PolicyLoader.LoadFile(path);
        var pums = policy.TableFor(null, "pums");
        Assert.NotNull(pums);
        Assert.Equal("pid", pums.PrivacyUnit);
        Assert.Null(policy.TableFor(null, "PUMS_ROW")!.PrivacyUnit);
        Assert.Equal(ResetSchedule.Monthly, policy.RoleFor("alice").Limits.Reset);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_yaml_path_and_line()
    {
        var e = Assert.Throws<ObscuraConfigException>(() => PolicyLoader.Parse("""
            tables:
              people:
                privacy_unit: person
                max_contributions: 0
                columns:
                  age: { type: int, lower: 100, upper: 0 }
                  name: { type: string, lower: 1, upper: 2 }
            roles:
              analyst: { epsilon_per_query: -1, budget: { reset: hourly } }
            users:
              alice: [analyst, boss]
            rules:
              - { match: "*.ssn", class: secret }
            colour: blue
            """));
        var found = e.Diagnostics.Select(d => (d.Code, d.Path, d.Line)).ToList();
        Assert.Contains((DiagnosticCodes.PolicyTable, "tables.people.privacy_unit", 3), found);
        Assert.Contains((DiagnosticCodes.PolicyTable, "tables.people.max_contributions", 4), found);
        Assert.Contains((DiagnosticCodes.PolicyTable, "tables.people.columns.age", 6), found);
        Assert.Contains((DiagnosticCodes.PolicyTable, "tables.people.columns.name", 7), found);
        Assert.Contains((DiagnosticCodes.PolicyInvalid, "roles.analyst.epsilon_per_query", 9), found);
        Assert.Contains((DiagnosticCodes.PolicyInvalid, "roles.analyst.budget.reset", 9), found);
        Assert.Contains((DiagnosticCodes.PolicyUnknownRole, "users.alice", 11), found);
        Assert.Contains((DiagnosticCodes.PolicyRule, "rules[0].class", 13), found);
        Assert.Contains((DiagnosticCodes.PolicyInvalid, "colour", 14), found);
    }

    [Fact]
    public void Roles_combine_most_restrictively_and_rules_pick_the_most_restrictive_class()
    {
        var policy = PolicyLoader.Parse("""
            roles:
              a: { epsilon_per_query: 1.0, delta_per_query: 1.0e-6, budget: { epsilon: 10, delta: 1.0e-5, reset: daily } }
              b: { epsilon_per_query: 0.5, delta_per_query: 1.0e-5, budget: { epsilon: 20, delta: 1.0e-6, reset: monthly } }
            users:
              u: [a, b]
            rules:
              - { match: "registry.*", class: confidential }
              - { match: "*.ssn|*.email", class: restricted }
              - { match: "REFERENCE.*", class: public }
            """);
        var limits = policy.RoleFor("u").Limits;
        Assert.Equal((0.5, 1e-6, 10.0, 1e-6, ResetSchedule.Monthly), (limits.EpsilonPerQuery, limits.DeltaPerQuery, limits.BudgetEpsilon, limits.BudgetDelta, limits.Reset));
        Assert.Equal(DataClass.Restricted, policy.ClassOf(["registry.ssn"]));
        Assert.Equal(DataClass.Confidential, policy.ClassOf(["registry.people"]));
        Assert.Equal(DataClass.Public, policy.ClassOf(["reference.codes"]));
        Assert.Null(policy.ClassOf(["other.table"]));
    }

    [Fact]
    public void A_cron_reset_is_parsed_combined_and_a_bad_one_names_its_path()
    {
        var policy = PolicyLoader.Parse("""
            roles:
              a: { budget: { reset: "0 0 * * 1" } }
              b: { budget: { reset: monthly } }
            users:
              u: [a, b]
              v: [b]
            """);
        var limits = policy.RoleFor("u").Limits;
        Assert.Equal((ResetSchedule.Cron, "0 0 * * 1"), (limits.Reset, limits.ResetCron));
        Assert.Null(policy.RoleFor("v").Limits.ResetCron);
        var e = Assert.Throws<ObscuraConfigException>(() => PolicyLoader.Parse("""
            roles:
              a: { budget: { reset: "0 0 * * 8" } }
            """));
        Assert.Contains("roles.a.budget.reset", e.Message, StringComparison.Ordinal);
        Assert.Contains("cron", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_keys_that_resolve_to_one_table_are_an_error()
    {
        var e = Assert.Throws<ObscuraConfigException>(() => PolicyLoader.Parse("""
            tables:
              PUMS: { columns: { age: { type: int } } }
              pums: { columns: { age: { type: int } } }
            """));
        Assert.Contains(e.Diagnostics, d => d.Code == DiagnosticCodes.PolicyTable && d.Line == 3);
    }
}
