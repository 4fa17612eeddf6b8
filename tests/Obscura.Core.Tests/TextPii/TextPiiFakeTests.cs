using System.Net;
using System.Net.Mail;
using Obscura.Core.Tests.Faker;
using Obscura.Core.Tests.Support;
using Obscura.Core.Validation;

namespace Obscura.Core.Tests.TextPii;

public sealed class TextPiiFakeTests
{
    private const string Before = "Customer wrote: please use ";
    private const string After = " from now on (thanks!).";

    // The fake of one item: the text around it must come back unchanged.
    private static string FakeOf(string item, params object?[] arguments)
    {
        var output = TextPiiBind.Scrub(Before + item + After, arguments);
        Assert.StartsWith(Before, output, StringComparison.Ordinal);
        Assert.EndsWith(After, output, StringComparison.Ordinal);
        return output[Before.Length..^After.Length];
    }

    private static string Digits(string s) => new([.. s.Where(char.IsAsciiDigit)]);

    // Every non-digit character stays where it was ("4111 1111 1111 1111" keeps its spaces).
    private static void AssertSameLayout(string original, string fake)
    {
        Assert.Equal(original.Length, fake.Length);
        for (var i = 0; i < original.Length; i++)
        {
            if (char.IsAsciiDigit(original[i])) Assert.True(char.IsAsciiDigit(fake[i]), $"digit expected at {i} of '{fake}'");
            else Assert.Equal(original[i], fake[i]);
        }
    }

