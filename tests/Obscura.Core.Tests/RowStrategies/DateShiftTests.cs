using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Core.Strategies.Internal;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.RowStrategies;

public sealed class DateShiftTests
{
    private static readonly Column PatientId = Columns.Integer("patient_id");
    private static readonly Column Admitted = Columns.Of("admitted", TypeClass.Date);
    private static readonly Column Discharged = Columns.Of("discharged", TypeClass.DateTime);
    private static readonly Column[] Visit = [PatientId, Admitted, Discharged];

    [Fact]
    public void Date_shift_preserves_intervals_within_an_entity_across_transformer_instances()
    {
        var args = new object?[] { "entity", "patient_id", "max_days", 200L };
        var admitted = (IRowAwareTransformer)RowBind.Create("date_shift", Admitted, args, Visit);
        var discharged = (IRowAwareTransformer)RowBind.Create("date_shift", Discharged, args, Visit);
        // A second table, created separately, whose patient key is text: same entity, same offset.
        var labColumns = new[] { Columns.Text("pid"), Columns.Of("taken", TypeClass.DateTimeOffset) };
        var taken = (IRowAwareTransformer)RowBind.Create("date_shift", labColumns[1], ["entity", "pid", "max_days", 200L], labColumns, table: "lab");

        var admittedOn = new DateOnly(2020, 1, 10);
        var dischargedAt = new DateTime(2020, 1, 15, 8, 30, 0);
        var takenAt = new DateTimeOffset(2020, 1, 12, 23, 5, 0, TimeSpan.Zero);
        var row = RowBind.Row(Visit, 42L, admittedOn, dischargedAt);
        var a = (DateOnly)admitted.Transform(admittedOn, row)!;
        var d = (DateTime)discharged.Transform(dischargedAt, row)!;
        var t = (DateTimeOffset)taken.Transform(takenAt, RowBind.Row(labColumns, "42", takenAt))!;

        Assert.Equal(dischargedAt - admittedOn.ToDateTime(TimeOnly.MinValue), d - a.ToDateTime(TimeOnly.MinValue));
        Assert.Equal(takenAt.UtcDateTime - dischargedAt, t.UtcDateTime - d);
        Assert.NotEqual(admittedOn, a);
        var again = (IRowAwareTransformer)RowBind.Create("date_shift", Admitted, args, Visit);
        Assert.Equal(a, again.Transform(admittedOn, row));
    }

    [Fact]
    public void Date_shift_gives_different_entities_different_offsets()
    {
        var shift = (IRowAwareTransformer)RowBind.Create("date_shift", Admitted, ["entity", "patient_id"], Visit);
        var day = new DateOnly(2021, 6, 1);
        var offsets = new HashSet<int>();
        for (var id = 0L; id < 50; id++) offsets.Add(((DateOnly)shift.Transform(day, RowBind.Row(Visit, id, day))!).DayNumber - day.DayNumber);
        Assert.True(offsets.Count > 40, $"only {offsets.Count} distinct offsets for 50 entities");
    }

    [Property(MaxTest = 300)]
    public Property Date_shift_never_shifts_by_zero_and_stays_within_max_days(PositiveInt maxDays, int day)
    {
        var max = Math.Min(maxDays.Get, DateShiftStrategy.MaxMaxDays);
        var date = DateOnly.FromDayNumber(Math.Abs(day % 3_000_000) + 100_000);
        var shift = RowBind.Create("date_shift", Admitted, ["max_days", (long)max]);
        var offset = ((DateOnly)shift.Transform(date)!).DayNumber - date.DayNumber;
        return (offset != 0 && Math.Abs(offset) <= max).Label($"offset {offset} with max_days {max}");
    }

    [Fact]
    public void Date_shift_offsets_cover_both_directions_and_never_zero_with_max_days_one()
    {
        var seen = new HashSet<long>();
        for (var h = 0UL; h < 1000; h++) seen.Add(DateShiftTransformer.Offset(h * 0x9E3779B97F4A7C15UL, 1));
        Assert.Equal([-1L, 1L], seen.Order());
    }

    [Fact]
    public void Date_shift_with_max_days_zero_keeps_the_value()
    {
        var shift = RowBind.Create("date_shift", Discharged, ["max_days", 0L]);
        var at = new DateTime(2019, 3, 4, 5, 6, 7);
        Assert.Equal(at, shift.Transform(at));
    }

    [Theory]
    [InlineData("month")]
    [InlineData("year")]
    public void Date_shift_truncates_to_the_first_day_of_the_month_or_year(string unit)
    {
        var shift = RowBind.Create("date_shift", Discharged, ["truncate", unit]);
        for (var i = 0; i < 200; i++)
        {
            var result = (DateTime)shift.Transform(new DateTime(2018, 1, 1).AddHours(i * 37.5))!;
            Assert.Equal(1, result.Day);
            Assert.Equal(TimeSpan.Zero, result.TimeOfDay);
            if (unit == "year") Assert.Equal(1, result.Month);
        }
    }

    [Fact]
    public void Date_shift_stays_within_the_types_range_at_the_extremes()
    {
        var dates = RowBind.Create("date_shift", Admitted, ["max_days", 1000L]);
        var max = (DateOnly)dates.Transform(DateOnly.MaxValue)!;
        var min = (DateOnly)dates.Transform(DateOnly.MinValue)!;
        Assert.True(max < DateOnly.MaxValue);
        Assert.True(min > DateOnly.MinValue);
        var instants = RowBind.Create("date_shift", Columns.Of("at", TypeClass.DateTimeOffset), ["max_days", 1000L]);
        Assert.True((DateTimeOffset)instants.Transform(DateTimeOffset.MaxValue)! < DateTimeOffset.MaxValue);
    }

    [Fact]
    public void Date_shift_keeps_null_and_falls_back_to_the_value_when_the_entity_is_null()
    {
        var shift = (IRowAwareTransformer)RowBind.Create("date_shift", Admitted, ["entity", "patient_id"], Visit);
        var day = new DateOnly(2000, 2, 29);
        Assert.Null(shift.Transform(null, RowBind.Row(Visit, 1L, null)));
        Assert.Equal(RowBind.Create("date_shift", Admitted).Transform(day), shift.Transform(day, RowBind.Row(Visit, null, day)));
    }

    [Fact]
    public void Date_shift_depends_on_the_secret()
    {
        var day = new DateOnly(2010, 10, 10);
        var results = new HashSet<DateOnly>();
        for (var i = 0; i < 5; i++)
        {
            var secret = Obscura.Core.Crypto.RunSecret.FromText($"secret number {i} for this test");
            results.Add((DateOnly)RowBind.Create("date_shift", Admitted, secret: secret).Transform(day)!);
        }
        Assert.True(results.Count > 1);
    }

    [Fact]
    public void Date_shift_reports_an_entity_column_the_table_does_not_have()
    {
        var problems = RowBind.Validate("date_shift", Admitted, ["entity", "Patient_ID"], Visit);
        var error = Assert.Single(problems);
        Assert.Equal(DiagnosticCodes.UnknownColumn, error.Code);
        Assert.Contains("did you mean 'patient_id'", error.Message, StringComparison.Ordinal);
    }
}
