using System.Globalization;
using Obscura.Core.Strategies.Internal;
using Obscura.Core.Tests.Support;
using Obscura.Core.Validation;

namespace Obscura.Core.Tests.Faker;

/// <summary>The collision-free forms used on unique columns.</summary>
public sealed class FakerUniqueTests
{
    [Fact]
    public void Two_hundred_thousand_distinct_inputs_give_two_hundred_thousand_distinct_emails()
    {
        var t = FakerBind.Transformer("email", Columns.Text("email", 100), unique: true);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 200_000; i++) seen.Add((string)t.Transform("user" + i.ToString(CultureInfo.InvariantCulture) + "@corp.example")!);
        Assert.Equal(200_000, seen.Count);
    }

    [Theory]
    [InlineData("username")]
    [InlineData("url")]
    [InlineData("ipv6")]
    public void Tagged_kinds_stay_distinct(string kind)
    {
        var t = FakerBind.Transformer(kind, Columns.Text("v", 100), unique: true);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 50_000; i++) seen.Add((string)t.Transform("v" + i.ToString(CultureInfo.InvariantCulture))!);
        Assert.Equal(50_000, seen.Count);
    }

    [Fact]
    public void Unique_emails_are_not_the_same_as_plain_ones_unless_forced()
    {
        var plain = FakerBind.Text("email", "priya@corp.example");
        var unique = FakerBind.Text("email", "priya@corp.example", unique: true);
        var forced = FakerBind.Text("email", "priya@corp.example", arguments: ["unique", true]);
        Assert.NotEqual(plain, unique);
        Assert.Equal(unique, forced);
    }

    [Fact]
    public void Ssns_are_a_bijection_that_keeps_validity()
    {
        var t = FakerBind.Transformer("ssn", Columns.Text("ssn", 11), unique: true);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Consecutive numbers around an invalid area (666) and a zero group: valid and invalid inputs together.
        for (var i = 0; i < 100_000; i++)
        {
            var input = (665_990_000 + i * 7).ToString("000-00-0000", CultureInfo.InvariantCulture);
            var output = (string)t.Transform(input)!;
            Assert.Equal(UsSsn.IsValid(input), UsSsn.IsValid(output));
            Assert.Matches("^[0-9]{3}-[0-9]{2}-[0-9]{4}$", output);
            seen.Add(output);
        }
        Assert.Equal(100_000, seen.Count);
    }

    [Fact]
    public void Aadhaar_numbers_are_a_bijection_that_keeps_validity()
    {
        var t = FakerBind.Transformer("national_id", Columns.Integer("aadhaar", 64), unique: true);
        var seen = new HashSet<long>();
        for (var i = 0L; i < 100_000; i++)
        {
            // Every 12-digit input, valid or not (a wrong check digit in nine of ten).
            var input = 234_123_400_000L + i;
            var output = (long)t.Transform(input)!;
            var inText = input.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(Aadhaar.IsValid(inText), Aadhaar.IsValid(output.ToString("000000000000", CultureInfo.InvariantCulture)));
            seen.Add(output);
        }
        Assert.Equal(100_000, seen.Count);
    }

    [Fact]
    public void Card_numbers_are_a_bijection_that_keeps_issuer_and_luhn()
    {
        var t = FakerBind.Transformer("credit_card", Columns.Text("card", 19), unique: true);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prefix in new[] { "4111", "5500", "3714", "6011", "9999" })
        {
            for (var i = 0; i < 20_000; i++)
            {
                var body = prefix + (10_000_000_000 + i * 13L).ToString(CultureInfo.InvariantCulture)[..(prefix == "3714" ? 10 : 11)];
                var input = Luhn.AppendCheckDigit(body);
                var output = (string)t.Transform(input)!;
                Assert.Equal(input.Length, output.Length);
                Assert.True(Luhn.IsValid(output), output);
                if (prefix[0] is '4' or '5' or '6') Assert.Equal(prefix[0], output[0]);
                if (prefix == "3714") Assert.StartsWith("37", output, StringComparison.Ordinal);
                if (prefix == "6011") Assert.StartsWith("6011", output, StringComparison.Ordinal);
                seen.Add(output);
            }
        }
        Assert.Equal(100_000, seen.Count);
    }

    [Fact]
    public void Card_numbers_with_wrong_check_digits_stay_distinct_from_their_valid_twins()
    {
        var t = FakerBind.Transformer("credit_card", Columns.Text("card", 19), unique: true);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var d = 0; d < 10; d++) seen.Add((string)t.Transform("411111111111111" + d.ToString(CultureInfo.InvariantCulture))!);
        Assert.Equal(10, seen.Count);
        Assert.Single(seen, s => Luhn.IsValid(s));
    }

    [Fact]
    public void Phones_are_a_bijection_that_keeps_layout_and_country_code()
    {
        var t = FakerBind.Transformer("phone", Columns.Text("phone", 20), unique: true);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100_000; i++)
        {
            var input = "+91 " + (98_765_00000L + i).ToString("00000 00000", CultureInfo.InvariantCulture);
            var output = (string)t.Transform(input)!;
            Assert.Matches("^\\+91 [1-9][0-9]{4} [0-9]{5}$", output);
            seen.Add(output);
        }
        Assert.Equal(100_000, seen.Count);
    }

    [Fact]
    public void Phones_in_a_32_bit_column_stay_in_range_and_distinct()
    {
        var column = Columns.Integer("phone", 32);
        var t = FakerBind.Strategy.Create(FakerBind.For("phone", column, ["locale", "sv"], unique: true));
        var seen = new HashSet<long>();
        for (var i = 0L; i < 20_000; i++)
        {
            var output = (long)t.Transform(2_100_000_000L + i)!;
            Assert.InRange(output, 1_000_000_000L, int.MaxValue);
            seen.Add(output);
        }
        Assert.Equal(20_000, seen.Count);
    }

    [Fact]
    public void Ipv4_addresses_are_a_bijection_that_keeps_public_and_private_apart()
    {
        var t = FakerBind.Transformer("ipv4", Columns.Text("ip", 15), unique: true);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 60_000; i++)
        {
            var input = string.Create(CultureInfo.InvariantCulture, $"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}");
            var output = (string)t.Transform(input)!;
            Assert.False(FakerNetworkGenerator.TryParseIpv4(output, out var a) && FakerNetworkGenerator.IsPublic(a), output);
            seen.Add(output);
        }
        Assert.Equal(60_000, seen.Count);
    }

    [Fact]
    public void Pans_are_a_bijection_of_valid_pans()
    {
        var t = FakerBind.Transformer("pan", Columns.Text("pan", 10), unique: true);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 50_000; i++)
        {
            var input = "ABCP" + (char)('A' + i % 26) + (i / 26 % 10_000).ToString("0000", CultureInfo.InvariantCulture) + (char)('A' + i / 260_000);
            var output = (string)t.Transform(input)!;
            Assert.True(Pan.IsValid(output), output);
            seen.Add(output);
        }
        Assert.Equal(50_000, seen.Count);
    }
}
