using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Core.Crypto;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.Config;

public sealed class TransformPlannerTests
{
    private static TransformPlan Plan(string yaml, RunSecret? secret = null, bool noSecret = false) =>
        TransformPlanner.Plan(ConfigLoader.Parse(yaml), TestCatalog.Create(), Bind.Registry, noSecret ? null : secret ?? Bind.Secret);

    private static string Columns(string table, string columns) => $"tables:\n  {table}:\n    columns:\n{columns}";

    private static Diagnostic Single(TransformPlan plan, string code)
    {
        var found = plan.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(found.Count == 1, $"expected one {code}, got: {string.Join(" | ", plan.Diagnostics)}");
        return found[0];
    }

    [Fact]
    public void A_valid_rule_becomes_a_transform_with_defaults_filled_in()
    {
        var plan = Plan(Columns("registry.patient", "      surname: hash\n"));
        Assert.False(plan.HasErrors, string.Join(" | ", plan.Diagnostics));
        var transform = Assert.Single(plan.For(TestCatalog.Patient));
        Assert.Equal(("surname", "hash", null), (transform.Column, transform.Strategy, transform.PropagatedFrom));
        Assert.Equal(16L, transform.Binding.Arguments.GetInt64("length"));
        Assert.Same(Bind.Secret, transform.Binding.Secret);
    }

    [Fact]
    public void A_bare_table_name_resolves_when_unambiguous() =>
        Assert.Single(Plan(Columns("patient", "      surname: hash\n")).For(TestCatalog.Patient));

