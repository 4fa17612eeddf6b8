using Obscura.Engine.Generate.Internal;

namespace Obscura.Engine.Tests.Generate;

public sealed class CheckParserTests
{
    private static readonly string[] Columns = ["price", "qty", "status", "Level"];

    private static Dictionary<string, ColumnBounds> Parse(string expression, bool understood = true)
    {
        var bounds = new Dictionary<string, ColumnBounds>(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(understood, CheckParser.TryApply(expression, Columns, bounds));
        return bounds;
    }

    [Theory]
    [InlineData("price >= 0")]
    [InlineData("\"price\" >= 0")]
    [InlineData("`price` >= 0")]
    [InlineData("(price >= (0)::numeric)")]
    [InlineData("0 <= price")]
    public void Lower_bounds_in_every_dialect(string expression)
    {
        var b = Parse(expression)["price"];
        Assert.Equal(0m, b.Min);
        Assert.False(b.MinExclusive);
    }

    [Theory]
    [InlineData("qty BETWEEN 1 AND 100")]
    [InlineData("((qty >= 1) AND (qty <= 100))")]
    [InlineData("`qty` between 1 and 100")]
    public void Ranges(string expression)
    {
        var b = Parse(expression)["qty"];
        Assert.Equal((1m, 100m), (b.Min, b.Max));
    }

    [Theory]
    [InlineData("status IN ('a', 'b')")]
    [InlineData("`status` in ('a','b')")]
    [InlineData("((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))")]
    [InlineData("(status = ANY (ARRAY['a'::text, 'b'::text]))")]
    [InlineData("status = 'a' OR status = 'b'")]
    public void Lists(string expression) => Assert.Equal(["a", "b"], Parse(expression)["status"].In!);

    [Fact]
    public void Exclusive_negative_and_single_element_forms()
    {
        Assert.True(Parse("price > -5")["price"] is { Min: -5m, MinExclusive: true });
        Assert.Equal(["x"], Parse("status IN ('x')")["status"].In!);
        Assert.Equal(7m, Parse("level < 7")["Level"].Max);
    }

    [Theory]
    [InlineData("length(status) > 3")]
    [InlineData("price > qty")]
    [InlineData("status LIKE 'a%'")]
    public void Other_forms_are_not_understood(string expression) => Parse(expression, understood: false);
}
