using System.Text.RegularExpressions;
using Obscura.Core.Schema;
using Obscura.Core.Validation;
using Obscura.Engine.Generate;
using static Obscura.Engine.Tests.Generate.SpecHarness;

namespace Obscura.Engine.Tests.Generate;

public sealed class ValueSpecTests
{
    [Fact]
    public void ChoiceFollowsItsWeights()
    {
        var rows = Make(Table("t", Col("status", TypeClass.Text, nullable: false)), 20_000, 7,
            ("status", new ChoiceValueSpec(["a", "b", "c"], [0.7, 0.2, 0.1])));
        var share = rows.GroupBy(r => (string)r[0]!).ToDictionary(g => g.Key, g => g.Count() / 20_000.0);
        Assert.InRange(share["a"], 0.68, 0.72);
        Assert.InRange(share["b"], 0.18, 0.22);
        Assert.InRange(share["c"], 0.08, 0.12);
    }

    [Fact]
    public void ChoiceValuesBecomeTheColumnsType()
    {
        var rows = Make(Table("t", Col("n", TypeClass.Integer, nullable: false)), 100, 1, ("n", new ChoiceValueSpec(["3", "5"])));
        Assert.All(rows, r => Assert.Contains((long)r[0]!, new long[] { 3, 5 }));
    }

    [Fact]
    public void HistogramBucketsGetTheirShareAndValuesStayInside()
    {
        var buckets = new[] { new HistogramBucketSpec(0, 10, 1), new HistogramBucketSpec(10, 100, 3) };
        var rows = Make(Table("t", Col("x", TypeClass.Decimal, nullable: false, precision: 10, scale: 2)), 20_000, 3, ("x", new HistogramValueSpec(buckets, 2)));
        var values = rows.Select(r => (decimal)r[0]!).ToList();
        Assert.All(values, v => Assert.InRange(v, 0m, 99.99m));
        Assert.All(values, v => Assert.Equal(v, Math.Round(v, 2)));
        Assert.InRange(values.Count(v => v < 10) / 20_000.0, 0.23, 0.27);
    }

    [Fact]
    public void HistogramOfDatesCountsDaysSinceTheEpoch()
    {
        // 2020-01-01 is day 18262.
        var buckets = new[] { new HistogramBucketSpec(18262, 18262 + 31, 1) };
        var rows = Make(Table("t", Col("d", TypeClass.Date, nullable: false)), 500, 3, ("d", new HistogramValueSpec(buckets)));
        Assert.All(rows, r => Assert.InRange((DateOnly)r[0]!, new DateOnly(2020, 1, 1), new DateOnly(2020, 1, 31)));
        Assert.True(rows.Select(r => r[0]).Distinct().Count() > 20);
    }

    [Fact]
    public void HistogramOfIntegersNeverReachesABucketsUpperBound()
    {
        var buckets = new[] { new HistogramBucketSpec(1, 3, 1) };
        var rows = Make(Table("t", Col("n", TypeClass.Integer, nullable: false)), 1000, 3, ("n", new HistogramValueSpec(buckets)));
        Assert.Equal(new long[] { 1, 2 }, rows.Select(r => (long)r[0]!).Distinct().Order().ToArray());
    }

    [Fact]
    public void RangeStaysInsideAndRoundsToItsScale()
    {
        var rows = Make(Table("t", Col("x", TypeClass.Decimal, nullable: false, precision: 8, scale: 2), Col("n", TypeClass.Integer, nullable: false)), 5000, 2,
            ("x", new RangeValueSpec(1.5, 2.5, 2)), ("n", new RangeValueSpec(-3, 3)));
        Assert.All(rows, r => Assert.InRange((decimal)r[0]!, 1.5m, 2.5m));
        Assert.All(rows, r => Assert.InRange((long)r[1]!, -3, 3));
        Assert.Equal(7, rows.Select(r => r[1]).Distinct().Count());
    }

    [Fact]
    public void DateRangeIncludesBothEnds()
    {
        var from = new DateTime(2024, 1, 1);
        var to = new DateTime(2024, 1, 3);
        var rows = Make(Table("t", Col("d", TypeClass.Date, nullable: false), Col("ts", TypeClass.DateTime, nullable: false)), 2000, 2,
            ("d", new DateRangeValueSpec(from, to)), ("ts", new DateRangeValueSpec(from, to)));
        Assert.Equal(3, rows.Select(r => r[0]).Distinct().Count());
        Assert.All(rows, r => Assert.InRange((DateTime)r[1]!, from, to));
    }

    [Fact]
    public void ShapesAreFollowedAndUniqueShapesDoNotRepeat()
    {
        var table = Table("t", Col("code", TypeClass.Text, nullable: false, max: 10)) with { UniqueKeys = [new UniqueKey(null, ["code"])] };
        var rows = Make(table, 5000, 4, ("code", new TextValueSpec(10, 10, "AAAAA9999A")));
        Assert.All(rows, r => Assert.Matches(new Regex("^[A-Z]{5}[0-9]{4}[A-Z]$"), (string)r[0]!));
        Assert.Equal(5000, rows.Select(r => r[0]).Distinct().Count());
    }