    [Fact]
    public void Unknown_table_column_strategy_and_parameter_are_reported_together_with_suggestions()
    {
        var plan = Plan("""
            tables:
              registry.patiens:
                columns:
                  surname: hash
              registry.patient:
                columns:
                  surnme: hash
                  city: hsah
                  aadhar_no: { strategy: mask, keep_lst: 4 }
            """);
        Assert.Equal([DiagnosticCodes.UnknownTable, DiagnosticCodes.UnknownColumn, DiagnosticCodes.UnknownStrategy, DiagnosticCodes.UnknownParameter],
            plan.Diagnostics.Select(d => d.Code));
        Assert.Equal([2, 7, 8, 9], plan.Diagnostics.Select(d => d.Line!.Value));
        Assert.Contains("did you mean 'registry.patient'", plan.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'surname'", plan.Diagnostics[1].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'hash'? available: ", plan.Diagnostics[2].Message, StringComparison.Ordinal);
        Assert.Contains("mask", plan.Diagnostics[2].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'keep_last'", plan.Diagnostics[3].Message, StringComparison.Ordinal);
        Assert.Equal("tables.registry.patient.columns.aadhar_no.keep_lst", plan.Diagnostics[3].Path);
    }

    [Fact]
    public void An_unknown_column_suggests_a_case_insensitive_match() =>
        Assert.Contains("did you mean 'Nickname'", Single(Plan(Columns("registry.patient", "      nickname: hash\n")), DiagnosticCodes.UnknownColumn).Message, StringComparison.Ordinal);

    [Fact]
    public void A_bare_table_name_in_several_schemas_is_ambiguous() =>
        Assert.Contains("audit.visit", Single(Plan(Columns("visit", "      notes: hash\n")), DiagnosticCodes.AmbiguousTable).Message, StringComparison.Ordinal);

    [Fact]
    public void A_strategy_that_cannot_produce_the_column_type_is_an_error() =>
        Assert.Equal("strategy 'mask' cannot produce values for registry.patient.age (integer); it accepts: text",
            Single(Plan(Columns("registry.patient", "      age: mask\n")), DiagnosticCodes.TypeNotAccepted).Message);

    [Fact]
    public void Null_on_a_not_null_column_is_an_error() =>
        Assert.Equal(4, Single(Plan(Columns("registry.patient", "      age: null\n")), DiagnosticCodes.NullOnNotNull).Line);

    [Fact]
    public void Null_on_a_nullable_column_is_fine() =>
        Assert.False(Plan(Columns("registry.patient", "      photo: { strategy: \"null\" }\n")).HasErrors);

    [Fact]
    public void A_missing_secret_is_reported_once_naming_the_first_column()
    {
        var plan = Plan(Columns("registry.patient", "      surname: hash\n      city: hash\n      email: hash\n"), noSecret: true);
        var d = Assert.Single(plan.Diagnostics);
        Assert.Equal(DiagnosticCodes.MissingSecret, d.Code);
        Assert.Contains("registry.patient.surname", d.Message, StringComparison.Ordinal);
        Assert.Contains("OBSCURA_SECRET", d.Message, StringComparison.Ordinal);
        Assert.Contains("--secret-file", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_injective_strategy_on_a_primary_key_is_an_error_suggesting_hash()
    {
        var d = Single(Plan(Columns("registry.household", "      region: mask\n")), DiagnosticCodes.NonInjectiveOnKey);
        Assert.Contains("primary key", d.Message, StringComparison.Ordinal);
        Assert.Contains("'hash'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_strategy_that_can_collide_and_cannot_retry_is_refused_on_a_unique_column()
    {
        var d = Single(Plan(Columns("registry.patient", "      aadhar_no: { strategy: mask, keep_last: 4 }\n")), DiagnosticCodes.CollisionWithoutRetry);
        Assert.Equal(4, d.Line);
        Assert.Contains("registry.patient.aadhar_no is unique", d.Message, StringComparison.Ordinal);
        Assert.Contains("'fpe'", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ strategy: faker, kind: full_name }")]
    [InlineData("{ strategy: hash, length: 4 }")]
    [InlineData("scramble")]
    public void Strategies_that_retry_are_accepted_on_a_unique_column_and_marked_for_the_engine_guard(string rule)
    {
        var plan = Plan(Columns("registry.patient", $"      aadhar_no: {rule}\n"));
        Assert.False(plan.HasErrors, string.Join(" | ", plan.Diagnostics));
        var t = Assert.Single(plan.For(TestCatalog.Patient));
        Assert.False(t.Definition.IsInjectiveFor(t.Binding));
        Assert.True(t.Definition.RetriesOnCollision(t.Binding));
        Assert.False(t.Binding.IsKey);
    }

    [Fact]
    public void Keys_are_marked_so_the_engine_reports_rather_than_retries() =>
        Assert.True(Assert.Single(Plan(Columns("registry.patient", "      id: hash\n")).For(TestCatalog.Patient), t => t.Column == "id").Binding.IsKey);

    [Fact]
    public void A_non_injective_strategy_on_a_referenced_key_is_an_error() =>
        Assert.Contains("referenced by a foreign key", Single(Plan(Columns("registry.patient", "      email: mask\n")), DiagnosticCodes.NonInjectiveOnKey).Message, StringComparison.Ordinal);

    [Fact]
    public void Two_rules_for_one_column_are_an_error()
    {
        var plan = Plan("tables:\n  patient:\n    columns:\n      surname: hash\n  registry.patient:\n    columns:\n      surname: mask\n");
        var d = Single(plan, DiagnosticCodes.DuplicateRule);
        Assert.Equal(7, d.Line);
        Assert.Contains("line 4", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_problems_are_each_reported_with_path_and_line()
    {
        var plan = Plan(Columns("registry.patient", """
                  aadhar_no: { strategy: mask, keep_last: four, digits: hide }
                  city: { strategy: fixed }
            """ + "\n"));
        Assert.Equal([DiagnosticCodes.InvalidParameter, DiagnosticCodes.InvalidParameter, DiagnosticCodes.MissingParameter], plan.Diagnostics.Select(d => d.Code));
        Assert.Equal(["tables.registry.patient.columns.aadhar_no.keep_last", "tables.registry.patient.columns.aadhar_no.digits", "tables.registry.patient.columns.city"],
            plan.Diagnostics.Select(d => d.Path));
        Assert.All(plan.Diagnostics, d => Assert.NotNull(d.Line));
        Assert.Contains("mask, keep_class, keep", plan.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strategy_validation_problems_carry_the_rule_line()
    {
        var d = Single(Plan(Columns("registry.patient_detail", "      blood_group: { strategy: fixed, value: \"unknown\" }\n")), DiagnosticCodes.FixedDoesNotFit);
        Assert.Equal((4, "tables.registry.patient_detail.columns.blood_group"), (d.Line, d.Path));
    }

    [Fact]
    public void Unique_columns_are_bound_as_requiring_uniqueness()
    {
        var plan = Plan(Columns("registry.patient", "      email: hash\n      city: hash\n"));
        Assert.Equal([("city", false), ("email", true)], plan.For(TestCatalog.Patient).Select(t => (t.Column, t.Binding.RequiresUniqueness)));
    }

    [Fact]
    public void A_transformed_key_propagates_to_every_referencing_column()
    {
        var plan = Plan(Columns("registry.patient", "      id: hash\n"));
        Assert.False(plan.HasErrors, string.Join(" | ", plan.Diagnostics));
        var key = Assert.Single(plan.For(TestCatalog.Patient));
        foreach (var table in new[] { TestCatalog.Visit, TestCatalog.Detail })
        {
            var follower = Assert.Single(plan.For(table));
            Assert.Equal(("patient_id", "registry.patient.id"), (follower.Column, follower.PropagatedFrom));
            Assert.Same(key.Binding, follower.Binding);
            Assert.Same(key.Definition, follower.Definition);
            Assert.True(follower.Binding.RequiresUniqueness);
        }
    }

    [Fact]
    public void A_propagated_transform_gives_the_same_values_as_the_key()
    {
        var plan = Plan(Columns("registry.patient", "      id: hash\n"));
        var key = plan.For(TestCatalog.Patient)[0].CreateTransformer();
        var follower = plan.For(TestCatalog.Visit)[0].CreateTransformer();
        for (long id = 1; id < 100; id++) Assert.Equal(key.Transform(id), follower.Transform(id));
    }

    [Fact]
    public void Propagation_follows_chains_of_keys()
    {
        var plan = Plan(Columns("registry.patient", "      id: hash\n"));
        var note = Assert.Single(plan.For(TestCatalog.Note));
        Assert.Equal("registry.patient_detail.patient_id", note.PropagatedFrom);
        Assert.Same(plan.For(TestCatalog.Patient)[0].Binding, note.Binding);
    }

    [Fact]
    public void Propagation_follows_self_references()
    {
        var plan = Plan(Columns("hr.employee", "      id: hash\n"));
        Assert.Equal([("id", null), ("manager_id", "hr.employee.id")], plan.For(TestCatalog.Employee).Select(t => (t.Column, t.PropagatedFrom)));
    }

    [Fact]
    public void Composite_foreign_keys_propagate_column_by_column()
    {
        var plan = Plan(Columns("registry.household", "      region: hash\n      household_no: hash\n"));
        Assert.False(plan.HasErrors, string.Join(" | ", plan.Diagnostics));
        var household = plan.For(TestCatalog.Household);
        var member = plan.For(TestCatalog.Member);
        Assert.Equal([("region", "registry.household.region"), ("household_no", "registry.household.household_no")], member.Select(t => (t.Column, t.PropagatedFrom)));
        Assert.Same(household[0].Binding, member[0].Binding);
        Assert.Same(household[1].Binding, member[1].Binding);
    }

    [Fact]
    public void Only_the_transformed_part_of_a_composite_key_propagates() =>
        Assert.Equal(["household_no"], Plan(Columns("registry.household", "      household_no: hash\n")).For(TestCatalog.Member).Select(t => t.Column));

    [Fact]
    public void A_rule_on_a_column_that_follows_a_transformed_key_is_an_error()
    {
        var plan = Plan("tables:\n  registry.patient:\n    columns:\n      id: hash\n  registry.visit:\n    columns:\n      patient_id: hash\n");
        var d = Single(plan, DiagnosticCodes.RuleOnFollowingColumn);
        Assert.Equal(7, d.Line);
        Assert.Contains("remove this rule", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nulling_a_column_that_would_follow_a_transformed_key_is_allowed()
    {
        var plan = Plan(Columns("hr.employee", "      id: hash\n      manager_id: null\n"));
        Assert.Empty(plan.Diagnostics);
        Assert.Equal([("id", "hash"), ("manager_id", "null")], plan.For(TestCatalog.Employee).Select(t => (t.Column, t.Strategy)));
    }

    [Fact]
    public void Hashing_a_foreign_key_whose_key_stays_is_an_error() =>
        Assert.Equal(Severity.Error, Single(Plan(Columns("registry.visit", "      patient_id: hash\n")), DiagnosticCodes.ForeignKeyWithoutKey).Severity);

    [Fact]
    public void Nulling_a_foreign_key_whose_key_stays_is_fine() =>
        Assert.Empty(Plan(Columns("registry.visit", "      patient_id: null\n")).Diagnostics);

    [Fact]
    public void Plan_tables_are_keyed_by_table_name_and_untouched_tables_are_absent()
    {
        var plan = Plan(Columns("registry.patient", "      surname: hash\n"));
        Assert.Equal([TestCatalog.Patient], plan.Tables.Keys);
        Assert.Empty(plan.For(TestCatalog.Visit));
    }

    [Fact]
    public void An_empty_config_gives_an_empty_plan() =>
        Assert.Empty(TransformPlanner.Plan(ObscuraConfig.Empty, TestCatalog.Create(), Bind.Registry, null).Tables);
}
