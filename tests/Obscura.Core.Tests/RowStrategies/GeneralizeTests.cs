using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.RowStrategies;

public sealed class GeneralizeTests
{
    [Fact]
    public void Generalize_range_gives_numeric_columns_the_lower_bound()
    {
        var ages = RowBind.Create("generalize", Columns.Integer("age"), ["method", "range", "width", 10.0]);
        Assert.Equal(30L, ages.Transform(34L));
        Assert.Equal(30L, ages.Transform(30L));
        Assert.Equal(-10L, ages.Transform(-1L));
        var amounts = RowBind.Create("generalize", Columns.Decimal("amount", 10, 2), ["method", "range", "width", 2.5, "origin", 1.0]);
        Assert.Equal(11m, amounts.Transform(12.49m));
        var floats = RowBind.Create("generalize", Columns.Of("f", TypeClass.Float), ["method", "range", "width", 0.5]);
        Assert.Equal(1.5, floats.Transform(1.7));
    }

    [Fact]
    public void Generalize_range_labels_text_columns()
    {
        var ages = RowBind.Create("generalize", Columns.Text("age_text"), ["method", "range", "width", 10.0]);
        Assert.Equal("30-39", ages.Transform("34"));
        Assert.Equal("0-9", ages.Transform(" 7 "));
        var halves = RowBind.Create("generalize", Columns.Text("score"), ["method", "range", "width", 2.5]);
        Assert.Equal("2.5-5", halves.Transform("3.1"));
        var withDefault = RowBind.Create("generalize", Columns.Text("age_text"), ["method", "range", "width", 10.0, "default", "unknown"]);
        Assert.Equal("unknown", withDefault.Transform("n/a"));
        Assert.Equal("n/a", ages.Transform("n/a"));
    }

    [Fact]
    public void Generalize_date_cuts_to_the_month_or_year()
    {
        var months = RowBind.Create("generalize", Columns.Of("born", TypeClass.Date), ["method", "date"]);
        Assert.Equal(new DateOnly(1984, 5, 1), months.Transform(new DateOnly(1984, 5, 17)));
        var years = RowBind.Create("generalize", Columns.Of("at", TypeClass.DateTimeOffset), ["method", "date", "unit", "year"]);
        Assert.Equal(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), years.Transform(new DateTimeOffset(2021, 7, 9, 13, 0, 0, TimeSpan.Zero)));
        var text = RowBind.Create("generalize", Columns.Text("born_text"), ["method", "date"]);
        Assert.Equal("1984-05", text.Transform("1984-05-17"));
    }

    [Fact]
    public void Generalize_prefix_keeps_leading_characters_and_pads_the_rest()
    {
        var pins = RowBind.Create("generalize", Columns.Text("pin"), ["method", "prefix", "keep", 3L]);
        Assert.Equal("560***", pins.Transform("560034"));
        Assert.Equal("56", pins.Transform("56"));
        var cut = RowBind.Create("generalize", Columns.Text("pin"), ["method", "prefix", "keep", 2L, "pad", ""]);
        Assert.Equal("56", cut.Transform("560034"));
        var hashes = RowBind.Create("generalize", Columns.Text("pin"), ["method", "prefix", "keep", 1L, "pad", "#"]);
        Assert.Equal("a##", hashes.Transform("a😀b"));
    }

    [Fact]
    public void Generalize_round_rounds_coordinates()
    {
        var lat = RowBind.Create("generalize", Columns.Of("lat", TypeClass.Float), ["method", "round", "decimals", 2L]);
        Assert.Equal(12.97, lat.Transform(12.971599));
        var lon = RowBind.Create("generalize", Columns.Decimal("lon", 9, 6), ["method", "round", "decimals", 1L]);
        Assert.Equal(77.6m, lon.Transform(77.594566m));
        var text = RowBind.Create("generalize", Columns.Text("geo"), ["method", "round", "decimals", 3L]);
        Assert.Equal("-33.869", text.Transform("-33.86882"));
        var hundreds = RowBind.Create("generalize", Columns.Integer("pop"), ["method", "round", "decimals", -2L]);
        Assert.Equal(1300L, hundreds.Transform(1250L));
    }

    [Fact]
    public void Generalize_map_reads_a_csv_file_with_quotes_and_a_header()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "value,generalized\r\nBangalore,Karnataka\n\"Mysore, city\",\"Karnataka \"\"South\"\"\"\n\nChennai , Tamil Nadu\n");
            var column = Columns.Text("city", maxLength: 40);
            object?[] args = ["method", "map", "map_file", file, "header", true];
            Assert.Empty(RowBind.Validate("generalize", column, args));
            var cities = RowBind.Create("generalize", column, args);
            Assert.Equal("Karnataka", cities.Transform("Bangalore"));
            Assert.Equal("Karnataka \"South\"", cities.Transform("Mysore, city"));
            Assert.Equal("Tamil Nadu", cities.Transform("Chennai"));
            Assert.Equal("Pune", cities.Transform("Pune"));
            var withDefault = RowBind.Create("generalize", column, ["method", "map", "map_file", file, "header", true, "default", "Other"]);
            Assert.Equal("Other", withDefault.Transform("Pune"));
            Assert.Null(withDefault.Transform(null));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Generalize_map_converts_to_the_column_type_and_matches_numbers_by_value()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "12.5,10\n13,10\n");
            var column = Columns.Decimal("dose", 6, 2);
            var doses = RowBind.Create("generalize", column, ["method", "map", "map_file", file]);
            Assert.Equal(10m, doses.Transform(12.50m));
            Assert.Equal(10m, doses.Transform(13.00m));
            Assert.Equal(14m, doses.Transform(14m));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Generalize_map_reports_bad_rows_by_line_and_never_by_content()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "a,1\nsecret-value\nb,2\n");
            var problems = RowBind.Validate("generalize", Columns.Integer("n"), ["method", "map", "map_file", file]);
            var error = Assert.Single(problems);
            Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
            File.WriteAllText(file, "a,1\nb,not a number\n");
            var misfit = Assert.Single(RowBind.Validate("generalize", Columns.Integer("n"), ["method", "map", "map_file", file]));
            Assert.Contains("line 2", misfit.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Contains(RowBind.Validate("generalize", Columns.Text("t"), ["method", "map", "map_file", "/no/such/file.csv"]), d => d.Code == DiagnosticCodes.UnreadableFile);
    }

    [Fact]
    public void Generalize_reports_methods_that_do_not_fit_the_column()
    {
        Assert.Contains(RowBind.Validate("generalize", Columns.Integer("n"), ["method", "prefix", "keep", 2L]), d => d.Code == DiagnosticCodes.TypeNotAccepted);
        Assert.Contains(RowBind.Validate("generalize", Columns.Integer("n"), ["method", "range"]), d => d.Code == DiagnosticCodes.MissingParameter);
        Assert.Contains(RowBind.Validate("generalize", Columns.Integer("n"), ["method", "range", "width", 2.5]), d => d.Code == DiagnosticCodes.ParameterOutOfRange);
    }
}