    [Fact]
    public void WordsStayWithinTheirLengths()
    {
        var rows = Make(Table("t", Col("note", TypeClass.Text, nullable: false, max: 40)), 2000, 5, ("note", new TextValueSpec(10, 60)));
        Assert.All(rows, r => Assert.InRange(((string)r[0]!).Length, 10, 40));
        Assert.Contains(rows, r => ((string)r[0]!).Contains(' ', StringComparison.Ordinal));
    }

    [Fact]
    public void NullRatioIsFollowedOnNullableColumnsOnly()
    {
        var rows = Make(Table("t", Col("a", TypeClass.Text), Col("b", TypeClass.Text, nullable: false)), 20_000, 6,
            ("a", new ChoiceValueSpec(["x"]) { NullRatio = 0.3 }), ("b", new ChoiceValueSpec(["x"]) { NullRatio = 0.3 }));
        Assert.InRange(rows.Count(r => r[0] is null) / 20_000.0, 0.28, 0.32);
        Assert.All(rows, r => Assert.NotNull(r[1]));
    }

    [Fact]
    public void TemplateEmailsMatchTheRowsNames()
    {
        var table = Table("customers", Col("first_name", TypeClass.Text, false), Col("last_name", TypeClass.Text, false), Col("email", TypeClass.Text, false, max: 120))
            with { UniqueKeys = [new UniqueKey(null, ["email"])] };
        // No spec at all: the defaults find the names and build the email from them.
        var rows = Make(table, 3000, 8);
        foreach (var r in rows)
        {
            var email = (string)r[2]!;
            var first = Regex.Replace(((string)r[0]!).ToLowerInvariant(), "[^a-z0-9]", "");
            var last = Regex.Replace(((string)r[1]!).ToLowerInvariant(), "[^a-z0-9]", "");
            Assert.StartsWith(first + "." + last, email, StringComparison.Ordinal);
            Assert.EndsWith("@example.com", email, StringComparison.Ordinal);
        }
        Assert.Equal(rows.Count, rows.Select(r => r[2]).Distinct().Count());
    }

    [Fact]
    public void TemplateTakesColumnsFakerKindsAndTheRowNumber()
    {
        var rows = Make(Table("t", Col("code", TypeClass.Text, false), Col("label", TypeClass.Text, false)), 10, 1,
            ("code", new ChoiceValueSpec(["AB"])), ("label", new TemplateValueSpec("{code}-{#}-{city}")));
        Assert.Equal("ab-1-", ((string)rows[0][1]!)[..5]);
        Assert.StartsWith("ab-10-", (string)rows[9][1]!, StringComparison.Ordinal);
    }

    [Fact]
    public void NationalIdsHaveValidCheckDigitsAndDoNotRepeatOnUniqueColumns()
    {
        var table = Table("people", Col("aadhaar", TypeClass.Text, false, max: 14)) with { UniqueKeys = [new UniqueKey(null, ["aadhaar"])] };
        var rows = Make(table, 5000, 9, ("aadhaar", new FakerValueSpec("national_id", "en_IND")));
        Assert.All(rows, r => Assert.True(Aadhaar.IsValid(((string)r[0]!).Replace(" ", "", StringComparison.Ordinal)), (string)r[0]!));
        Assert.Equal(5000, rows.Select(r => r[0]).Distinct().Count());
    }

    [Fact]
    public void SameSeedSameRowsOtherSeedOtherRows()
    {
        var table = Table("t", Col("id", TypeClass.Integer, false), Col("name", TypeClass.Text, false), Col("born", TypeClass.Date, false), Col("amount", TypeClass.Decimal, false, precision: 10, scale: 2))
            with { PrimaryKey = new UniqueKey(null, ["id"]) };
        static string Text(List<object?[]> rows) => string.Join("\n", rows.Select(r => string.Join("|", r.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))));
        var a = Text(Make(table, 500, 42));
        var b = Text(Make(table, 500, 42));
        var c = Text(Make(table, 500, 43));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void DefaultsFollowNamesAndTypes()
    {
        var table = Table("customers", Col("id", TypeClass.Integer, false), Col("date_of_birth", TypeClass.Date, false), Col("created_at", TypeClass.DateTime, false),
            Col("amount", TypeClass.Decimal, false, precision: 10, scale: 2), Col("phone", TypeClass.Text, false, max: 20)) with { PrimaryKey = new UniqueKey(null, ["id"]) };
        var rows = Make(table, 1000, 1);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), rows.Select(r => (long)r[0]!));
        Assert.All(rows, r => Assert.InRange((DateOnly)r[1]!, new DateOnly(1934, 1, 1), new DateOnly(2007, 1, 1)));
        Assert.All(rows, r => Assert.InRange((DateTime)r[2]!, new DateTime(2020, 1, 1), new DateTime(2025, 1, 1)));
        Assert.All(rows, r => Assert.True((decimal)r[3]! > 0));
        Assert.All(rows, r => Assert.Matches("[0-9]", (string)r[4]!));
    }
}
