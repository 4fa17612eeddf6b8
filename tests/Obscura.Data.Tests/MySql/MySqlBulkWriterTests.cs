using System.Data.Common;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests.MySql;

/// <summary>The bulk writer (MySqlBulkCopy) and the reader: native MariaDB types round-trip with NULLs, extremes and unicode.</summary>
public sealed class MySqlBulkWriterTests
{
    private static readonly string LargeText = string.Concat(Enumerable.Repeat("नमस्ते 你好 🎉 ", 1_000_000 / 12)) + "end";

    private static readonly byte[] LargeBlob = Enumerable.Range(0, 1_048_576).Select(i => (byte)(i * 31)).ToArray();

    /// <summary>Columns as MariaDB declares them, one per interesting type.</summary>
    private static readonly (string Name, string Type, TypeClass Class)[] Native =
    [
        ("id", "bigint NOT NULL PRIMARY KEY", TypeClass.Integer),
        ("i8", "tinyint", TypeClass.Integer),
        ("u8", "tinyint unsigned", TypeClass.Integer),
        ("i16", "smallint", TypeClass.Integer),
        ("u16", "smallint unsigned", TypeClass.Integer),
        ("i24", "mediumint", TypeClass.Integer),
        ("u24", "mediumint unsigned", TypeClass.Integer),
        ("i32", "int", TypeClass.Integer),
        ("u32", "int unsigned", TypeClass.Integer),
        ("i64", "bigint", TypeClass.Integer),
        ("wide", "decimal(65,30)", TypeClass.Decimal),
        ("money", "decimal(19,4)", TypeClass.Decimal),
        ("f", "float", TypeClass.Float),
        ("d", "double", TypeClass.Float),
        ("flag", "tinyint(1)", TypeClass.Boolean),
        ("bitflag", "bit(1)", TypeClass.Boolean),
        ("day", "date", TypeClass.Date),
        ("seen", "datetime(6)", TypeClass.DateTime),
        ("at", "timestamp(6) NULL", TypeClass.DateTimeOffset),
        ("clock", "time(6)", TypeClass.Time),
        ("uid", "uuid", TypeClass.Uuid),
        ("uid_text", "char(36)", TypeClass.Text),
        ("doc", "json", TypeClass.Json),
        ("name", "varchar(100)", TypeClass.Text),
        ("body", "longtext", TypeClass.Text),
        ("mood", "enum('happy','sad','it''s ok')", TypeClass.Text),
        ("ip", "inet6", TypeClass.Text),
        ("token", "binary(4)", TypeClass.Binary),
        ("bytes", "varbinary(300)", TypeClass.Binary),
        ("blob", "longblob", TypeClass.Binary),
    ];

