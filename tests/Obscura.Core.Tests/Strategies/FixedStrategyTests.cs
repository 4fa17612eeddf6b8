using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.Strategies;

public sealed class FixedStrategyTests
{
    private static DiagnosticBag Validate(Column column, string value, bool unique = false)
    {
        var bag = new DiagnosticBag();
        Bind.Registry.Find("fixed")!.Validate(Bind.For("fixed", column, ["value", value], unique: unique), "p", bag);
        return bag;
    }

    [Fact]
    public void Fixed_converts_the_value_to_the_column_type()
    {
        Assert.Equal(42L, Bind.Transformer("fixed", Columns.Integer("n"), ["value", "42"]).Transform(7L));
        Assert.Equal(new DateOnly(2000, 1, 1), Bind.Transformer("fixed", Columns.Of("d", TypeClass.Date), ["value", "2000-01-01"]).Transform(new DateOnly(1990, 5, 5)));
        Assert.Equal(12.5m, Bind.Transformer("fixed", Columns.Decimal("m", 5, 2), ["value", "12.5"]).Transform(1m));
    }

    [Fact]
    public void Fixed_replaces_text() => Assert.Equal("Redacted", Bind.Transformer("fixed", Columns.Text("city"), ["value", "Redacted"]).Transform("Pune"));

    [Fact]
    public void Fixed_keeps_null_by_default() => Assert.Null(Bind.Transformer("fixed", Columns.Text("city"), ["value", "X"]).Transform(null));

    [Fact]
    public void Fixed_can_replace_null_too() => Assert.Equal("X", Bind.Transformer("fixed", Columns.Text("city"), ["value", "X", "keep_null", false]).Transform(null));

    [Fact]
    public void Fixed_rejects_a_value_that_cannot_be_converted() =>
        Assert.Equal(DiagnosticCodes.FixedNotConvertible, Assert.Single(Validate(Columns.Integer("age"), "forty").Items).Code);

    [Fact]
    public void Fixed_rejects_a_value_longer_than_the_column() =>
        Assert.Equal(DiagnosticCodes.FixedDoesNotFit, Assert.Single(Validate(Columns.Text("code", 3), "Redacted").Items).Code);

    [Fact]
    public void Fixed_rejects_a_value_outside_the_integer_range() =>
        Assert.Equal(DiagnosticCodes.FixedDoesNotFit, Assert.Single(Validate(Columns.Integer("n", 8), "300").Items).Code);

    [Fact]
    public void Fixed_rejects_a_value_with_too_many_digits() =>
        Assert.Equal(DiagnosticCodes.FixedDoesNotFit, Assert.Single(Validate(Columns.Decimal("m", 4, 2), "123.4").Items).Code);

    [Fact]
    public void Fixed_rejects_invalid_json() =>
        Assert.Equal(DiagnosticCodes.FixedNotConvertible, Assert.Single(Validate(Columns.Of("doc", TypeClass.Json), "{not json").Items).Code);

    [Fact]
    public void Fixed_rejects_a_value_outside_the_enum() =>
        Assert.Equal(DiagnosticCodes.FixedDoesNotFit, Assert.Single(Validate(Columns.Text("g") with { EnumValues = ["F", "M"] }, "Q").Items).Code);

    [Fact]
    public void Fixed_on_a_unique_column_is_an_error()
    {
        var d = Assert.Single(Validate(Columns.Text("email"), "x@example.org", unique: true).Items);
        Assert.Equal((Severity.Error, DiagnosticCodes.FixedOnUnique), (d.Severity, d.Code));
    }
}
