using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.Faker;

/// <summary>Determinism, keys, NULL handling, locales and config validation of the faker strategy.</summary>
public sealed class FakerStrategyTests
{
    public static TheoryData<string> TextKinds()
    {
        var data = new TheoryData<string>();
        foreach (var kind in FakerKinds.Names) data.Add(kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(TextKinds))]
    public void Output_is_the_same_across_transformers_tables_and_columns(string kind)
    {
        var one = FakerBind.Strategy.Create(FakerBind.For(kind, Columns.Text("surname", 200), table: new TableName("a", "x")));
        var two = FakerBind.Strategy.Create(FakerBind.For(kind, Columns.Text("family_name", 300), table: new TableName("b", "y")));
        for (var i = 0; i < 50; i++)
        {
            var input = "Sharma " + i.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(one.Transform(input), two.Transform(input));
        }
    }

    [Theory]
    [MemberData(nameof(TextKinds))]
    public void A_different_secret_gives_different_output(string kind)
    {
        var mine = FakerBind.Transformer(kind);
        var theirs = FakerBind.Transformer(kind, secret: Bind.OtherSecret);
        var differ = 0;
        for (var i = 0; i < 100; i++)
        {
            var input = "Sharma " + i.ToString(CultureInfo.InvariantCulture);
            if (!Equals(mine.Transform(input), theirs.Transform(input))) differ++;
        }
        // Small data sets (states, countries) repeat by chance; large ones almost never.
        Assert.True(differ >= 60, $"{differ} of 100 differ");
    }

    [Theory]
    [MemberData(nameof(TextKinds))]
    public void Null_stays_null_and_empty_stays_empty(string kind)
    {
        var t = FakerBind.Transformer(kind);
        Assert.Null(t.Transform(null));
        Assert.Equal(DBNull.Value, t.Transform(DBNull.Value));
        Assert.Equal("", t.Transform(""));
    }

    [Theory]
    [MemberData(nameof(TextKinds))]
    public void Different_inputs_usually_give_different_output(string kind)
    {
        var t = FakerBind.Transformer(kind);
        var seen = new HashSet<object>();
        for (var i = 0; i < 40; i++) seen.Add(t.Transform("person " + i.ToString(CultureInfo.InvariantCulture))!);
        Assert.True(seen.Count >= 10, $"{seen.Count} distinct of 40");
    }

