using Obscura.Core.Discovery.Detection;
using Obscura.Core.Validation;

namespace Obscura.Core.Tests.Discovery.Detection;

public sealed class ValueChecksTests
{
    [Theory]
    [InlineData("priya.sharma@example.com", true)]
    [InlineData("luisg@embraer.com.br", true)]
    [InlineData("MARY.SMITH@sakilacustomer.org", true)]
    [InlineData("not an email", false)]
    [InlineData("a@b", false)]
    [InlineData("contact: priya@example.com", false)]
    public void Emails(string value, bool expected) => Assert.Equal(expected, ValueChecks.IsEmail(value));

    [Theory]
    [InlineData("+91 98765 43210", true)]
    [InlineData("+1 (780) 428-9482", true)]
    [InlineData("+44 20 7946 0958", true)]
    [InlineData("+49 0711 2842222", true)]
    [InlineData("(415) 555-0132", true)]
    [InlineData("+919876543210", true)]
    [InlineData("2024-01-05", false)]
    [InlineData("12.50", false)]
    [InlineData("hello", false)]
    public void International_phone_numbers(string value, bool expected) => Assert.Equal(expected, ValueChecks.IsPhone(value));

    [Theory]
    [InlineData("14033335568", true)]
    [InlineData("030-0074321", true)]
    [InlineData("(5) 555-4729", true)]
    [InlineData("555.123.4567", true)]
    [InlineData("(503) 555-9831 x123", true)]
    [InlineData("1111111", false)]
    [InlineData("2024-01-05", false)]
    [InlineData("1.234.567,89", false)]
    [InlineData("12345", false)]
    [InlineData("call me", false)]
    public void Phone_shapes(string value, bool expected) => Assert.Equal(expected, ValueChecks.LooksLikePhone(value));