    private static List<object?[]> Rows() =>
    [
        [
            1L, (long)sbyte.MinValue, 0L, (long)short.MinValue, 0L, -8_388_608L, 0L, (long)int.MinValue, 0L, long.MinValue,
            -79228162514264337593543950335m, -999999999999999.9999m, -3.4e38f, double.MinValue, false, false,
            new DateOnly(1000, 1, 1), new DateTime(1000, 1, 1, 0, 0, 0), new DateTimeOffset(1970, 1, 1, 0, 0, 1, TimeSpan.Zero),
            new TimeSpan(-838, 0, 0) + TimeSpan.FromSeconds(-59) - TimeSpan.FromMinutes(59), Guid.Empty, "00000000-0000-0000-0000-000000000000",
            "{}", "", "", "happy", "::", new byte[] { 0, 0, 0, 0 }, Array.Empty<byte>(), Array.Empty<byte>(),
        ],
        [
            2L, (long)sbyte.MaxValue, 255L, (long)short.MaxValue, 65_535L, 8_388_607L, 16_777_215L, (long)int.MaxValue, (long)uint.MaxValue, long.MaxValue,
            79228162514264337593543950335m, 999999999999999.9999m, 3.4e38f, double.MaxValue, true, true,
            new DateOnly(9999, 12, 31), new DateTime(9999, 12, 31, 23, 59, 59).AddTicks(9_999_990), new DateTimeOffset(2038, 1, 19, 3, 14, 7, TimeSpan.Zero),
            new TimeSpan(838, 59, 59), Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6",
            "{\"name\": \"देवनागरी 漢字 🎉\", \"n\": [1, 2.5, null]}", "देवनागरी 漢字 emoji 🎉👩‍💻", LargeText, "it's ok",
            "2001:db8::ff00:42:8329", new byte[] { 255, 254, 0, 1 }, new byte[] { 9, 10, 13, 92, 0, 39, 34 }, LargeBlob,
        ],
        [3L, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
        [
            4L, -1L, 1L, -1L, 1L, -1L, 1L, -1L, 1L, -1L, 0.0000000000000000000000000001m, 0.0001m, 1.5f, 2.2250738585072014E-308, true, false,
            new DateOnly(2024, 2, 29), new DateTime(2024, 2, 29, 12, 30, 45).AddTicks(1_234_560),
            new DateTimeOffset(2024, 2, 29, 14, 30, 45, TimeSpan.FromHours(2)).AddTicks(1_234_560), new TimeSpan(0, 12, 0, 0, 500, 1),
            Guid.Parse("00000000-0000-0000-0000-000000000001"), "not-a-uuid-at-all",
            "[]", "O'Brien \"quoted\" \\ back\\slash\ttab\nnewline\r\nwindows", "line1\nline2\t\\N", "sad", "::ffff:10.0.0.1",
            new byte[] { 9, 8, 7, 6 }, new byte[] { 0x5C, 0x4E }, new byte[] { 0 },
        ],
    ];

    private static Table NativeTable(Catalog catalog) => catalog.FindTable("native")!;

    private static async Task<(MySqlScratch Scratch, Table Table)> CreateNativeTableAsync()
    {
        var scratch = await MySqlScratch.CreateAsync("mybulk");
        await scratch.ExecuteAsync($"CREATE TABLE native ({string.Join(", ", Native.Select(c => $"`{c.Name}` {c.Type}"))})");
        return (scratch, NativeTable(await scratch.InspectAsync()));
    }

    private static async Task<long> LoadAsync(MySqlScratch scratch, Table table, IEnumerable<object?[]> rows, Action<long>? progress = null)
    {
        await using var conn = await scratch.OpenAsync();
        await scratch.Provider.PrepareForLoadAsync(conn, CancellationToken.None);
        using var reader = new RowSourceReader(table.Columns, rows);
        return await scratch.Provider.CreateBulkWriter().WriteAsync(conn, table, reader, progress, CancellationToken.None);
    }

    private static async Task<List<object?[]>> ReadCanonicalAsync(MySqlScratch scratch, Table table)
    {
        var dialect = scratch.Provider.Dialect;
        await using var conn = await scratch.OpenAsync();
        await using var reader = await scratch.Provider.ReadAsync(conn, dialect.SelectColumns(table.Name, table.Columns) + " ORDER BY `id`", CancellationToken.None);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = ValueCoercion.ToCanonical(reader.IsDBNull(i) ? null : reader.GetValue(i), table.Columns[i].TypeClass);
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task Inspected_native_types_get_the_expected_type_classes()
    {
        var (scratch, table) = await CreateNativeTableAsync();
        await using var _ = scratch;
        Assert.Equal(Native.Select(c => (c.Name, c.Class)), table.Columns.Select(c => (c.Name, c.TypeClass)));
    }

    [Fact]
    public async Task Every_type_class_round_trips_with_nulls_extremes_unicode_and_large_values()
    {
        var (scratch, table) = await CreateNativeTableAsync();
        await using var _ = scratch;
        var written = await LoadAsync(scratch, table, Rows());
        Assert.Equal(4, written);

        var actual = await ReadCanonicalAsync(scratch, table);
        var expected = Rows();
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            for (var i = 0; i < Native.Length; i++)
            {
                var want = expected[r][i];
                var column = table.Columns[i];
                // What MariaDB itself changes: float keeps single precision, a char(36) is text, a Guid text is lower-case.
                want = (column.Name, want) switch
                {
                    ("f", float x) => (double)x,
                    ("uid_text", string s) => s,
                    _ => ValueCoercion.ToCanonical(want, column.TypeClass),
                };
                ValueAssert.Same(want, actual[r][i], column.TypeClass, $"row {r}, column {column.Name}");
            }
        }
    }

    [Fact]
    public async Task Timestamps_are_written_and_read_as_utc_whatever_the_offset_of_the_value()
    {
        var (scratch, table) = await CreateNativeTableAsync();
        await using var _ = scratch;
        await LoadAsync(scratch, table, Rows());
        // 14:30:45+02:00 is 12:30:45 UTC: the epoch seconds prove the instant, not just the wall clock.
        var epoch = await scratch.QueryAsync("SELECT UNIX_TIMESTAMP(`at`) FROM native WHERE id = 4");
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 12, 30, 45, TimeSpan.Zero).ToUnixTimeSeconds(), (long)Convert.ToDecimal(epoch[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Unsigned_bigint_keeps_its_full_range()
    {
        await using var scratch = await MySqlScratch.CreateAsync("myu64");
        await scratch.ExecuteAsync("CREATE TABLE u (id int NOT NULL, v bigint unsigned NULL)");
        var table = (await scratch.InspectAsync()).FindTable("u")!;
        Assert.Equal(2, await LoadAsync(scratch, table, [[1L, ulong.MaxValue], [2L, 0UL]]));
        var rows = await scratch.QueryAsync("SELECT v FROM u ORDER BY id");
        Assert.Equal(ulong.MaxValue, rows[0][0]);
        Assert.Equal(0UL, rows[1][0]);
    }

    [Fact]
    public async Task Decimals_wider_than_system_decimal_copy_between_mariadb_tables_without_losing_digits()
    {
        await using var scratch = await MySqlScratch.CreateAsync("mywide");
        const string Value = "12345678901234567890123456789012345.123456789012345678901234567890";
        await scratch.ExecuteAsync(
            "CREATE TABLE src (id int NOT NULL, v decimal(65,30) NULL)",
            "CREATE TABLE dst (id int NOT NULL, v decimal(65,30) NULL)",
            $"INSERT INTO src VALUES (1, {Value}), (2, -{Value}), (3, NULL)");
        var catalog = await scratch.InspectAsync();
        var src = catalog.FindTable("src")!;
        await using (var readConn = await scratch.OpenAsync())
        await using (var reader = await scratch.Provider.ReadAsync(readConn, scratch.Provider.Dialect.SelectColumns(src.Name, src.Columns), CancellationToken.None))
        await using (var writeConn = await scratch.OpenAsync())
        {
            Assert.Equal(3, await scratch.Provider.CreateBulkWriter().WriteAsync(writeConn, catalog.FindTable("dst")!, reader, null, CancellationToken.None));
        }
        var rows = await scratch.QueryAsync("SELECT CAST(v AS CHAR) FROM dst ORDER BY id");
        Assert.Equal([Value, "-" + Value, null], rows.Select(r => r[0]));
    }

    [Fact]
    public async Task Spatial_bit_and_generated_columns_load_through_explicit_mappings()
    {
        await using var scratch = await MySqlScratch.CreateAsync("mygeo");
        await scratch.ExecuteAsync("""
            CREATE TABLE g (
              id int NOT NULL PRIMARY KEY, `we``ird name` point NULL, area geometry NULL, mask bit(8) NULL, ok bit(1) NULL,
              twice int GENERATED ALWAYS AS (id * 2) VIRTUAL, raw varbinary(10) NULL)
            """);
        var table = (await scratch.InspectAsync()).FindTable("g")!;
        var point = Convert.FromHexString("0101000000000000000000F03F0000000000000040");
        await LoadAsync(scratch, table, [[1L, point, point, 255UL, true, 999L, new byte[] { 1, 2 }], [2L, null, null, null, null, null, null]]);

        var rows = await scratch.QueryAsync("SELECT ST_AsText(`we``ird name`), ST_AsText(area), mask, ok, twice, raw FROM g ORDER BY id");
        Assert.Equal(["POINT(1 2)", "POINT(1 2)", 255UL, 1UL, 2, new byte[] { 1, 2 }], rows[0]);
        Assert.Equal([null, null, null, null, 4, null], rows[1]);
    }

    [Fact]
    public async Task Tables_with_year_columns_load_through_batched_inserts()
    {
        await using var scratch = await MySqlScratch.CreateAsync("myyear");
        await scratch.ExecuteAsync("CREATE TABLE y (id int NOT NULL PRIMARY KEY, born year NULL, home point NULL, raw blob NULL, twice int AS (id * 2) VIRTUAL)");
        var table = (await scratch.InspectAsync()).FindTable("y")!;
        var point = Convert.FromHexString("0101000000000000000000F03F0000000000000040");
        var rows = Enumerable.Range(1, 2_500).Select(i => new object?[] { (long)i, i % 2 == 0 ? 1901L + (i % 250) : null, i == 7 ? point : null, new byte[] { (byte)i }, null });
        var reported = new List<long>();
        Assert.Equal(2_500, await LoadAsync(scratch, table, rows, reported.Add));
        Assert.Equal(2_500, reported[^1]);
        Assert.Equal(2_500, await TestDatabases.CountAsync(scratch.Uri, "SELECT COUNT(*) FROM y"));
        var seven = await scratch.QueryAsync("SELECT born, ST_AsText(home), raw, twice FROM y WHERE id = 8 OR id = 7 ORDER BY id");
        Assert.Equal([null, "POINT(1 2)", new byte[] { 7 }, 14], seven[0]);
        Assert.Equal([1909, null, new byte[] { 8 }, 16], seven[1]);
    }

    [Fact]
    public async Task Values_of_other_engines_clr_types_are_coerced_for_the_column()
    {
        var (scratch, table) = await CreateNativeTableAsync();
        await using var _ = scratch;
        object?[] Row(long id, params (string Column, object Value)[] values)
        {
            var row = new object?[table.Columns.Count];
            row[0] = id;
            foreach (var (column, value) in values) row[table.Columns.ToList().FindIndex(c => c.Name == column)] = value;
            return row;
        }
        // Strings as SQLite keeps dates, numbers as other drivers return them, a Guid into char(36), DateTime with Kind Utc.
        await LoadAsync(scratch, table,
        [
            Row(1, ("i32", (short)5), ("u32", 7u), ("money", 1.25), ("flag", "true"), ("bitflag", 1L), ("day", "2024-03-01"),
                ("seen", "2024-03-01 10:11:12.5"), ("at", new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc)), ("clock", "10:11:12"),
                ("uid", "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6"), ("uid_text", Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")),
                ("name", 42L), ("bytes", "abc"), ("d", "2.5"), ("i64", 12.0m)),
            Row(2, ("day", new DateTime(2024, 3, 2, 0, 0, 0)), ("seen", new DateOnly(2024, 3, 2)), ("at", "2024-03-02T10:00:00+01:00"),
                ("clock", new TimeOnly(1, 2, 3)), ("flag", 0L), ("uid", new Guid("f81d4fae-7dec-11d0-a765-00a0c91e6bf6").ToByteArray(bigEndian: true))),
        ]);
        var rows = await ReadCanonicalAsync(scratch, table);
        object? At(int row, string column) => rows[row][table.Columns.ToList().FindIndex(c => c.Name == column)];
        Assert.Equal(5L, At(0, "i32"));
        Assert.Equal(7L, At(0, "u32"));
        Assert.Equal(1.25m, At(0, "money"));
        Assert.Equal(true, At(0, "flag"));
        Assert.Equal(true, At(0, "bitflag"));
        Assert.Equal(new DateOnly(2024, 3, 1), At(0, "day"));
        Assert.Equal(new DateTime(2024, 3, 1, 10, 11, 12, 500), At(0, "seen"));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), At(0, "at"));
        Assert.Equal(new TimeSpan(10, 11, 12), At(0, "clock"));
        Assert.Equal(Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), At(0, "uid"));
        Assert.Equal("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", At(0, "uid_text"));
        Assert.Equal("42", At(0, "name"));
        Assert.Equal("abc"u8.ToArray(), At(0, "bytes"));
        Assert.Equal(2.5, At(0, "d"));
        Assert.Equal(12L, At(0, "i64"));
        Assert.Equal(new DateOnly(2024, 3, 2), At(1, "day"));
        Assert.Equal(new DateTime(2024, 3, 2), At(1, "seen"));
        Assert.Equal(new DateTimeOffset(2024, 3, 2, 9, 0, 0, TimeSpan.Zero), At(1, "at"));
        Assert.Equal(new TimeSpan(1, 2, 3), At(1, "clock"));
        Assert.Equal(false, At(1, "flag"));
        Assert.Equal(Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), At(1, "uid"));
    }

    [Fact]
    public async Task Progress_is_reported_while_loading()
    {
        await using var scratch = await MySqlScratch.CreateAsync("myprog");
        await scratch.ExecuteAsync("CREATE TABLE p (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, v varchar(20) NULL)");
        var table = (await scratch.InspectAsync()).FindTable("p")!;
        var reported = new List<long>();
        // Id 0 in an AUTO_INCREMENT column stays 0 (NO_AUTO_VALUE_ON_ZERO).
        var written = await LoadAsync(scratch, table, Enumerable.Range(0, 25_000).Select(i => new object?[] { (long)i, "v" + i }), reported.Add);
        Assert.Equal(25_000, written);
        Assert.Contains(10_000L, reported);
        Assert.Equal(25_000, reported[^1]);
        Assert.Equal(0L, await TestDatabases.CountAsync(scratch.Uri, "SELECT MIN(id) FROM p"));
    }

    [Fact]
    public async Task A_value_the_column_cannot_hold_fails_the_load_naming_table_and_column_but_not_the_value()
    {
        await using var scratch = await MySqlScratch.CreateAsync("mytrunc");
        await scratch.ExecuteAsync("CREATE TABLE t (id int NOT NULL, code varchar(3) NULL, n tinyint NULL)");
        var table = (await scratch.InspectAsync()).FindTable("t")!;
        var ex = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => LoadAsync(scratch, table, [[1L, "SECRETVALUE", 1L]]));
        Assert.Contains("table t", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'code'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETVALUE", ex.Message, StringComparison.Ordinal);

        var overflow = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => LoadAsync(scratch, table, [[1L, "ok", 123456L]]));
        Assert.DoesNotContain("123456", overflow.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_cannot_be_converted_fails_without_quoting_it()
    {
        await using var scratch = await MySqlScratch.CreateAsync("mybad");
        await scratch.ExecuteAsync("CREATE TABLE t (id int NOT NULL, day date NULL)");
        var table = (await scratch.InspectAsync()).FindTable("t")!;
        var ex = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => LoadAsync(scratch, table, [[1L, "SECRET-NOT-A-DATE"]]));
        Assert.Contains("'day'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public async Task Duplicate_keys_fail_the_load_instead_of_being_skipped()
    {
        await using var scratch = await MySqlScratch.CreateAsync("mydup");
        await scratch.ExecuteAsync("CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v varchar(10) NULL)");
        var table = (await scratch.InspectAsync()).FindTable("t")!;
        var ex = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => LoadAsync(scratch, table, [[1L, "SECRET1"], [1L, "SECRET2"]]));
        Assert.Contains("loading table t", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_streams_rows_without_a_command_timeout()
    {
        await using var scratch = await MySqlScratch.CreateAsync("myread");
        await using var conn = await scratch.OpenAsync();
        await using DbDataReader reader = await scratch.Provider.ReadAsync(conn, "SELECT SLEEP(0.2) AS s, @@time_zone AS tz", CancellationToken.None);
        Assert.True(await reader.ReadAsync());
        Assert.Equal("+00:00", reader.GetString(1));
    }
}
