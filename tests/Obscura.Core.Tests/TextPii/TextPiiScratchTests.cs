using Obscura.Core.Discovery;
using Xunit.Abstractions;

namespace Obscura.Core.Tests.TextPii;

public sealed class TextPiiScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        string[] samples =
        [
            "Mail priya.sharma@gmail.com or call +91 98765 43210 today.",
            "US office +1 (415) 555-0132, London 020 7946 0958, or (415) 555-0133 and 415-555-0134.",
            "Aadhaar 2341 2341 2346 and plain 234123412346, PAN ABCPE1234F, SSN 123-45-6789.",
            "Card 4111 1111 1111 1111, amex 3782-822463-10005, plain 5555555555554444.",
            "IBAN GB82 WEST 1234 5698 7654 32 and DE89370400440532013000.",
            "Hosts 192.168.1.10:8080, 8.8.8.8, 2001:db8::1 and fe80::1%eth0 and ::ffff:192.0.2.1.",
            "On 2024-01-15 at 10:30:15 we sold 1,299.99 USD of v1.2.3 (build 10.0.19041.1), order #123456789012, order 123456789012.",
            "{\"email\":\"a.b@example.org\",\"aadhaar\": 234123412346,\"phone\":\"\\n+44 20 7946 0958\"}",
        ];
        var all = 0;
        foreach (var m in TextPiiCorpus.Messages(12_000, 20))
        {
            var n = 0;
            foreach (var span in PiiScanner.Default.EnumerateSpans(m)) n++;
            all += n;
            if (n == 0 && m.Contains(" at ", StringComparison.Ordinal)) output.WriteLine("MISSED? " + m);
        }
        output.WriteLine("all " + all);
        foreach (var s in samples)
        {
            output.WriteLine(s);
            foreach (var span in PiiScanner.Default.EnumerateSpans(s)) output.WriteLine($"   {span.Kind}: '{s.Substring(span.Start, span.Length)}'");
            output.WriteLine("   fake: " + TextPiiBind.Scrub(s));
            output.WriteLine("   mask: " + TextPiiBind.Scrub(s, "mode", "mask"));
            output.WriteLine("   tag:  " + TextPiiBind.Scrub(s, "mode", "tag"));
        }
    }
}