    [Theory]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("4111-1111-1111-1111", true)]
    [InlineData("5500000000000004", true)]
    [InlineData("378282246310005", true)]
    [InlineData("4111 1111 1111 1112", false)]
    [InlineData("1234567812345670", false)]
    [InlineData("411111111111", false)]
    public void Card_numbers_pass_Luhn_and_an_issuer_range(string value, bool expected) => Assert.Equal(expected, ValueChecks.IsCard(value));

    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("gb82west12345698765432", true)]
    [InlineData("GB82WEST12345698765433", false)]
    [InlineData("DE8937040044053201300", false)]
    public void Ibans_pass_mod_97(string value, bool expected) => Assert.Equal(expected, ValueChecks.IsIban(value));

    [Fact]
    public void Ssns_follow_the_issuance_rules_and_tell_dashed_from_plain()
    {
        Assert.True(ValueChecks.IsSsn("123-45-6789", out var dashed));
        Assert.True(dashed);
        Assert.True(ValueChecks.IsSsn("123456789", out dashed));
        Assert.False(dashed);
        Assert.False(ValueChecks.IsSsn("666-12-3456", out _));
        Assert.False(ValueChecks.IsSsn("000-12-3456", out _));
        Assert.False(ValueChecks.IsSsn("078-05-1120", out _));
    }

    [Fact]
    public void Aadhaar_numbers_are_told_apart_by_their_Verhoeff_digit()
    {
        var valid = Aadhaar.Create("23456789012");
        Assert.True(ValueChecks.LooksLikeAadhaar(valid, out var check));
        Assert.True(check);
        var grouped = $"{valid[..4]} {valid[4..8]} {valid[8..]}";
        Assert.True(ValueChecks.LooksLikeAadhaar(grouped, out check));
        Assert.True(check);
        var wrong = valid[..11] + (char)('0' + (valid[11] - '0' + 1) % 10);
        Assert.True(ValueChecks.LooksLikeAadhaar(wrong, out check));
        Assert.False(check);
        Assert.False(ValueChecks.LooksLikeAadhaar("1234 5678 9012", out _));
        Assert.False(ValueChecks.LooksLikeAadhaar("2345-67890123", out _));
    }

    [Theory]
    [InlineData("ABCPE1234F", true)]
    [InlineData("abcpe1234f", true)]
    [InlineData("ABCXE1234F", false)]
    [InlineData("ABCPE12345", false)]
    public void Pans(string value, bool expected) => Assert.Equal(expected, ValueChecks.IsPan(value));

    [Theory]
    [InlineData("K1234567", true)]
    [InlineData("AB1234567", true)]
    [InlineData("123456789", true)]
    [InlineData("ABC12345", false)]
    [InlineData("K12", false)]
    public void Passport_shapes(string value, bool expected) => Assert.Equal(expected, ValueChecks.LooksLikePassport(value));

    [Theory]
    [InlineData("192.168.1.10", true)]
    [InlineData("8.8.8.8", true)]
    [InlineData("999.1.1.1", false)]
    [InlineData("1.2.3", false)]
    [InlineData("01.2.3.4", false)]
    [InlineData("1.2.3.4.5", false)]
    public void Ipv4_addresses(string value, bool expected) => Assert.Equal(expected, ValueChecks.IsIpv4(value));

    [Theory]
    [InlineData("2001:db8::1", true)]
    [InlineData("fe80::1ff:fe23:4567:890a", true)]
    [InlineData("::ffff:192.0.2.1", true)]
    [InlineData("12:30", false)]
    [InlineData("not:an:address", false)]
    public void Ipv6_addresses(string value, bool expected) => Assert.Equal(expected, ValueChecks.IsIpv6(value));

    [Theory]
    [InlineData("00:1A:2B:3C:4D:5E", true)]
    [InlineData("00-1a-2b-3c-4d-5e", true)]
    [InlineData("0011.2233.4455", true)]
    [InlineData("00:1A:2B:3C:4D", false)]
    [InlineData("12:30:45", false)]
    public void Mac_addresses(string value, bool expected) => Assert.Equal(expected, ValueChecks.IsMac(value));

    [Theory]
    [InlineData("https://example.com/profile/42", true)]
    [InlineData("http://accweb/emmployees/davolio.bmp", true)]
    [InlineData("www.example.org", true)]
    [InlineData("example", false)]
    [InlineData("mailto:a@b.c", false)]
    public void Urls(string value, bool expected) => Assert.Equal(expected, ValueChecks.IsUrl(value));

    [Theory]
    [InlineData("12.9716, 77.5946", true)]
    [InlineData("-33.8688 151.2093", true)]
    [InlineData("POINT(77.5946 12.9716)", true)]
    [InlineData("95.12, 77.59", false)]
    [InlineData("1, 2", false)]
    [InlineData("12.5, hello", false)]
    public void Coordinate_pairs_are_in_range_with_decimals(string value, bool expected) => Assert.Equal(expected, ValueChecks.IsGeoPair(value));

    [Theory]
    [InlineData("1985-04-12", 1985, 4, 12)]
    [InlineData("1985-04-12 00:00:00", 1985, 4, 12)]
    [InlineData("12/04/1985", 1985, 12, 4)]
    [InlineData("25/04/1985", 1985, 4, 25)]
    [InlineData("25.04.1985", 1985, 4, 25)]
    public void Dates_written_as_text(string value, int year, int month, int day)
    {
        Assert.True(ValueChecks.TryParseDate(value, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("31/02/1985")]
    [InlineData("1985-13-01")]
    [InlineData("19850412")]
    [InlineData("yesterday")]
    public void Text_that_is_not_a_date(string value) => Assert.False(ValueChecks.TryParseDate(value, out _));

    [Theory]
    [InlineData("47 MySakila Drive", true)]
    [InlineData("Obere Str. 57", true)]
    [InlineData("Theodor-Heuss-Straße 34", true)]
    [InlineData("12, MG Road", true)]
    [InlineData("Flat 4B, Sai Nagar", true)]
    [InlineData("Berguvsvägen  8", true)]
    public void Street_addresses_with_a_street_word(string value, bool expected)
    {
        Assert.Equal(expected, ValueChecks.LooksLikeStreetAddress(value, out var street));
        Assert.True(street);
    }

    [Theory]
    [InlineData("Hello world")]
    [InlineData("2024")]
    [InlineData("a@b.com 12")]
    [InlineData("Toms Spezialitäten")]
    public void Text_that_is_not_an_address(string value) => Assert.False(ValueChecks.LooksLikeStreetAddress(value, out _));

    [Theory]
    [InlineData("560001", true)]
    [InlineData("90210", true)]
    [InlineData("90210-1234", true)]
    [InlineData("SW1A 1AA", true)]
    [InlineData("H2G 1A7", true)]
    [InlineData("12227-000", true)]
    [InlineData("1012 AB", true)]
    [InlineData("ABCDEFG", false)]
    [InlineData("12", false)]
    public void Postal_codes(string value, bool expected) => Assert.Equal(expected, ValueChecks.LooksLikePostalCode(value));

    [Theory]
    [InlineData("jsmith_01", true)]
    [InlineData("Mike", true)]
    [InlineData("john smith", false)]
    [InlineData("12345", false)]
    public void Usernames(string value, bool expected) => Assert.Equal(expected, ValueChecks.LooksLikeUsername(value));

    [Theory]
    [InlineData("8cb2237d0679ca88db6464eac60da96345513964", true)]
    [InlineData("$2b$12$KIXQJ6yN0Mz1a3bXW8pqQ.0tVq9Z7b8y6x5w4v3u2t1s0r9q8p7o6", true)]
    [InlineData("hunter2", false)]
    public void Password_hashes(string value, bool expected) => Assert.Equal(expected, ValueChecks.LooksLikePasswordHash(value));

    [Fact]
    public void Images_are_recognised_by_their_magic_bytes()
    {
        Assert.True(ValueChecks.IsImage([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]));
        Assert.True(ValueChecks.IsImage([0xFF, 0xD8, 0xFF, 0xE0, 0x00]));
        Assert.True(ValueChecks.IsImage("GIF89a"u8));
        Assert.False(ValueChecks.IsImage([0x00, 0x01, 0x02, 0x03]));
    }

    [Fact]
    public void Names_are_recognised_from_the_dictionaries_across_cultures()
    {
        var indian = ValueChecks.AnalyzeName("Priya Sharma");
        Assert.True(indian.IsFullName);
        Assert.True(indian.Indian);
        Assert.True(ValueChecks.AnalyzeName("Dr. Anil Kumar").IsFullName);
        Assert.True(ValueChecks.AnalyzeName("PENELOPE GUINESS").FirstIsGiven);
        Assert.True(ValueChecks.AnalyzeName("Luís Gonçalves").IsFullName);
        Assert.True(ValueChecks.AnalyzeName("Leonie Köhler").IsFullName);
        Assert.True(ValueChecks.AnalyzeName("Wei Zhang").IsFullName);
        Assert.True(ValueChecks.AnalyzeName("Ludwig van Beethoven").IsShaped);

        var band = ValueChecks.AnalyzeName("Led Zeppelin");
        Assert.True(band.IsShaped);
        Assert.False(band.IsKnown);
        Assert.False(ValueChecks.AnalyzeName("Room 101").IsShaped);
        Assert.False(ValueChecks.AnalyzeName("user@example.com").IsShaped);
        Assert.True(PersonNames.GivenNameCount >= 300);
        Assert.True(PersonNames.FamilyNameCount >= 300);
    }

    [Fact]
    public void Given_names_inside_prose_are_found_but_ordinary_capitalised_words_are_not()
    {
        Assert.True(ValueChecks.ContainsGivenName("Education includes a BA in psychology. Nancy is a member of Toastmasters International."));
        Assert.False(ValueChecks.ContainsGivenName("Will the order ship in May? Grace period applies."));
        Assert.False(ValueChecks.ContainsGivenName("A Epic Drama of a Feminist And a Mad Scientist who must Battle a Teacher in Ancient China"));
    }
}
