using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Dump;

namespace Obscura.Engine.Tests.Dump;

/// <summary>
/// The literals of each dialect's script are exact: a table of edge values (quotes, backslashes, control characters,
/// NUL where the engine stores it, unicode, NaN and infinities where allowed, extreme integers, long decimals, negative
/// and long times, empty strings and blobs next to NULLs, SQLite's storage classes in an untyped column) dumped and
/// loaded with the client tool reads back exactly as the driver reads the source.
/// </summary>
public sealed class DumpLiteralTests
{
    private static readonly Dictionary<string, string[]> Setup = new()
    {
        ["postgres"] =
        [
            """
            CREATE TABLE edge (id int PRIMARY KEY, t text, f double precision, r real, n numeric(20,6), b bytea, big bigint, small smallint,
              ts timestamptz, tsl timestamp(6), tm time(6), d date, j jsonb, u uuid, flag boolean, arr int[], iv interval, ip inet)
            """,
            """
            INSERT INTO edge VALUES
            (1, E'quote '' dq " backslash \\ tab\t nl\n cr\r end \\N \\.', 'NaN', 'Infinity', 12345678901234.123456, '\x00ff105c0a', 9223372036854775807, 32767,
             '2024-02-29 23:59:59.999999+00', '2024-02-29 23:59:59.999999', '23:59:59.999999', '0001-01-01', '{"a": "b\\n\\u00e9", "n": [1, 2.5]}',
             'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true, '{1,NULL,3}', '1 year 2 days 03:04:05.6', '192.168.0.1/24'),
            (2, '', '-Infinity', '-0', -0.000001, '\x', -9223372036854775808, -32768, '1970-01-01 00:00:00+00', '1900-01-01 00:00:00', '00:00:00', '9999-12-31',
             '[]', '00000000-0000-0000-0000-000000000000', false, '{}', '-1 day', '::1'),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (4, 'unicode 漢字 🎉 é ﬁ' || repeat('x', 70000), 1e-300, 3.4e38, 0, '\x01020304', 0, 0, '2024-06-01 12:00:00.5+00', '2024-06-01 12:00:00.5', '12:00:00.5', '2000-01-01',
             '"text"', 'ffffffff-ffff-ffff-ffff-ffffffffffff', true, '{{1,2},{3,4}}', '00:00:00', '10.0.0.0/8')
            """,
            "CREATE TABLE counter (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)",
            "INSERT INTO counter (v) VALUES ('a'), ('b'), ('c')",
        ],
        ["mysql"] =
        [
            """
            CREATE TABLE edge (id int PRIMARY KEY, t longtext, f double, n decimal(20,6), b longblob, big bigint, ub bigint unsigned,
              dt datetime(6), tm time(6), d date, j json, flag tinyint(1), y year, bits bit(8), e enum('a','b c'), u uuid, g point) CHARACTER SET utf8mb4
            """,
            """
            INSERT INTO edge VALUES
            (1, CONCAT('quote '' dq " backslash \\ tab\t nl\n cr\r ctrlz', CHAR(26), ' nul', CHAR(0), ' end'), 1.7976931348623157e308, 12345678901234.123456,
             X'00ff105c0a27', 9223372036854775807, 18446744073709551615, '2024-02-29 23:59:59.999999', '-838:59:59.000000', '1000-01-01',
             '{"a": "b\\n\\u00e9", "n": [1, 2.5]}', 1, 2155, b'10100101', 'b c', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', POINT(1.5, -2.25)),
            (2, '', -0.0, -0.000001, X'', -9223372036854775808, 0, '1970-01-01 00:00:00', '838:59:59.999999', '9999-12-31', '[]', 0, 1901, b'0', 'a',
             '00000000-0000-0000-0000-000000000000', POINT(0, 0)),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (4, CONCAT('unicode 漢字 🎉 é ﬁ', REPEAT('x', 70000)), 5e-324, 0, X'01020304', 0, 1, '2024-06-01 12:00:00.5', '-00:00:00.5', '2000-01-01', '"text"', 1, 2000,
             b'11111111', 'a', 'ffffffff-ffff-ffff-ffff-ffffffffffff', NULL)
            """,
            "CREATE TABLE counter (id bigint AUTO_INCREMENT PRIMARY KEY, v text)",
            "INSERT INTO counter (v) VALUES ('a'), ('b'), ('c')",
        ],
        ["sqlite"] =
        [
            "CREATE TABLE edge (id INTEGER PRIMARY KEY, t TEXT, f REAL, n NUMERIC, b BLOB, anything, d DATE, flag BOOLEAN)",
            """
            INSERT INTO edge VALUES
            (1, 'quote '' dq " backslash \ tab	 nl
             cr' || char(13) || ' nul' || char(0) || ' end', 9e999, 12345678901234.5, X'00ff105c0a27', 5, '2024-02-29', 1),
            (2, '', -9e999, -0.000001, X'', 5.0, '0001-01-01', 0),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (4, 'unicode 漢字 🎉 é ﬁ' || replace(hex(zeroblob(35000)), '0', 'x'), 1e-300, 1, X'01020304', '5', 'not a date', 1),
            (5, 'x', 1.0, 1.5, X'05', X'05', NULL, 2),
            (6, 'y', 0.1, 9223372036854775807, NULL, -9223372036854775808, NULL, NULL)
            """,
            "CREATE TABLE counter (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)",
            "INSERT INTO counter (v) VALUES ('a'), ('b'), ('c')",
        ],
    };

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    [InlineData("sqlite")]
    public async Task Edge_values_load_back_exactly(string provider)
    {
        var source = await TestDatabases.CreateAsync(provider, "dump_edge");
        await TestDatabases.ExecuteAsync(source, Setup[provider]);
        var file = Path.Combine(Path.GetTempPath(), "obscura-tests", TestDatabases.UniqueName("edge") + ".sql");
        var result = await new DumpService(ObscuraRuntime.CreateDefault()).RunAsync(new DumpOptions { Source = source, Output = file });
        Assert.True(result.Succeeded, result.Summary.Error);
        var loaded = await TestDatabases.CreateAsync(provider, "dump_edge_load");
        await ClientTools.LoadAsync(loaded, file);

        var d = TestDatabases.Registry.Resolve(source).Dialect;
        var select = provider switch
        {
            "postgres" => "SELECT id, t, f, r, n, b, big, small, ts, tsl, tm, d, j::text, u, flag, arr::text, iv::text, ip::text FROM edge ORDER BY id",
            "mysql" => "SELECT id, t, f, n, b, big, ub, dt, tm, d, j, flag, y, bits, e, u, ST_AsText(g), ST_SRID(g) FROM edge ORDER BY id",
            _ => "SELECT * FROM edge ORDER BY id",
        };
        Assert.Equal(2, result.Summary.Tables.Count);
        var expected = await TestDatabases.QueryAsync(source, select);
        var actual = await TestDatabases.QueryAsync(loaded, select);
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            for (var c = 0; c < expected[r].Length; c++)
            {
                var e = expected[r][c];
                var a = actual[r][c];
                var same = e is byte[] eb ? a is byte[] ab && eb.AsSpan().SequenceEqual(ab) : Equals(e, a) && e?.GetType() == a?.GetType();
                Assert.True(same, $"{provider} row {r + 1} column {c + 1}: expected {Show(e)}, got {Show(a)}");
            }
        }
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    [InlineData("sqlite")]
    public async Task Identity_columns_continue_after_the_loaded_rows(string provider)
    {
        var source = await TestDatabases.CreateAsync(provider, "dump_ident");
        await TestDatabases.ExecuteAsync(source, Setup[provider]);
        var file = Path.Combine(Path.GetTempPath(), "obscura-tests", TestDatabases.UniqueName("ident") + ".sql");
        var result = await new DumpService(ObscuraRuntime.CreateDefault()).RunAsync(new DumpOptions { Source = source, Output = file, Tables = ["counter"] });
        Assert.True(result.Succeeded, result.Summary.Error);
        var loaded = await TestDatabases.CreateAsync(provider, "dump_ident_load");
        await ClientTools.LoadAsync(loaded, file);
        await TestDatabases.ExecuteAsync(loaded, "INSERT INTO counter (v) VALUES ('d')");
        var rows = await TestDatabases.QueryAsync(loaded, "SELECT id, v FROM counter ORDER BY id");
        Assert.Equal(["1:a", "2:b", "3:c", "4:d"], rows.Select(r => $"{r[0]}:{r[1]}").ToArray());
    }

    private static string Show(object? v) => v switch
    {
        null => "NULL",
        string s when s.Length > 80 => $"<{s.Length} chars>",
        byte[] b => Convert.ToHexString(b),
        _ => $"{v} ({v.GetType().Name})",
    };
}
