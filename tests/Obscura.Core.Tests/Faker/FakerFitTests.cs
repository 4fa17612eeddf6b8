using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Obscura.Core.Strategies.Internal;
using Obscura.Core.Tests.Support;

namespace Obscura.Core.Tests.Faker;

/// <summary>Output always fits the column, whatever the input and length.</summary>
public sealed class FakerFitTests
{
    private static readonly string[] TextKinds = [.. FakerKinds.Names];

    [Property(MaxTest = 300)]
    public bool Text_output_never_exceeds_the_column_length(NonEmptyString input, PositiveInt length, byte kindIndex, bool unique)
    {
        var kind = TextKinds[kindIndex % TextKinds.Length];
        var column = Columns.Text("v", 1 + length.Get % 60);
        var output = FakerBind.Transformer(kind, column, unique: unique).Transform(input.Get);
        return FakerText.CharacterCount((string)output!) <= column.MaxLength
            && ColumnFit.Check(output, column) is null;
    }

    [Property(MaxTest = 200)]
    public bool Numeric_output_fits_integer_columns(long input, bool unique)
    {
        var column = Columns.Integer("v", 64);
        foreach (var kind in new[] { "ssn", "national_id", "credit_card", "phone" })
        {
            var output = FakerBind.Transformer(kind, column, unique: unique).Transform(input);
            if (output is not long value || value < 0 || ColumnFit.Check(output, column) is not null) return false;
        }
        return true;
    }

    [Property(MaxTest = 200)]
    public bool Phones_fit_decimal_columns(PositiveInt input) =>
        ColumnFit.Check(
            FakerBind.Transformer("phone", Columns.Decimal("v", 15, 0), unique: true).Transform((decimal)input.Get),
            Columns.Decimal("v", 15, 0)) is null;

    [Fact]
    public void Short_columns_get_whole_short_values_rather_than_cut_ones()
    {
        var t = FakerBind.Transformer("first_name", Columns.Text("v", 4));
        var names = new HashSet<string>(FakerLocale.Get("en").FirstNames.Literals!);
        for (var i = 0; i < 200; i++)
        {
            var name = (string)t.Transform("n" + i)!;
            Assert.InRange(name.Length, 1, 4);
            Assert.Contains(name, names);
        }
    }

    [Fact]
    public void Short_state_and_country_columns_get_codes()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.Matches("^[A-Z]{2}$", FakerBind.Text("state", "s" + i, 2));
            Assert.Matches("^[A-Z]{2}$", FakerBind.Text("country", "c" + i, 2));
            Assert.Matches("^[A-Z]{3}$", FakerBind.Text("country", "c" + i, 3));
        }
    }

    [Fact]
    public void Short_email_columns_still_get_well_formed_emails()
    {
        var t = FakerBind.Transformer("email", Columns.Text("v", 16));
        for (var i = 0; i < 200; i++) Assert.Matches("^[a-z0-9._]+@example\\.(com|net|org)$", (string)t.Transform("n" + i)!);
    }

    [Fact]
    public void Short_unique_email_columns_keep_the_whole_tag()
    {
        var t = FakerBind.Transformer("email", Columns.Text("v", 25), unique: true);
        for (var i = 0; i < 200; i++) Assert.Matches("^([a-z0-9]+\\.)?[0-9a-z]{13}@example\\.(com|net|org)$", (string)t.Transform("n" + i)!);
    }
}
