using System.Globalization;
using System.Text;

namespace Obscura.Core.Tests.TextPii;

/// <summary>
/// Generated support-ticket prose for throughput and false-positive measurements: sentences of ordinary words with the
/// numbers prose is full of (dates, times, prices, quantities, versions, order numbers, percentages) and, in some
/// messages, one or two items of personal data. Deterministic (seeded).
/// </summary>
internal static class TextPiiCorpus
{
    private static readonly string[] Words =
    [
        "the", "customer", "reported", "that", "their", "order", "was", "delayed", "and", "asked", "for", "a", "refund",
        "we", "checked", "warehouse", "system", "shipment", "left", "on", "time", "but", "courier", "lost", "track",
        "of", "it", "please", "advise", "next", "steps", "account", "updated", "invoice", "attached", "ticket", "closed",
        "agent", "escalated", "issue", "to", "team", "lead", "who", "approved", "credit", "note", "after", "review",
        "delivery", "address", "confirmed", "by", "phone", "email", "follow-up", "scheduled", "this", "week", "thanks",
        "regards", "payment", "failed", "retry", "succeeded", "later", "app", "crashed", "when", "opening", "settings",
        "Mumbai", "London", "Berlin", "Seattle", "support", "priority", "high", "low", "résumé", "naïve", "café",
    ];

    private static readonly string[] Pii =
    [
        "priya.sharma@gmail.com", "+91 98765 43210", "+1 (415) 555-0132", "020 7946 0958", "2341 2341 2346",
        "ABCPE1234F", "123-45-6789", "4111 1111 1111 1111", "GB82 WEST 1234 5698 7654 32", "10.20.30.40", "2001:db8::7334",
        "j.doe+billing@example.co.uk", "(415) 555-0199", "5555-5555-5555-4444", "DE89370400440532013000",
    ];

    /// <summary>Messages of roughly 150-1500 characters; about one in <paramref name="piiEvery"/> holds personal data (0: none).</summary>
    public static string[] Messages(int count, int piiEvery, int seed = 42)
    {
        var random = new Random(seed);
        var messages = new string[count];
        var b = new StringBuilder();
        for (var m = 0; m < count; m++)
        {
            b.Clear();
            var sentences = random.Next(2, 16);
            var withPii = piiEvery > 0 && random.Next(piiEvery) == 0;
            var piiAt = withPii ? random.Next(sentences) : -1;
            for (var s = 0; s < sentences; s++)
            {
                var words = random.Next(6, 16);
                for (var w = 0; w < words; w++)
                {
                    if (w > 0) b.Append(' ');
                    var word = Words[random.Next(Words.Length)];
                    b.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                    if (random.Next(7) == 0) b.Append(' ').Append(Number(random));
                }
                if (s == piiAt) b.Append(" at ").Append(Pii[random.Next(Pii.Length)]);
                b.Append(random.Next(5) == 0 ? ", see ref " + random.Next(1000, 99999).ToString(CultureInfo.InvariantCulture) + ". " : ". ");
            }
            messages[m] = b.ToString().TrimEnd();
        }
        return messages;
    }

    /// <summary>Digit-heavy web server log lines; about one in four carries the client's IPv4 address, one in forty an email.</summary>
    public static string[] LogLines(int count, int seed = 42)
    {
        var random = new Random(seed);
        var lines = new string[count];
        for (var i = 0; i < count; i++)
        {
            var client = random.Next(4) == 0 ? $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}" : "-";
            var user = random.Next(40) == 0 ? $" user=u{random.Next(1000)}@example.com" : string.Empty;
            lines[i] = string.Create(CultureInfo.InvariantCulture,
                $"2024-{random.Next(1, 13):00}-{random.Next(1, 29):00}T{random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}.{random.Next(1000):000}Z INFO [req {random.NextInt64():x16}] GET /api/v{random.Next(1, 4)}/orders/{random.Next(1_000_000)}?page={random.Next(1, 50)} {(random.Next(10) == 0 ? 404 : 200)} {random.Next(1, 900)}ms {random.Next(100, 99_999)} bytes client={client}{user}");
        }
        return lines;
    }

    /// <summary>Numbers that are not personal data.</summary>
    public static string Number(Random random) => random.Next(14) switch
    {
        0 => random.Next(1, 500).ToString(CultureInfo.InvariantCulture),
        1 => $"{random.Next(2015, 2026)}-{random.Next(1, 13):00}-{random.Next(1, 29):00}",
        2 => $"{random.Next(0, 24):00}:{random.Next(0, 60):00}",
        3 => $"${random.Next(1, 9999)}.{random.Next(0, 100):00}",
        4 => $"{random.Next(1, 99)},{random.Next(0, 1000):000}.{random.Next(0, 100):00} EUR",
        5 => $"v{random.Next(1, 20)}.{random.Next(0, 30)}.{random.Next(0, 200)}",
        6 => $"order #{random.NextInt64(100_000_000_000, 999_999_999_999)}",
        7 => $"{random.Next(1, 100)}%",
        8 => $"{random.Next(1, 31):00}/{random.Next(1, 13):00}/{random.Next(2015, 2026)}",
        9 => $"{random.Next(1, 30)}.{random.Next(1, 13)}.{random.Next(2015, 2026)}",
        10 => $"build {random.Next(1, 11)}.{random.Next(0, 10)}.{random.Next(10000, 30000)}.{random.Next(1, 999)}",
        11 => $"tracking {random.NextInt64(1_000_000_000, 9_999_999_999)}",
        12 => $"{random.Next(1, 10)}.{random.Next(0, 100)} kg",
        _ => $"{random.Next(1, 12)}:{random.Next(0, 60):00} pm",
    };
}
