namespace Obscura.Engine.Generate.Templates.Internal;

/// <summary>Short constructors for the value specs templates use, so a table reads as a list of columns.</summary>
internal static class Specs
{
    public static FakerValueSpec Faker(string kind, string? locale, double nullRatio = 0) => new(kind, locale) { NullRatio = nullRatio };

    public static ChoiceValueSpec Choice(params string[] values) => new(values);

    public static ChoiceValueSpec Weighted(params (string Value, double Weight)[] choices) =>
        new(choices.Select(c => c.Value).ToArray(), choices.Select(c => c.Weight).ToArray());

    /// <summary>Row i takes entry i: the rows of a lookup table, each entry once.</summary>
    public static ChoiceValueSpec InOrder(IEnumerable<string> values) => new(values.ToArray()) { InOrder = true };

    public static RangeValueSpec Range(double min, double max, int scale = 0) => new(min, max, scale);

    public static HistogramValueSpec Histogram(int scale, params (double Low, double High, double Weight)[] buckets) =>
        new(buckets.Select(b => new HistogramBucketSpec(b.Low, b.High, b.Weight)).ToArray(), scale);

    public static DateRangeValueSpec Dates(int fromYear, int fromMonth, int toYear, int toMonth, double nullRatio = 0) =>
        new(new DateTime(fromYear, fromMonth, 1, 0, 0, 0, DateTimeKind.Unspecified),
            new DateTime(toYear, toMonth, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1).AddSeconds(-1)) { NullRatio = nullRatio };

    public static TextValueSpec Shape(string shape) => new(shape.Length, shape.Length, shape);

    public static TextValueSpec Words(int min, int max, double nullRatio = 0) => new(min, max) { NullRatio = nullRatio };

    public static TemplateValueSpec Template(string template, double nullRatio = 0) => new(template) { NullRatio = nullRatio };

    /// <summary>Children per parent row: (count, relative weight) pairs.</summary>
    public static FanOutSpec FanOut(params (int Count, double Weight)[] shape) =>
        new(shape.Select(s => s.Count).ToArray(), shape.Select(s => s.Weight).ToArray());

    /// <summary>"true"/"false" with the given share of true.</summary>
    public static ChoiceValueSpec Flag(double trueShare) => Weighted(("true", trueShare), ("false", 1 - trueShare));
}