    [Fact]
    public void The_same_name_becomes_the_same_fake_in_a_text_and_a_numeric_form_of_a_number()
    {
        var text = FakerBind.Transformer("national_id", Columns.Text("a", 20), unique: true).Transform("234123412346");
        var number = FakerBind.Transformer("national_id", Columns.Integer("b", 64), unique: true).Transform(234123412346L);
        Assert.Equal(text, ((long)number!).ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_locale_changes_the_vocabulary()
    {
        var india = FakerBind.Transformer("first_name", arguments: ["locale", "en_IND"]);
        var germany = FakerBind.Transformer("first_name", arguments: ["locale", "de"]);
        var indian = new HashSet<string>();
        var german = new HashSet<string>();
        for (var i = 0; i < 300; i++)
        {
            var input = "name " + i.ToString(CultureInfo.InvariantCulture);
            indian.Add((string)india.Transform(input)!);
            german.Add((string)germany.Transform(input)!);
        }
        var shared = new HashSet<string>(indian);
        shared.IntersectWith(german);
        Assert.True(shared.Count * 10 < indian.Count, $"{shared.Count} shared names");
        Assert.Subset(new HashSet<string>(FakerLocale.Get("en_IND").FirstNames.Literals!), indian);
        Assert.Subset(new HashSet<string>(FakerLocale.Get("de").FirstNames.Literals!), german);
    }

    [Fact]
    public void The_locale_is_part_of_the_key() =>
        Assert.NotEqual(FakerBind.Text("email", "Priya Sharma"), FakerBind.Text("email", "Priya Sharma", arguments: ["locale", "en_US"]));

    [Fact]
    public void Locale_names_are_matched_case_insensitively_with_dashes() =>
        Assert.Equal(FakerBind.Text("last_name", "x", arguments: ["locale", "en_IND"]), FakerBind.Text("last_name", "x", arguments: ["locale", "EN-ind"]));

    [Fact]
    public void Every_kind_works_in_every_bogus_locale()
    {
        foreach (var locale in FakerLocale.Available)
        {
            foreach (var kind in FakerKinds.Names)
            {
                var t = FakerBind.Transformer(kind, Columns.Text("v", 120), ["locale", locale]);
                for (var i = 0; i < 10; i++)
                {
                    var value = (string)t.Transform("input " + i.ToString(CultureInfo.InvariantCulture))!;
                    Assert.False(string.IsNullOrWhiteSpace(value), $"{kind} in {locale}");
                    Assert.True(value.Length <= 120, $"{kind} in {locale}");
                    Assert.DoesNotContain("#{", value, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Unknown_locale_is_an_error_listing_valid_ones()
    {
        var bag = FakerBind.Validate("first_name", arguments: ["locale", "en_XX"]);
        var error = Assert.Single(bag.Items, d => d.Severity == Severity.Error);
        Assert.Equal(DiagnosticCodes.ParameterOutOfRange, error.Code);
        Assert.Contains("en_XX", error.Message, StringComparison.Ordinal);
        Assert.Contains("en_IND", error.Message, StringComparison.Ordinal);
        Assert.Contains(", de, fr, es", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("first_name", TypeClass.Integer)]
    [InlineData("email", TypeClass.Decimal)]
    [InlineData("ssn", TypeClass.Date)]
    [InlineData("date_of_birth", TypeClass.Integer)]
    public void A_kind_on_a_type_it_cannot_write_is_an_error(string kind, TypeClass type)
    {
        var bag = FakerBind.Validate(kind, Columns.Of("v", type));
        Assert.Equal(DiagnosticCodes.TypeNotAccepted, Assert.Single(bag.Items).Code);
    }

    [Fact]
    public void A_numeric_column_too_narrow_for_the_kind_is_an_error()
    {
        var bag = FakerBind.Validate("national_id", Columns.Integer("aadhaar", 32));
        Assert.Contains("12 digits", Assert.Single(bag.Items, d => d.Code == DiagnosticCodes.TypeNotAccepted).Message, StringComparison.Ordinal);
        Assert.Empty(FakerBind.Validate("national_id", Columns.Integer("aadhaar", 64)).Items);
        Assert.Empty(FakerBind.Validate("ssn", Columns.Integer("ssn", 32)).Items);
        Assert.Single(FakerBind.Validate("credit_card", Columns.Decimal("card", 12, 0)).Items);
    }

    [Fact]
    public void An_enum_column_is_an_error()
    {
        var column = Columns.Text("tier", 10) with { EnumValues = ["gold", "silver"] };
        Assert.Equal(DiagnosticCodes.TypeNotAccepted, Assert.Single(FakerBind.Validate("first_name", column).Items).Code);
    }

    [Theory]
    [InlineData(-1L, 90L, "2025-01-01")]
    [InlineData(30L, 20L, "2025-01-01")]
    [InlineData(18L, 151L, "2025-01-01")]
    [InlineData(18L, 90L, "01/01/2025")]
    public void Bad_date_of_birth_parameters_are_errors(long min, long max, string asOf)
    {
        var bag = FakerBind.Validate("date_of_birth", Columns.Of("dob", TypeClass.Date), ["min_age", min, "max_age", max, "as_of", asOf]);
        Assert.All(bag.Items, d => Assert.Equal(DiagnosticCodes.ParameterOutOfRange, d.Code));
        Assert.True(bag.HasErrors);
    }

    [Fact]
    public void A_kind_without_a_unique_form_warns_only_when_asked_for_unique_values_without_a_unique_column()
    {
        Assert.Empty(FakerBind.Validate("full_name", unique: true).Items);
        var bag = FakerBind.Validate("full_name", arguments: ["unique", true]);
        var warning = Assert.Single(bag.Items);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal(Obscura.Core.Diagnostics.DiagnosticCodes.FakerNotUnique, warning.Code);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("username")]
    [InlineData("url")]
    [InlineData("ssn")]
    [InlineData("national_id")]
    [InlineData("credit_card")]
    [InlineData("phone")]
    [InlineData("ipv4")]
    [InlineData("ipv6")]
    [InlineData("pan")]
    public void Kinds_with_a_unique_form_validate_cleanly_on_unique_columns(string kind) =>
        Assert.Empty(FakerBind.Validate(kind, Columns.Text("v", 100), unique: true).Items);

    [Fact]
    public void A_unique_email_column_too_short_for_the_tag_warns()
    {
        var bag = FakerBind.Validate("email", Columns.Text("email", 20), arguments: ["unique", true]);
        Assert.Equal(Obscura.Core.Diagnostics.DiagnosticCodes.FakerNotUnique, Assert.Single(bag.Items).Code);
    }

    [Fact]
    public void A_text_column_too_short_for_a_valid_identifier_warns()
    {
        var bag = FakerBind.Validate("credit_card", Columns.Text("card", 10));
        Assert.Equal(Obscura.Core.Diagnostics.DiagnosticCodes.FakerTooShort, Assert.Single(bag.Items).Code);
        Assert.Empty(FakerBind.Validate("first_name", Columns.Text("name", 3)).Items);
    }

    [Fact]
    public void The_strategy_describes_itself()
    {
        var s = FakerBind.Strategy;
        Assert.Equal("faker", s.Name);
        Assert.True(s.NeedsSecret);
        Assert.False(s.ProducesNull);
        var kind = Assert.Single(s.Parameters, p => p.Name == "kind");
        Assert.True(kind.Required);
        Assert.Equal(23, kind.Choices!.Count);
        Assert.Equal("en", Assert.Single(s.Parameters, p => p.Name == "locale").Default);
    }
}