    [Theory]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("5555555555554444")]
    [InlineData("3782 822463 10005")]
    [InlineData("6011 1111 1111 1117")]
    public void A_card_number_becomes_another_luhn_valid_card_with_the_same_grouping(string card)
    {
        var fake = FakeOf(card);
        Assert.NotEqual(card, fake);
        AssertSameLayout(card, fake);
        Assert.True(Luhn.IsValid(Digits(fake)), fake);
        Assert.Equal(card[0], fake[0]);
    }

    [Theory]
    [InlineData("2341 2341 2346")]
    [InlineData("2341-2341-2346")]
    [InlineData("234123412346")]
    public void An_aadhaar_number_becomes_another_verhoeff_valid_aadhaar_number_in_the_same_layout(string aadhaar)
    {
        var fake = FakeOf(aadhaar);
        Assert.NotEqual(aadhaar, fake);
        AssertSameLayout(aadhaar, fake);
        Assert.True(Aadhaar.IsValid(Digits(fake)), fake);
    }

    [Theory]
    [InlineData("123-45-6789")]
    [InlineData("536 22 1870")]
    public void An_ssn_becomes_another_valid_ssn_in_the_same_layout(string ssn)
    {
        var fake = FakeOf(ssn);
        Assert.NotEqual(ssn, fake);
        AssertSameLayout(ssn, fake);
        Assert.True(UsSsn.IsValid(Digits(fake)), fake);
    }

    [Fact]
    public void A_pan_becomes_another_valid_pan()
    {
        var fake = FakeOf("ABCPE1234F");
        Assert.NotEqual("ABCPE1234F", fake);
        Assert.True(Pan.IsValid(fake), fake);
    }

    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 32")]
    [InlineData("DE89370400440532013000")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606")]
    public void An_iban_becomes_another_mod_97_valid_iban_of_the_same_country_and_layout(string iban)
    {
        var fake = FakeOf(iban);
        Assert.NotEqual(iban, fake);
        Assert.True(Iban.IsValid(fake), fake);
        Assert.Equal(iban[..2], fake[..2]);
        Assert.Equal(iban.Length, fake.Length);
        for (var i = 0; i < iban.Length; i++)
        {
            Assert.Equal(iban[i] == ' ', fake[i] == ' ');
            Assert.Equal(char.IsAsciiDigit(iban[i]), char.IsAsciiDigit(fake[i]));
        }
    }

    [Theory]
    [InlineData("+91 98765 43210")]
    [InlineData("+1 (415) 555-0132")]
    [InlineData("020 7946 0958")]
    [InlineData("(415) 555-0132")]
    [InlineData("415.555.0132")]
    [InlineData("+44 (0)20 7946 0958")]
    [InlineData("+14155550132")]
    public void A_phone_number_becomes_another_with_the_same_layout_and_country_code(string phone)
    {
        var fake = FakeOf(phone);
        Assert.NotEqual(phone, fake);
        AssertSameLayout(phone, fake);
        if (phone.StartsWith("+91", StringComparison.Ordinal)) Assert.StartsWith("+91 ", fake, StringComparison.Ordinal);
        if (phone.StartsWith("+1 ", StringComparison.Ordinal)) Assert.StartsWith("+1 ", fake, StringComparison.Ordinal);
        if (phone.StartsWith('0')) Assert.StartsWith("0", fake, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("priya.sharma@gmail.com")]
    [InlineData("j.doe+billing@mail.example.co.uk")]
    public void An_email_becomes_a_fake_address_on_a_reserved_domain(string email)
    {
        var fake = FakeOf(email);
        Assert.NotEqual(email, fake);
        var parsed = new MailAddress(fake);
        Assert.Matches("^example\\.(com|net|org)$", parsed.Host);
    }

    [Theory]
    [InlineData("192.168.1.10")]
    [InlineData("8.8.8.8")]
    public void An_ipv4_address_becomes_another_ipv4_address(string ip)
    {
        var fake = FakeOf(ip);
        Assert.NotEqual(ip, fake);
        Assert.True(IPAddress.TryParse(fake, out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork, fake);
    }

    [Theory]
    [InlineData("2001:db8::1")]
    [InlineData("fe80::1ff:fe23:4567:890a")]
    [InlineData("::ffff:192.0.2.1")]
    public void An_ipv6_address_becomes_another_ipv6_address(string ip)
    {
        var fake = FakeOf(ip);
        Assert.NotEqual(ip, fake);
        Assert.True(IPAddress.TryParse(fake, out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6, fake);
    }

    [Fact]
    public void Everything_around_the_items_stays_exactly_as_it_was()
    {
        const string text = "Hi Team,\r\n\tcard 4111 1111 1111 1111 – mail a.b@example.org ✓ naïve résumé 😀 end";
        var output = TextPiiBind.Scrub(text);
        Assert.StartsWith("Hi Team,\r\n\tcard ", output, StringComparison.Ordinal);
        Assert.Equal(" – mail ", output.Substring(35, 8));
        Assert.EndsWith(" ✓ naïve résumé 😀 end", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_item_gets_the_same_fake_in_every_text_and_every_transformer()
    {
        var first = TextPiiBind.Transformer().Transform("From priya.sharma@gmail.com: card 4111 1111 1111 1111") as string;
        var second = TextPiiBind.Transformer().Transform("cc priya.sharma@gmail.com, card 4111-1111-1111-1111 again") as string;
        var fakeEmail = first!.Split(' ')[1].TrimEnd(':');
        Assert.Contains("cc " + fakeEmail + ",", second, StringComparison.Ordinal);
        Assert.Equal(first[^19..].Replace(' ', '-'), second!.Substring(second.IndexOf("card ", StringComparison.Ordinal) + 5, 19));
    }

    [Fact]
    public void The_printed_and_electronic_forms_of_an_iban_get_the_same_iban() =>
        Assert.Equal(FakeOf("GB82 WEST 1234 5698 7654 32").Replace(" ", "", StringComparison.Ordinal), FakeOf("GB82WEST12345698765432"));

    [Fact]
    public void The_same_item_twice_in_one_text_gets_the_same_fake()
    {
        var output = TextPiiBind.Scrub("2341 2341 2346 / 2341 2341 2346");
        Assert.Equal(output[..14], output[^14..]);
    }

    [Fact]
    public void A_different_secret_gives_different_fakes()
    {
        const string text = "mail priya.sharma@gmail.com card 4111 1111 1111 1111 aadhaar 2341 2341 2346";
        var ours = TextPiiBind.Transformer().Transform(text) as string;
        var theirs = TextPiiBind.Transformer(secret: Bind.OtherSecret).Transform(text) as string;
        Assert.NotEqual(ours, theirs);
        Assert.NotEqual(ours![..40], theirs![..40]);
        Assert.NotEqual(ours[^14..], theirs[^14..]);
    }

    [Fact]
    public void An_email_gets_the_fake_the_faker_strategy_gives_it_in_a_column()
    {
        var inColumn = FakerBind.Text("email", "priya.sharma@gmail.com");
        Assert.Equal(inColumn, FakeOf("priya.sharma@gmail.com"));
    }

    [Fact]
    public void A_card_number_gets_the_fake_the_faker_strategy_gives_it_on_a_unique_column()
    {
        var inColumn = FakerBind.Text("credit_card", "4111 1111 1111 1111", unique: true);
        Assert.Equal(inColumn, FakeOf("4111 1111 1111 1111"));
    }

    [Fact]
    public void The_locale_is_part_of_the_key()
    {
        Assert.NotEqual(FakeOf("2341 2341 2346"), FakeOf("2341 2341 2346", "locale", "en_IND"));
    }
}
