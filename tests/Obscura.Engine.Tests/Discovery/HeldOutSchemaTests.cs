using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bogus;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Discovery;
using Xunit.Abstractions;

namespace Obscura.Engine.Tests.Discovery;

/// <summary>
/// A schema written after the detector was tuned on the sample databases, to see how it does on names it was not
/// shaped on: terse legacy abbreviations (<c>fnm</c>, <c>mob_no</c>, <c>kyc_doc_no</c>), personal data that only the values
/// give away (PANs under a neutral name, recipients in <c>ship_to</c>), and decoys (<c>hostname</c>, <c>zip_file</c>, <c>tip</c>,
/// <c>shipping_method</c>, product names and descriptions). Labels were written with the schema, before the first run.
/// First run: 19 of 20 found, no false positive (recipients' names in <c>ship_to</c> missed); the ship_to/bill_to rule was
/// added after it, so this schema is no longer held out (docs/discovery.md).
/// </summary>
public sealed class HeldOutSchemaTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> Truth = new(StringComparer.Ordinal)
    {
        "tblcustmstr.fnm", "tblcustmstr.lnm", "tblcustmstr.emailaddr", "tblcustmstr.mobno", "tblcustmstr.dob", "tblcustmstr.addrline1",
        "tblcustmstr.pincode", "tblcustmstr.kycdocno", "tblcustmstr.remarks",
        "orders.shipto", "orders.clientip",
        "devicelog.mac", "devicelog.lat", "devicelog.lng",
        "emp.name", "emp.ssnno", "emp.iban", "emp.pwd", "emp.photo",
        "payloadevents.data",
    };

    private const string Schema = """
        CREATE TABLE tbl_cust_mstr (cust_no INTEGER PRIMARY KEY, fnm TEXT, lnm TEXT, e_mail_addr TEXT, mob_no TEXT, dob TEXT, addr_line1 TEXT,
            pin_code TEXT, gndr TEXT, crt_dt TEXT, kyc_doc_no TEXT, remarks TEXT, cust_segment TEXT, loyalty_pts INTEGER);
        CREATE TABLE orders (order_id INTEGER PRIMARY KEY, cust_no INTEGER REFERENCES tbl_cust_mstr (cust_no), order_dt TEXT, amount REAL,
            ship_to TEXT, delivery_instructions TEXT, client_ip TEXT, shipping_method TEXT, tip REAL);
        CREATE TABLE device_log (log_id INTEGER PRIMARY KEY, mac TEXT, lat REAL, lng REAL, hostname TEXT, filename TEXT, zip_file TEXT, fw_version TEXT);
        CREATE TABLE product (sku TEXT PRIMARY KEY, name TEXT, description TEXT, price REAL, category TEXT);
        CREATE TABLE emp (id INTEGER PRIMARY KEY, name TEXT, ssn_no TEXT, iban TEXT, pwd TEXT, manager_id INTEGER REFERENCES emp (id), joined_on DATE,
            photo BLOB, dept TEXT, salary_band TEXT);
        CREATE TABLE payload_events (event_id INTEGER PRIMARY KEY, event_type TEXT, data TEXT, created_at TEXT)
        """;

    [Fact]
    public async Task Scan_generalises_to_a_schema_it_was_not_tuned_on()
    {
        var uri = await CreateAsync();
        var runtime = ObscuraRuntime.CreateDefault();
        await using var endpoint = runtime.Connect(uri);
        var result = await new ScanService(runtime).ScanAsync(endpoint, new ScanOptions(), CancellationToken.None);

        int tp = 0, fp = 0, fn = 0;
        foreach (var f in result.Findings)
        {
            var truth = Truth.Contains(GroundTruth.Key(f.Table.Name, f.Column));
            if (truth && f.IsPii) tp++;
            else if (truth) { fn++; output.WriteLine($"  missed: {f.Table}.{f.Column} ({f.Evidence})"); }
            else if (f.IsPii) { fp++; output.WriteLine($"  wrong:  {f.Table}.{f.Column} as {f.Kind} ({f.Evidence})"); }
        }
        var recall = (double)tp / (tp + fn);
        var precision = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"held-out schema: columns {result.Findings.Count}  PII {tp + fn}  TP {tp} FP {fp} FN {fn}  recall {recall:0.000}  precision {precision:0.000}"));
        output.WriteLine(result.Draft.Yaml);
        Assert.Empty(result.Draft.MapperErrors);
        Assert.DoesNotContain(result.Draft.Diagnostics, d => d.Severity == Severity.Error);
        Assert.True(recall >= 0.90, $"recall {recall:0.000}");
        Assert.True(precision >= 0.90, $"precision {precision:0.000}");
    }

    private static async Task<DatabaseUri> CreateAsync()
    {
        var uri = await TestDatabases.CreateAsync("sqlite", "scan_heldout");
        await TestDatabases.ExecuteAsync(uri, Schema.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var runtime = ObscuraRuntime.CreateDefault();
        await using var endpoint = runtime.Connect(uri);
        await using var conn = await endpoint.OpenAsync(CancellationToken.None);
        var catalog = await endpoint.Provider.InspectAsync(conn, CancellationToken.None);
        var writer = endpoint.Provider.CreateBulkWriter();
        foreach (var (table, rows) in Rows())
        {
            var t = catalog.FindTable(table)!;
            using var reader = new RowSourceReader(t.Columns, rows);
            await writer.WriteAsync(conn, t, reader, null, CancellationToken.None);
        }
        return uri;
    }

    private static IEnumerable<(string, IEnumerable<object?[]>)> Rows()
    {
        yield return ("tbl_cust_mstr", Customers());
        yield return ("orders", Orders());
        yield return ("device_log", Devices());
        yield return ("product", Products());
        yield return ("emp", Employees());
        yield return ("payload_events", Events());
    }

    private static Faker F(int seed, string locale = "en") => new(locale) { Random = new Randomizer(seed) };

    private static IEnumerable<object?[]> Customers()
    {
        var en = F(11);
        var ind = F(12, "en_IND");
        for (var i = 1; i <= 300; i++)
        {
            var f = i % 2 == 0 ? en : ind;
            var first = f.Name.FirstName();
            var last = f.Name.LastName();
            var dob = f.Date.Between(new DateTime(1950, 1, 1), new DateTime(2005, 12, 31));
            var pan = $"{f.Random.String2(3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")}P{last.ToUpperInvariant()[0]}{f.Random.Int(1000, 9999)}{f.Random.String2(1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")}";
            var remark = f.Random.Int(0, 9) switch
            {
                0 or 1 => $"Asked us to call back on +91 9{f.Random.Int(1000, 9999)} {f.Random.Int(10000, 99999)} after 6 pm.",
                2 => $"Statement re-sent to {f.Internet.Email(first, last)} on request.",
                3 or 4 => "Prefers delivery in the evening; building has no lift.",
                _ => null,
            };
            yield return
            [
                (long)i, first, last, f.Internet.Email(first, last), $"+91 {f.Random.Int(6, 9)}{f.Random.Int(1000, 9999)} {f.Random.Int(10000, 99999)}",
                dob.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), f.Address.StreetAddress(), f.Random.Int(110001, 855126).ToString(CultureInfo.InvariantCulture),
                f.PickRandom("M", "F"), f.Date.Between(new DateTime(2019, 1, 1), new DateTime(2024, 12, 31)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                pan, remark, f.PickRandom("gold", "silver", "bronze"), (long)f.Random.Int(0, 5000),
            ];
        }
    }

    private static IEnumerable<object?[]> Orders()
    {
        var f = F(13);
        for (var i = 1; i <= 600; i++)
        {
            yield return
            [
                (long)i, (long)f.Random.Int(1, 300), f.Date.Between(new DateTime(2022, 1, 1), new DateTime(2024, 12, 31)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Math.Round(f.Random.Double(5, 500), 2), f.Name.FullName(), f.PickRandom("Leave at the door", "Call before delivery", "Ring twice", null),
                f.Internet.Ip(), f.PickRandom("standard", "express", "pickup"), Math.Round(f.Random.Double(0, 20), 2),
            ];
        }
    }

    private static IEnumerable<object?[]> Devices()
    {
        var f = F(14);
        for (var i = 1; i <= 400; i++)
        {
            yield return
            [
                (long)i, f.Internet.Mac(), f.Address.Latitude(), f.Address.Longitude(), f.Internet.DomainWord() + "-srv", f.System.FileName(),
                f.System.FileName("zip"), $"{f.Random.Int(1, 4)}.{f.Random.Int(0, 9)}.{f.Random.Int(0, 20)}",
            ];
        }
    }

    private static IEnumerable<object?[]> Products()
    {
        var f = F(15);
        for (var i = 1; i <= 50; i++)
        {
            yield return [$"SKU-{1000 + i}", f.Commerce.ProductName(), f.Commerce.ProductDescription(), Math.Round(f.Random.Double(1, 900), 2), f.Commerce.Categories(1)[0]];
        }
    }

    private static IEnumerable<object?[]> Employees()
    {
        var f = F(16);
        for (var i = 1; i <= 80; i++)
        {
            var area = f.Random.Int(1, 665);
            var photo = new byte[64];
            f.Random.Bytes(64).CopyTo(photo, 0);
            new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(photo, 0);
            yield return
            [
                (long)i, f.Name.FullName(), $"{area:D3}-{f.Random.Int(1, 99):D2}-{f.Random.Int(1, 9999):D4}", f.Finance.Iban(),
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("pw" + i))), i <= 5 ? null : (long)f.Random.Int(1, 5),
                DateOnly.FromDateTime(f.Date.Between(new DateTime(2005, 1, 1), new DateTime(2024, 1, 1))), photo,
                f.Commerce.Department(), f.PickRandom("B1", "B2", "B3"),
            ];
        }
    }

    private static IEnumerable<object?[]> Events()
    {
        var f = F(17);
        for (var i = 1; i <= 200; i++)
        {
            var data = $$"""{"user":{"email":"{{f.Internet.Email()}}","phone":"+44 20 7946 {{f.Random.Int(1000, 9999)}}"},"cart":{{f.Random.Int(1, 9)}}}""";
            yield return [(long)i, f.PickRandom("checkout", "login", "signup"), data, f.Date.Recent(30).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)];
        }
    }
}
