using Obscura.Core.Discovery;

namespace Obscura.Core.Tests.TextPii;

public sealed class PiiScannerTests
{
    private static List<(PiiKind Kind, string Text)> Find(string text, PiiKinds kinds = PiiKinds.All)
    {
        var found = new List<(PiiKind, string)>();
        foreach (var span in new PiiScanner(kinds).EnumerateSpans(text)) found.Add((span.Kind, text.Substring(span.Start, span.Length)));
        return found;
    }

    [Theory]
    [InlineData("priya.sharma@gmail.com", PiiKind.Email)]
    [InlineData("+91 98765 43210", PiiKind.Phone)]
    [InlineData("+91-98765-43210", PiiKind.Phone)]
    [InlineData("+1 (415) 555-0132", PiiKind.Phone)]
    [InlineData("+44 20 7946 0958", PiiKind.Phone)]
    [InlineData("020 7946 0958", PiiKind.Phone)]
    [InlineData("(415) 555-0132", PiiKind.Phone)]
    [InlineData("415-555-0132", PiiKind.Phone)]
    [InlineData("98765 43210", PiiKind.Phone)]
    [InlineData("1-800-555-0199", PiiKind.Phone)]
    [InlineData("+49 (0)30 12345678", PiiKind.Phone)]
    [InlineData("+33 1 23 45 67 89", PiiKind.Phone)]
    [InlineData("2341 2341 2346", PiiKind.NationalId)]
    [InlineData("234123412346", PiiKind.NationalId)]
    [InlineData("ABCPE1234F", PiiKind.Pan)]
    [InlineData("123-45-6789", PiiKind.Ssn)]
    [InlineData("4111 1111 1111 1111", PiiKind.Card)]
    [InlineData("3782-822463-10005", PiiKind.Card)]
    [InlineData("GB82 WEST 1234 5698 7654 32", PiiKind.Iban)]
    [InlineData("GB82WEST12345698765432", PiiKind.Iban)]
    [InlineData("192.168.1.10", PiiKind.Ipv4)]
    [InlineData("2001:0db8:85a3:0000:0000:8a2e:0370:7334", PiiKind.Ipv6)]
    [InlineData("::1", PiiKind.Ipv6)]
    [InlineData("::ffff:192.0.2.1", PiiKind.Ipv6)]
    public void Each_kind_is_found_with_its_exact_extent_inside_prose(string item, PiiKind kind) =>
        Assert.Equal([(kind, item), (kind, item)], Find($"See: {item}, then (again) \"{item}\"."));

    [Fact]
    public void Items_are_found_in_order()
    {
        var found = Find("a@b.io 4111111111111111 10.0.0.1 ABCPE1234F 2001:db8::1 +44 20 7946 0958");
        Assert.Equal([PiiKind.Email, PiiKind.Card, PiiKind.Ipv4, PiiKind.Pan, PiiKind.Ipv6, PiiKind.Phone], found.Select(f => f.Kind));
    }

    [Fact]
    public void A_card_followed_by_another_number_is_still_found() =>
        Assert.Equal([(PiiKind.Card, "4111 1111 1111 1111")], Find("card 4111 1111 1111 1111 12 items"));

    [Fact]
    public void A_number_before_a_card_does_not_hide_it() =>
        Assert.Equal([(PiiKind.Card, "4111 1111 1111 1111")], Find("qty 3 4111 1111 1111 1111"));

    [Fact]
    public void An_address_with_a_port_or_prefix_length_leaves_them_out() =>
        Assert.Equal([(PiiKind.Ipv4, "10.1.2.3"), (PiiKind.Ipv4, "192.168.0.0")], Find("10.1.2.3:8080 and 192.168.0.0/16"));

    [Fact]
    public void A_sentence_end_is_not_part_of_an_item() =>
        Assert.Equal([(PiiKind.Email, "a.b@example.com"), (PiiKind.Ipv6, "fe80::1")], Find("Write a.b@example.com. Or fe80::1."));

    [Fact]
    public void Labelled_values_in_logs_are_found() =>
        Assert.Equal([PiiKind.Card, PiiKind.Ssn, PiiKind.Phone], Find("card=4111111111111111;ssn:123-45-6789,tel:+14155550132").Select(f => f.Kind));

    [Fact]
    public void Csv_fields_are_found() =>
        Assert.Equal([PiiKind.Email, PiiKind.Card], Find("priya,priya@x.in,4111111111111111,12").Select(f => f.Kind));

    [Fact]
    public void The_kinds_filter_limits_the_scan()
    {
        Assert.Equal([PiiKind.Email], Find("a@b.io 4111111111111111 10.0.0.1", PiiKinds.Email).Select(f => f.Kind));
        Assert.Equal([PiiKind.Card], Find("a@b.io 4111111111111111 10.0.0.1", PiiKinds.Card).Select(f => f.Kind));
    }

    [Fact]
    public void Scanning_from_an_offset_skips_what_comes_before()
    {
        const string text = "a@b.io then c@d.io";
        Assert.True(PiiScanner.Default.TryFind(text, 1, out var span));
        Assert.Equal("c@d.io", text.Substring(span.Start, span.Length));
    }

    [Fact]
    public void Kind_names_parse_from_a_comma_list()
    {
        Assert.True(PiiKindNames.TryParse(" Email, ip ,card", out var kinds, out _));
        Assert.Equal(PiiKinds.Email | PiiKinds.Ip | PiiKinds.Card, kinds);
        Assert.True(PiiKindNames.TryParse(null, out var all, out _));
        Assert.Equal(PiiKinds.All, all);
        Assert.False(PiiKindNames.TryParse("email,passport", out _, out var unknown));
        Assert.Equal("passport", unknown);
    }

    [Fact]
    public void A_scanner_needs_at_least_one_kind() => Assert.Throws<ArgumentException>(() => new PiiScanner(PiiKinds.None));
}
