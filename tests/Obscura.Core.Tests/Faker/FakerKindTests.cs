using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Net.Sockets;
using Obscura.Core.Schema;
using Obscura.Core.Strategies.Internal;
using Obscura.Core.Tests.Support;
using Obscura.Core.Validation;

namespace Obscura.Core.Tests.Faker;

/// <summary>Every kind produces well-formed values (check digits, parsers, ranges).</summary>
public sealed class FakerKindTests
{
    private static IEnumerable<string> Inputs(int count)
    {
        for (var i = 0; i < count; i++) yield return "input-" + i.ToString(CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Credit_cards_pass_luhn_and_start_with_an_issuer_prefix()
    {
        var t = FakerBind.Transformer("credit_card");
        foreach (var input in Inputs(2000))
        {
            var card = (string)t.Transform(input)!;
            Assert.True(Luhn.IsValid(card), card);
            Assert.True(card.Length is 15 or 16, card);
            var issuer = card[0] == '4' || card[..2] is "34" or "37" or "65" || card[..2] is "51" or "52" or "53" or "54" or "55"
                || card[..4] == "6011" || int.Parse(card.AsSpan(0, 4), CultureInfo.InvariantCulture) is >= 2221 and <= 2720 or >= 3528 and <= 3589;
            Assert.True(issuer, card);
        }
    }

    [Fact]
    public void National_ids_are_valid_aadhaar_numbers()
    {
        var t = FakerBind.Transformer("national_id");
        foreach (var input in Inputs(2000)) Assert.True(Aadhaar.IsValid((string)t.Transform(input)!));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("en_GB")]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("es")]
    [InlineData("it")]
    [InlineData("nl")]
    [InlineData("pt_BR")]
    [InlineData("en_IND")]
    public void Ibans_pass_mod_97_with_the_country_length(string locale)
    {
        var t = FakerBind.Transformer("iban", arguments: ["locale", locale]);
        foreach (var input in Inputs(300))
        {
            var iban = (string)t.Transform(input)!;
            Assert.True(Iban.IsValid(iban), iban);
            Assert.Equal(Iban.ExpectedLength(iban.AsSpan(0, 2)), iban.Length);
        }
    }

    [Fact]
    public void Ibans_use_the_locale_country()
    {
        Assert.StartsWith("DE", FakerBind.Text("iban", "x", arguments: ["locale", "de"]), StringComparison.Ordinal);
        Assert.StartsWith("FR", FakerBind.Text("iban", "x", arguments: ["locale", "fr"]), StringComparison.Ordinal);
        Assert.StartsWith("GB", FakerBind.Text("iban", "x", arguments: ["locale", "en"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Ssns_follow_the_issuance_rules_in_dashed_form()
    {
        var t = FakerBind.Transformer("ssn");
        foreach (var input in Inputs(2000))
        {
            var ssn = (string)t.Transform(input)!;
            Assert.True(UsSsn.IsValid(ssn), ssn);
            Assert.Matches("^[0-9]{3}-[0-9]{2}-[0-9]{4}$", ssn);
        }
    }

    [Fact]
    public void Digit_kinds_keep_the_input_layout()
    {
        Assert.Matches("^[0-9]{9}$", FakerBind.Text("ssn", "123456789"));
        Assert.Matches("^[0-9]{4} [0-9]{4} [0-9]{4}$", FakerBind.Text("national_id", "2341 2341 2346"));
        Assert.Matches("^[0-9]{4}-[0-9]{4}-[0-9]{4}$", FakerBind.Text("national_id", "2341-2341-2346"));
    }

    [Fact]
    public void Pans_have_the_pan_shape_and_a_valid_holder_type()
    {
        var t = FakerBind.Transformer("pan");
        foreach (var input in Inputs(2000)) Assert.True(Pan.IsValid((string)t.Transform(input)!));
    }

    [Theory]
    [InlineData("email", false)]
    [InlineData("email", true)]
    public void Emails_parse_as_mail_addresses_on_reserved_domains(string kind, bool unique)
    {
        var t = FakerBind.Transformer(kind, unique: unique);
        foreach (var input in Inputs(2000))
        {
            var email = (string)t.Transform(input)!;
            Assert.True(MailAddress.TryCreate(email, out var parsed), email);
            Assert.Equal(email, parsed!.Address);
            Assert.Matches("^[a-z0-9._]+@example\\.(com|net|org)$", email);
        }
    }

    [Fact]
    public void Emails_can_use_the_locale_free_mail_domains()
    {
        var t = FakerBind.Transformer("email", arguments: ["email_domains", "free", "locale", "en_IND"]);
        foreach (var input in Inputs(200))
        {
            var domain = ((string)t.Transform(input)!).Split('@')[1];
            Assert.True(domain is "gmail.com" or "yahoo.co.in" or "hotmail.com", domain);
        }
    }

    [Fact]
    public void Urls_parse_as_absolute_http_urls()
    {
        foreach (var unique in new[] { false, true })
        {
            var t = FakerBind.Transformer("url", unique: unique);
            foreach (var input in Inputs(1000))
            {
                var url = (string)t.Transform(input)!;
                Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri), url);
                Assert.True(uri!.Scheme is "http" or "https", url);
                Assert.Contains('.', uri.Host);
            }
        }
    }

    [Fact]
    public void Usernames_are_lower_case_ascii()
    {
        var t = FakerBind.Transformer("username", arguments: ["locale", "de"]);
        foreach (var input in Inputs(1000)) Assert.Matches("^[a-z0-9][a-z0-9._]*$", (string)t.Transform(input)!);
    }

    [Fact]
    public void Ipv4_addresses_parse_and_are_public()
    {
        var t = FakerBind.Transformer("ipv4");
        foreach (var input in Inputs(2000))
        {
            var text = (string)t.Transform(input)!;
            Assert.True(IPAddress.TryParse(text, out var ip), text);
            Assert.Equal(AddressFamily.InterNetwork, ip!.AddressFamily);
            Assert.Equal(text, ip.ToString());
            var b = ip.GetAddressBytes();
            Assert.False(b[0] is 0 or 10 or 127 or >= 224 || (b[0] == 192 && b[1] == 168) || (b[0] == 172 && b[1] is >= 16 and <= 31), text);
        }
    }

    [Fact]
    public void Ipv6_addresses_parse_as_global_unicast()
    {
        foreach (var unique in new[] { false, true })
        {
            var t = FakerBind.Transformer("ipv6", unique: unique);
            foreach (var input in Inputs(1000))
            {
                var text = (string)t.Transform(input)!;
                Assert.True(IPAddress.TryParse(text, out var ip), text);
                Assert.Equal(AddressFamily.InterNetworkV6, ip!.AddressFamily);
                Assert.Equal(0x20, ip.GetAddressBytes()[0] & 0xE0);
            }
        }
    }

    [Fact]
    public void Phones_use_the_locale_formats()
    {
        var en = FakerBind.Transformer("phone");
        foreach (var input in Inputs(500)) Assert.True(((string)en.Transform(input)!).Count(char.IsAsciiDigit) >= 10);
        var india = FakerBind.Transformer("phone", arguments: ["locale", "en_IND"]);
        foreach (var input in Inputs(500)) Assert.StartsWith("+91", (string)india.Transform(input)!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("first_name")]
    [InlineData("last_name")]
    [InlineData("full_name")]
    [InlineData("street_address")]
    [InlineData("city")]
    [InlineData("state")]
    [InlineData("postal_code")]
    [InlineData("country")]
    [InlineData("company")]
    [InlineData("job_title")]
    public void Data_set_kinds_give_non_empty_values_without_placeholders(string kind)
    {
        var t = FakerBind.Transformer(kind);
        foreach (var input in Inputs(500))
        {
            var value = (string)t.Transform(input)!;
            Assert.False(string.IsNullOrWhiteSpace(value));
            Assert.DoesNotContain('#', value);
            Assert.DoesNotContain('{', value);
        }
    }

    [Fact]
    public void Names_come_from_the_locale_data()
    {
        var names = new HashSet<string>(FakerLocale.Get("de").FirstNames.Literals!);
        var t = FakerBind.Transformer("first_name", arguments: ["locale", "de"]);
        foreach (var input in Inputs(500)) Assert.Contains((string)t.Transform(input)!, names);
    }

    [Fact]
    public void Postal_codes_follow_the_locale_format()
    {
        foreach (var input in Inputs(200))
        {
            Assert.Matches("^[0-9]{5}(-[0-9]{4})?$", FakerBind.Text("postal_code", input));
            Assert.Matches("^[0-9]{3} [0-9]{3}$", FakerBind.Text("postal_code", input, arguments: ["locale", "en_IND"]));
            Assert.Matches("^[A-Z]{2}[0-9]{1,2} [0-9][A-Z]{2}$", FakerBind.Text("postal_code", input, arguments: ["locale", "en_GB"]));
        }
    }

    [Fact]
    public void Lorem_is_about_as_long_as_the_input_and_never_longer()
    {
        var t = FakerBind.Transformer("lorem", Columns.Text("notes"));
        foreach (var length in new[] { 1, 5, 20, 80, 300, 2000 })
        {
            var input = new string('x', length);
            var text = (string)t.Transform(input)!;
            Assert.InRange(text.Length, 1, length);
            if (length >= 20) Assert.True(text.Length >= length - 20, $"{text.Length} for {length}");
        }
    }

    [Fact]
    public void Dates_of_birth_give_ages_within_the_range_on_as_of()
    {
        var asOf = new DateOnly(2025, 1, 1);
        var t = FakerBind.Transformer("date_of_birth", Columns.Of("dob", TypeClass.Date));
        var seen = new HashSet<int>();
        for (var i = 0; i < 5000; i++)
        {
            var dob = (DateOnly)t.Transform(new DateOnly(1950, 1, 1).AddDays(i))!;
            var age = Age(dob, asOf);
            Assert.InRange(age, 18, 90);
            seen.Add(age);
        }
        Assert.Contains(18, seen);
        Assert.Contains(90, seen);
    }

    [Fact]
    public void Dates_of_birth_respect_custom_ages_and_as_of()
    {
        var asOf = new DateOnly(2000, 6, 15);
        var t = FakerBind.Transformer("date_of_birth", Columns.Of("dob", TypeClass.Date), ["min_age", 0L, "max_age", 5L, "as_of", "2000-06-15"]);
        for (var i = 0; i < 2000; i++) Assert.InRange(Age((DateOnly)t.Transform("p" + i)!, asOf), 0, 5);
    }

    [Fact]
    public void Dates_of_birth_fit_every_date_type()
    {
        var input = new DateOnly(1980, 5, 17);
        var date = (DateOnly)FakerBind.Transformer("date_of_birth", Columns.Of("d", TypeClass.Date)).Transform(input)!;
        Assert.Equal(date.ToDateTime(TimeOnly.MinValue), FakerBind.Transformer("date_of_birth", Columns.Of("d", TypeClass.DateTime)).Transform(input.ToDateTime(TimeOnly.MinValue)));
        Assert.Equal(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            FakerBind.Transformer("date_of_birth", Columns.Of("d", TypeClass.DateTimeOffset)).Transform(new DateTimeOffset(input.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), FakerBind.Transformer("date_of_birth").Transform("1980-05-17"));
    }

    [Fact]
    public void National_id_fills_a_bigint_column_with_valid_aadhaar_numbers()
    {
        var t = FakerBind.Transformer("national_id", Columns.Integer("aadhaar", 64));
        for (var i = 0L; i < 1000; i++)
        {
            var value = (long)t.Transform(234123412346L + i)!;
            Assert.True(Aadhaar.IsValid(value.ToString(CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void Numeric_kinds_fill_integer_and_decimal_columns()
    {
        var ssn = (long)FakerBind.Transformer("ssn", Columns.Integer("ssn", 32)).Transform(123456789L)!;
        Assert.True(UsSsn.IsValid(ssn.ToString("000000000", CultureInfo.InvariantCulture)));
        var card = (decimal)FakerBind.Transformer("credit_card", Columns.Decimal("card", 19, 0)).Transform(4111111111111111m)!;
        Assert.True(Luhn.IsValid(card.ToString(CultureInfo.InvariantCulture)));
        var phone = (long)FakerBind.Transformer("phone", Columns.Integer("phone", 64)).Transform(5551234567L)!;
        Assert.True(phone > 0);
    }

    private static int Age(DateOnly dob, DateOnly asOf)
    {
        var age = asOf.Year - dob.Year;
        if (asOf < dob.AddYears(age)) age--;
        return age;
    }
}
