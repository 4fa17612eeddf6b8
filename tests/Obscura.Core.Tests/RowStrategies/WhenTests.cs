using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.RowStrategies;

public sealed class WhenTests
{
    private static readonly Column Country = Columns.Text("country");
    private static readonly Column Phone = Columns.Text("phone");
    private static readonly Column Age = Columns.Integer("age");
    private static readonly Column[] Contact = [Country, Phone, Age];

    [Fact]
    public void When_applies_the_inner_strategy_only_on_matching_rows()
    {
        var phone = (IRowAwareTransformer)RowBind.Create("when", Phone, ["column", "country", "equals", "IN", "then", "mask", "then_keep_last", "4"], Contact);
        Assert.Equal(["country"], phone.ReadsColumns);
        Assert.Equal("******3210", phone.Transform("9876543210", RowBind.Row(Contact, "IN", "9876543210", 30L)));
        Assert.Equal("5551234567", phone.Transform("5551234567", RowBind.Row(Contact, "US", "5551234567", 30L)));
        Assert.Equal("5551234567", phone.Transform("5551234567", RowBind.Row(Contact, null, "5551234567", 30L)));
    }

    [Fact]
    public void When_tests_the_original_value_not_the_transformed_one()
    {
        var phone = (IRowAwareTransformer)RowBind.Create("when", Phone, ["column", "country", "equals", "IN", "then", "fixed", "then_value", "hidden"], Contact);
        var row = RowBind.Row(Contact, "IN", "98765", 30L);
        row.SetCurrent(0, "XX");
        Assert.Equal("hidden", phone.Transform("98765", row));
    }

    [Fact]
    public void When_applies_else_to_the_other_rows_and_supports_in_matches_and_is_null()
    {
        var inList = (IRowAwareTransformer)RowBind.Create("when", Phone,
            ["column", "age", "in", "17, 18 ,19", "then", "fixed", "then_value", "teen", "else", "fixed", "else_value", "other"], Contact);
        Assert.Equal("teen", inList.Transform("p", RowBind.Row(Contact, "IN", "p", 18L)));
        Assert.Equal("other", inList.Transform("p", RowBind.Row(Contact, "IN", "p", 20L)));

        var matches = (IRowAwareTransformer)RowBind.Create("when", Phone, ["column", "country", "matches", "^(IN|LK)$", "then", "null"], Contact);
        Assert.Null(matches.Transform("p", RowBind.Row(Contact, "LK", "p", 1L)));
        Assert.Equal("p", matches.Transform("p", RowBind.Row(Contact, "LKA", "p", 1L)));

        var isNull = (IRowAwareTransformer)RowBind.Create("when", Phone, ["column", "age", "is_null", true, "then", "fixed", "then_value", "no age"], Contact);
        Assert.Equal("no age", isNull.Transform("p", RowBind.Row(Contact, "IN", "p", null)));
        Assert.Equal("p", isNull.Transform("p", RowBind.Row(Contact, "IN", "p", 3L)));

        var notEquals = (IRowAwareTransformer)RowBind.Create("when", Phone, ["column", "country", "not_equals", "IN", "then", "fixed", "then_value", "x"], Contact);
        Assert.Equal("x", notEquals.Transform("p", RowBind.Row(Contact, null, "p", 3L)));
    }

    [Fact]
    public void When_passes_the_row_to_row_aware_inner_strategies()
    {
        var phone = (IRowAwareTransformer)RowBind.Create("when", Phone, ["column", "country", "equals", "IN", "then", "template", "then_template", "+91-{age}"], Contact);
        Assert.Equal(["country", "age"], phone.ReadsColumns);
        Assert.Equal("+91-42", phone.Transform("p", RowBind.Row(Contact, "IN", "p", 42L)));
    }

