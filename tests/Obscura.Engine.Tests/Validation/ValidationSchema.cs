using System.Globalization;
using System.Text;
using Obscura.Core.Config;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Engine.Tests.Validation;

/// <summary>
/// A small shop: customers (full_name and email transformed), orders (physical FK), tickets (logical relation only),
/// subscribers (natural text key). The target is written by hand, as an anonymized copy whose constraints were lost,
/// so defects can be planted: an orphan, a duplicate, a NULL, and original values copied into untransformed text.
/// </summary>
internal static class ValidationSchema
{
    public const int Customers = 40;
    private static readonly string[] First = ["Ishaan", "Meera", "Farhan", "Lakshmi", "Devika", "Rohan", "Tanvi", "Kabir"];
    private static readonly string[] Last = ["Raghunathan", "Kulkarni", "Bhattacharya", "Menon", "Chaudhary"];
    private static readonly string[] Cities = ["Pune", "Mysuru", "Kochi", "Indore"];

    public static string FullName(int id) => $"{First[id % First.Length]} {Last[id % Last.Length]}";
    public static string Email(int id) => $"person{id}.contact@example.org";

    /// <summary>The source full name planted in a sentence of customers 11's notes.</summary>
    public static string PlantedName => FullName(3);
    /// <summary>The source email planted inside customer 12's JSON profile.</summary>
    public static string PlantedEmail => Email(4);
    /// <summary>The source email that becomes a subscriber's (untransformed) primary key.</summary>
    public static string PlantedKey => Email(9);

    public const string Config = """
        tables:
          customers:
            columns:
              full_name: { strategy: hash }
              email:     { strategy: hash }
        """;

    public static IReadOnlyList<RelationRule> Relations { get; } =
    [
        new RelationRule { Table = "tickets", Columns = ["customer_ref"], ReferencedTable = "customers", ReferencedColumns = ["id"] },
    ];

    private static string Json(string provider) => provider switch
    {
        "postgres" => "jsonb",
        "mysql" => "JSON",
        _ => "TEXT",
    };

    public static async Task<DatabaseUri> CreateSourceAsync(string provider)
    {
        var uri = await TestDatabases.CreateAsync(provider, "val_src");
        await TestDatabases.ExecuteAsync(uri,
            $"CREATE TABLE customers (id INTEGER PRIMARY KEY, full_name VARCHAR(100) NOT NULL, email VARCHAR(120) NOT NULL, city VARCHAR(60), notes TEXT, profile {Json(provider)}, UNIQUE (email))",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, memo VARCHAR(200), FOREIGN KEY (customer_id) REFERENCES customers (id))",
            "CREATE TABLE tickets (id INTEGER PRIMARY KEY, customer_ref INTEGER)",
            "CREATE TABLE subscribers (email VARCHAR(120) PRIMARY KEY, note TEXT)");
        await FillAsync(uri, FullName, Email);
        return uri;
    }

    /// <summary>An anonymized target without constraints (other than primary keys); with <paramref name="plant"/>, the defects.</summary>
    public static async Task<DatabaseUri> CreateTargetAsync(string provider, bool plant)
    {
        var uri = await TestDatabases.CreateAsync(provider, "val_dst");
        await TestDatabases.ExecuteAsync(uri,
            $"CREATE TABLE customers (id INTEGER PRIMARY KEY, full_name VARCHAR(100), email VARCHAR(120), city VARCHAR(60), notes TEXT, profile {Json(provider)})",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, memo VARCHAR(200))",
            "CREATE TABLE tickets (id INTEGER PRIMARY KEY, customer_ref INTEGER)",
            "CREATE TABLE subscribers (email VARCHAR(120) PRIMARY KEY, note TEXT)");
        await FillAsync(uri, id => $"Anon {id}", id => $"anon{id}@example.invalid");
        if (!plant) return uri;
        await TestDatabases.ExecuteAsync(uri,
            "UPDATE orders SET customer_id = 999 WHERE id = 107",
            "UPDATE tickets SET customer_ref = 777 WHERE id = 4",
            "UPDATE tickets SET customer_ref = 778 WHERE id = 5",
            "UPDATE customers SET email = 'anon5@example.invalid' WHERE id = 6",
            "UPDATE customers SET full_name = NULL WHERE id = 8",
            $"UPDATE customers SET notes = 'Spoke with {PlantedName} about the refund; call back Monday.' WHERE id = 11",
            $"UPDATE customers SET profile = '{{\"tier\": \"gold\", \"contact\": {{\"email\": \"{PlantedEmail}\", \"verified\": true}}}}' WHERE id = 12",
            $"UPDATE subscribers SET email = '{PlantedKey}' WHERE email = 'subscriber2@example.net'");
        return uri;
    }

    private static async Task FillAsync(DatabaseUri uri, Func<int, string> name, Func<int, string> email)
    {
        var customers = new StringBuilder("INSERT INTO customers (id, full_name, email, city, notes, profile) VALUES ");
        var orders = new StringBuilder("INSERT INTO orders (id, customer_id, memo) VALUES ");
        var tickets = new StringBuilder("INSERT INTO tickets (id, customer_ref) VALUES ");
        for (var i = 1; i <= Customers; i++)
        {
            var sep = i == 1 ? "" : ", ";
            customers.Append(CultureInfo.InvariantCulture, $"{sep}({i}, '{name(i)}', '{email(i)}', '{Cities[i % Cities.Length]}', 'Prefers email contact', '{{\"tier\": \"silver\", \"visits\": {i}}}')");
            orders.Append(CultureInfo.InvariantCulture, $"{sep}({100 + i}, {i}, 'Order for delivery')");
            if (i <= 10) tickets.Append(CultureInfo.InvariantCulture, $"{sep}({i}, {i})");
        }
        await TestDatabases.ExecuteAsync(uri, customers.ToString(), orders.ToString(), tickets.ToString(),
            "INSERT INTO subscribers (email, note) VALUES ('subscriber1@example.net', 'weekly digest'), ('subscriber2@example.net', 'weekly digest'), ('subscriber3@example.net', 'monthly')");
    }
}
