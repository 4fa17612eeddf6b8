using System.Globalization;
using System.Text;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Engine.Tests.Generate;

/// <summary>
/// A seeded source for profile-following generation: <c>customers</c> with a skewed integer, a decimal with NULLs, a
/// date skewed to recent years, a skewed categorical, free text with NULLs and a personal-data e-mail; <c>orders</c>
/// referencing customers with a skewed fan-out (many customers without orders, a few with dozens), a timestamp and a
/// status. The values written are kept in memory as the truth to compare against.
/// </summary>
public sealed class ProfiledSource
{
    /// <summary>Segment names and their weights (skewed).</summary>
    public static readonly (string Value, double Weight)[] Segments =
        [("retail", 50), ("wholesale", 20), ("online", 12), ("partner", 10), ("staff", 5), ("government", 3)];

    /// <summary>Order statuses and their weights.</summary>
    public static readonly (string Value, double Weight)[] Statuses = [("delivered", 70), ("shipped", 15), ("cancelled", 10), ("returned", 5)];

    /// <summary>A segment value that occurs exactly once (must never be released with --epsilon).</summary>
    public const string RareSegment = "singleton-segment-7f3a";

    private static readonly string[] Words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];

    private ProfiledSource(DatabaseUri uri) => Uri = uri;

    /// <summary>The database.</summary>
    public DatabaseUri Uri { get; }

    /// <summary>customers.score per row.</summary>
    public List<long> Score { get; } = [];
    /// <summary>customers.amount per row (null for NULL).</summary>
    public List<decimal?> Amount { get; } = [];
    /// <summary>customers.joined per row.</summary>
    public List<DateOnly> Joined { get; } = [];
    /// <summary>customers.segment per row.</summary>
    public List<string> Segment { get; } = [];
    /// <summary>customers.note per row (null for NULL).</summary>
    public List<string?> Note { get; } = [];
    /// <summary>Orders per customer, in customer order.</summary>
    public List<int> OrdersPerCustomer { get; } = [];
    /// <summary>orders.placed_at per row.</summary>
    public List<DateTime> PlacedAt { get; } = [];
    /// <summary>orders.status per row.</summary>
    public List<string> Status { get; } = [];

    /// <summary>Creates and fills the source in a fresh database of <paramref name="provider"/>.</summary>
    public static async Task<ProfiledSource> CreateAsync(string provider, int customers, int seed = 42)
    {
        var uri = await TestDatabases.CreateAsync(provider, "genprof");
        var source = new ProfiledSource(uri);
        var timestamp = provider == "postgres" ? "TIMESTAMP" : "DATETIME";
        await TestDatabases.ExecuteAsync(uri,
            "CREATE TABLE customers (id INTEGER NOT NULL PRIMARY KEY, segment VARCHAR(40) NOT NULL, score INTEGER NOT NULL, amount DECIMAL(10,2), " +
            "joined DATE NOT NULL, note VARCHAR(200), email VARCHAR(100))",
            $"CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id), placed_at {timestamp} NOT NULL, status VARCHAR(12) NOT NULL)");
        var rng = new Random(seed);
        var customerRows = new List<string>();
        var orderRows = new List<string>();
        var orderId = 0;
        for (var id = 1; id <= customers; id++)
        {
            var segment = id == customers / 2 ? RareSegment : Pick(rng, Segments);
            var score = (long)Math.Floor(Math.Exp(3 + 0.8 * Normal(rng)));
            decimal? amount = rng.NextDouble() < 0.1 ? null : Math.Round((decimal)(-Math.Log(1 - rng.NextDouble()) * 250), 2);
            // Recent years more likely: the square root of a uniform leans towards 1.
            var joined = new DateOnly(2015, 1, 1).AddDays((int)(Math.Sqrt(rng.NextDouble()) * 3650));
            string? note = rng.NextDouble() < 0.3 ? null : string.Join(' ', Enumerable.Range(0, 1 + rng.Next(8)).Select(_ => Words[rng.Next(Words.Length)]));
            source.Segment.Add(segment);
            source.Score.Add(score);
            source.Amount.Add(amount);
            source.Joined.Add(joined);
            source.Note.Add(note);
            customerRows.Add($"({id}, '{segment}', {score}, {Sql(amount)}, '{joined:yyyy-MM-dd}', {(note is null ? "NULL" : $"'{note}'")}, 'person{id}@example.org')");

            var u = rng.NextDouble();
            var children = u < 0.3 ? 0 : u < 0.98 ? Geometric(rng, 0.35) + 1 : 20 + rng.Next(21);
            source.OrdersPerCustomer.Add(children);
            for (var c = 0; c < children; c++)
            {
                var placed = joined.ToDateTime(TimeOnly.MinValue).AddSeconds(rng.Next(0, 86400 * 365));
                var status = Pick(rng, Statuses);
                source.PlacedAt.Add(placed);
                source.Status.Add(status);
                orderRows.Add($"({++orderId}, {id}, '{placed:yyyy-MM-dd HH:mm:ss}', '{status}')");
            }
        }
        await InsertAsync(uri, "customers", customerRows);
        await InsertAsync(uri, "orders", orderRows);
        return source;
    }

    private static async Task InsertAsync(DatabaseUri uri, string table, List<string> rows)
    {
        var statements = new List<string>();
        for (var i = 0; i < rows.Count; i += 500)
            statements.Add($"INSERT INTO {table} VALUES " + string.Join(", ", rows.Skip(i).Take(500)));
        await TestDatabases.ExecuteAsync(uri, [.. statements]);
    }

    private static string Sql(decimal? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "NULL";

    private static string Pick(Random rng, (string Value, double Weight)[] choices)
    {
        var x = rng.NextDouble() * choices.Sum(c => c.Weight);
        foreach (var (value, weight) in choices)
        {
            if ((x -= weight) < 0) return value;
        }
        return choices[^1].Value;
    }

    private static int Geometric(Random rng, double p) => (int)Math.Floor(Math.Log(1 - rng.NextDouble()) / Math.Log(1 - p));

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