    [Fact]
    public void When_reports_inner_problems_with_a_path_prefix()
    {
        var misspelt = RowBind.Validate("when", Phone, ["column", "country", "equals", "IN", "then", "mask", "then_keep_lst", "4"], Contact);
        var error = Assert.Single(misspelt);
        Assert.Equal(DiagnosticCodes.UnknownParameter, error.Code);
        Assert.EndsWith(".phone.then", error.Path, StringComparison.Ordinal);
        Assert.Contains("then_keep_last", error.Message, StringComparison.Ordinal);

        var badValue = Assert.Single(RowBind.Validate("when", Phone, ["column", "country", "equals", "IN", "then", "mask", "then_keep_last", "four"], Contact));
        Assert.Equal(DiagnosticCodes.InvalidParameter, badValue.Code);

        var unknown = Assert.Single(RowBind.Validate("when", Phone, ["column", "country", "equals", "IN", "then", "mask", "else", "shred"], Contact));
        Assert.Equal(DiagnosticCodes.UnknownStrategy, unknown.Code);
        Assert.EndsWith(".else", unknown.Path, StringComparison.Ordinal);

        var wrongType = Assert.Single(RowBind.Validate("when", Age, ["column", "country", "equals", "IN", "then", "mask"], Contact));
        Assert.Equal(DiagnosticCodes.TypeNotAccepted, wrongType.Code);

        Assert.Contains(RowBind.Validate("when", Phone, ["column", "country", "then", "mask"], Contact), d => d.Code == DiagnosticCodes.MissingParameter);
        Assert.Contains(RowBind.Validate("when", Phone, ["column", "country", "equals", "IN", "in", "IN,LK", "then", "mask"], Contact), d => d.Code == DiagnosticCodes.InvalidParameter);
        Assert.Contains(RowBind.Validate("when", Phone, ["column", "nation", "equals", "IN", "then", "mask"], Contact), d => d.Code == DiagnosticCodes.UnknownColumn);
        Assert.Empty(RowBind.Validate("when", Phone, ["column", "country", "equals", "IN", "then", "hash", "then_length", "8", "else", "keep"], Contact));
    }

    [Fact]
    public void When_and_json_need_the_secret_exactly_when_an_inner_strategy_does()
    {
        static StrategyArguments Args(params object?[] pairs)
        {
            var values = new Dictionary<string, object?>();
            for (var i = 0; i < pairs.Length; i += 2) values[(string)pairs[i]!] = pairs[i + 1];
            return new StrategyArguments(values);
        }
        var when = RowBind.Definition("when");
        Assert.False(when.NeedsSecretFor(Args("column", "country", "equals", "IN", "then", "mask")));
        Assert.True(when.NeedsSecretFor(Args("column", "country", "equals", "IN", "then", "mask", "else", "hash")));
        var json = RowBind.Definition("json");
        Assert.False(json.NeedsSecretFor(Args("path_1", "$.a", "strategy_1", "mask")));
        Assert.True(json.NeedsSecretFor(Args("path_1", "$.a", "strategy_1", "mask", "path_2", "$.b", "strategy_2", "regex", "2_pattern", "x")));
        var withoutSecret = RowBind.For("when", Phone, ["column", "country", "equals", "IN", "then", "hash"], Contact) with { Secret = null };
        var bag = new DiagnosticBag();
        when.Validate(withoutSecret, "tables.contact.columns.phone", bag);
        var error = Assert.Single(bag.Items);
        Assert.Equal(DiagnosticCodes.MissingSecret, error.Code);
        Assert.Equal("tables.contact.columns.phone.then", error.Path);
    }

    [Fact]
    public void When_accepts_prefixed_inner_parameter_names_only()
    {
        var when = (IDynamicParameters)RowBind.Definition("when");
        Assert.NotNull(when.FindDynamicParameter("then_kind"));
        Assert.NotNull(when.FindDynamicParameter("else_length"));
        Assert.Null(when.FindDynamicParameter("then_"));
        Assert.Null(when.FindDynamicParameter("kind"));
    }
}
