using Obscura.Core.Validation;

namespace Obscura.Core.Tests.Faker;

public sealed class ValidatorTests
{
    [Theory]
    [InlineData("79927398713")]
    [InlineData("4111111111111111")]
    [InlineData("5555555555554444")]
    [InlineData("378282246310005")]
    [InlineData("6011111111111117")]
    public void Luhn_accepts_published_valid_numbers(string number) => Assert.True(Luhn.IsValid(number));

    [Theory]
    [InlineData("79927398710")]
    [InlineData("79927398712")]
    [InlineData("4111111111111112")]
    [InlineData("7992739871a")]
    [InlineData("7")]
    [InlineData("")]
    public void Luhn_refuses_wrong_check_digits_and_non_digits(string number) => Assert.False(Luhn.IsValid(number));

    [Fact]
    public void Luhn_computes_the_standard_example_check_digit() => Assert.Equal(3, Luhn.ComputeCheckDigit("7992739871"));

    [Fact]
    public void Luhn_appended_check_digit_validates() => Assert.Equal("79927398713", Luhn.AppendCheckDigit("7992739871"));

    [Fact]
    public void Luhn_check_digit_refuses_non_digits() => Assert.Throws<ArgumentException>(() => Luhn.ComputeCheckDigit("12a4"));

    [Fact]
    public void Verhoeff_computes_the_published_example_check_digit() => Assert.Equal(3, Verhoeff.ComputeCheckDigit("236"));

    [Theory]
    [InlineData("2363")]
    [InlineData("12340")]
    [InlineData("14200")]
    public void Verhoeff_accepts_valid_numbers(string number) => Assert.True(Verhoeff.IsValid(number));

    [Theory]
    [InlineData("2364")]
    [InlineData("2633")]
    [InlineData("12341")]
    [InlineData("23a3")]
    public void Verhoeff_refuses_wrong_digits_and_transpositions(string number) => Assert.False(Verhoeff.IsValid(number));

    [Fact]
    public void Verhoeff_detects_every_single_digit_error_and_adjacent_transposition_of_a_sample()
    {
        const string valid = "84736251094";
        var full = Verhoeff.AppendCheckDigit(valid);
        Assert.True(Verhoeff.IsValid(full));
        for (var i = 0; i < full.Length; i++)
        {
            for (var d = '0'; d <= '9'; d++)
            {
                if (d == full[i]) continue;
                var wrong = full[..i] + d + full[(i + 1)..];
                Assert.False(Verhoeff.IsValid(wrong), wrong);
            }
            if (i + 1 < full.Length && full[i] != full[i + 1])
            {
                var swapped = full[..i] + full[i + 1] + full[i] + full[(i + 2)..];
                Assert.False(Verhoeff.IsValid(swapped), swapped);
            }
        }
    }

    [Theory]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("GB82 WEST 1234 5698 7654 32")]
    [InlineData("DE89370400440532013000")]
    [InlineData("FR1420041010050500013M02606")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("BE68539007547034")]
    [InlineData("CH9300762011623852957")]
    [InlineData("NO9386011117947")]
    public void Iban_accepts_published_example_numbers(string iban) => Assert.True(Iban.IsValid(iban));

    [Theory]
    [InlineData("GB82WEST12345698765431")]
    [InlineData("GB83WEST12345698765432")]
    [InlineData("GB82WEST1234569876543")]
    [InlineData("gb82west12345698765432")]
    [InlineData("DE8937040044053201300")]
    [InlineData("GB82-WEST-1234")]
    [InlineData("")]
    public void Iban_refuses_wrong_check_digits_lengths_and_characters(string iban) => Assert.False(Iban.IsValid(iban));

    [Fact]
    public void Iban_computes_check_digits() => Assert.Equal("82", Iban.ComputeCheckDigits("GB", "WEST12345698765432"));

    [Fact]
    public void Iban_creates_valid_numbers() => Assert.Equal("DE89370400440532013000", Iban.Create("DE", "370400440532013000"));

    [Fact]
    public void Iban_knows_country_lengths()
    {
        Assert.Equal(22, Iban.ExpectedLength("GB"));
        Assert.Equal(27, Iban.ExpectedLength("FR"));
        Assert.Null(Iban.ExpectedLength("US"));
    }

    [Theory]
    [InlineData("234123412346")]
    [InlineData("999941057058")]
    public void Aadhaar_accepts_valid_numbers(string number) => Assert.True(Aadhaar.IsValid(number));

    [Theory]
    [InlineData("234123412345")]
    [InlineData("134123412340")]
    [InlineData("034123412349")]
    [InlineData("23412341234")]
    [InlineData("2341 2341 2346")]
    public void Aadhaar_refuses_wrong_check_digits_reserved_first_digits_and_lengths(string number) => Assert.False(Aadhaar.IsValid(number));

    [Fact]
    public void Aadhaar_creates_valid_numbers()
    {
        var number = Aadhaar.Create("98765432101");
        Assert.True(Aadhaar.IsValid(number));
        Assert.Equal(Verhoeff.ComputeCheckDigit("98765432101"), number[^1] - '0');
    }

    [Fact]
    public void Aadhaar_refuses_payloads_starting_with_0_or_1() => Assert.Throws<ArgumentException>(() => Aadhaar.Create("18765432101"));

    [Theory]
    [InlineData("ABCPE1234F")]
    [InlineData("AAACB1234Z")]
    [InlineData("ZZZTA0001A")]
    public void Pan_accepts_valid_shapes(string pan) => Assert.True(Pan.IsValid(pan));

    [Theory]
    [InlineData("ABCDE1234F")]
    [InlineData("ABCPE1234")]
    [InlineData("abcpe1234f")]
    [InlineData("ABCPE12345")]
    [InlineData("1BCPE1234F")]
    public void Pan_refuses_wrong_holder_types_and_shapes(string pan) => Assert.False(Pan.IsValid(pan));

    [Theory]
    [InlineData("123-45-6789")]
    [InlineData("123456789")]
    [InlineData("001-01-0001")]
    [InlineData("899-99-9999")]
    public void Ssn_accepts_numbers_following_the_rules(string ssn) => Assert.True(UsSsn.IsValid(ssn));

    [Theory]
    [InlineData("000-12-3456")]
    [InlineData("666-12-3456")]
    [InlineData("900-12-3456")]
    [InlineData("123-00-4567")]
    [InlineData("123-45-0000")]
    [InlineData("078-05-1120")]
    [InlineData("219-09-9999")]
    [InlineData("123-456-789")]
    [InlineData("12345678")]
    public void Ssn_refuses_numbers_breaking_the_rules(string ssn) => Assert.False(UsSsn.IsValid(ssn));

    [Fact]
    public void Ssn_formats_with_dashes() => Assert.Equal("012-03-0045", UsSsn.Format(12, 3, 45));
}
