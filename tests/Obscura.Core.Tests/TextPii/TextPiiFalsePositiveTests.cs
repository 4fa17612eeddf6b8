using Obscura.Core.Discovery;

namespace Obscura.Core.Tests.TextPii;

public sealed class TextPiiFalsePositiveTests
{
    private static void AssertUntouched(string text)
    {
        var spans = new List<string>();
        foreach (var span in PiiScanner.Default.EnumerateSpans(text)) spans.Add($"{span.Kind}: {text.Substring(span.Start, span.Length)}");
        Assert.Empty(spans);
        Assert.Same(text, TextPiiBind.Transformer().Transform(text));
    }

    [Theory]
    [InlineData("Shipped on 2024-01-15, delivered 15/01/2024, invoiced 01.15.2024 and 2024/01/15.")]
    [InlineData("Logged at 2024-01-15T10:30:00Z and 2024-01-15 10:30:15.123 (20240115).")]
    [InlineData("Between 10:30 and 12:45:30, or 9:15 pm; call window 10:00-18:00.")]
    public void Dates_and_times_are_left_alone(string text) => AssertUntouched(text);

    [Theory]
    [InlineData("Total $1,299.99 (₹1,00,000 or EUR 12.345,67), 15% off, 1,234,567,890,123 units.")]
    [InlineData("Weight 3.14159 kg, ratio 2.5e10, coordinates 37.7749, -122.4194, score 3-2, pages 100-150.")]
    public void Prices_quantities_and_measurements_are_left_alone(string text) => AssertUntouched(text);

    [Theory]
    [InlineData("Upgrade from v1.2.3 to 10.0.19041.1 (build 6.2.26179.722), see 0.9.1.2 and 1.2.3.4.5.")]
    [InlineData("Invalid addresses 999.1.1.1, 01.02.03.04, 1.2.3 stay as they are.")]
    public void Version_numbers_and_impossible_addresses_are_left_alone(string text) => AssertUntouched(text);

    [Theory]
    [InlineData("Order #234123412346 and order 234123412347 and ref 123456789012.")]
    [InlineData("Tracking 1Z999AA10123456784, ISBN 978-3-16-148410-0, UUID 550e8400-e29b-41d4-a716-446655440000.")]
    [InlineData("Account 1234567890, tracking 9876543210, zip 94103-1234, 12345 67890.")]
    public void Order_numbers_and_other_identifiers_are_left_alone(string text) => AssertUntouched(text);

    [Theory]
    [InlineData("Card 4111 1111 1111 1112 and 5555555555554445 fail Luhn.")]
    [InlineData("Luhn-valid but no issuer: 1234 5678 9012 3452, 9999999999999995.")]
    [InlineData("Aadhaar 2341 2341 2347 fails Verhoeff; 1341 2341 2346 starts with 1.")]
    [InlineData("SSNs 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567, 123-45-0000, 078-05-1120.")]
    [InlineData("IBAN GB83 WEST 1234 5698 7654 32 has a wrong check; GB82 WEST 1234 5698 7654 is short.")]
    [InlineData("PAN ABCXE1234F has no valid holder type; abcpe1234f is lower case.")]
    public void Numbers_that_fail_their_checks_are_left_alone(string text) => AssertUntouched(text);

    [Theory]
    [InlineData("MAC 00:1A:2B:3C:4D:5E, std::vector, Foo::Bar, a::b, 12:30:45, note: done.")]
    [InlineData("Mention @priya, user@localhost, a@b.c, name at example dot com.")]
    [InlineData("{\"id\": 42, \"at\": \"2024-01-15T10:30:00Z\", \"price\": 1299.99, \"v\": \"1.2.3\"}")]
    public void Code_mentions_and_json_structure_are_left_alone(string text) => AssertUntouched(text);

    [Fact]
    public void Generated_prose_without_personal_data_has_no_findings()
    {
        foreach (var message in TextPiiCorpus.Messages(2_000, piiEvery: 0, seed: 7)) AssertUntouched(message);
    }

    [Fact]
    public void Digits_glued_to_words_are_left_alone() =>
        AssertUntouched("Codes COVID19, A4111111111111111, 4111111111111111x, ab234123412346, _4111111111111111.");
}
