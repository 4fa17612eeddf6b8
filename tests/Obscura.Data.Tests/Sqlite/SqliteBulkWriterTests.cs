using System.Data.Common;
using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests.Sqlite;

/// <summary>The bulk writer and reader: every type class round-trips, values are stored in SQLite's usual forms.</summary>
public sealed class SqliteBulkWriterTests
{
    private static readonly string LargeText = string.Concat(Enumerable.Repeat("नमस्ते 你好 🎉 ", 1_000_000 / 12)) + "end";

    private static readonly byte[] LargeBlob = Enumerable.Range(0, 1_048_576).Select(i => (byte)(i * 31)).ToArray();

    private static readonly Column[] Columns =
    [
        Col("id", "INTEGER", TypeClass.Integer),
        Col("int", "BIGINT", TypeClass.Integer),
        Col("amount", "NUMERIC(10,2)", TypeClass.Decimal),
        Col("exact", "DECIMAL_TEXT(29,10)", TypeClass.Decimal),
        Col("ratio", "DOUBLE PRECISION", TypeClass.Float),
        Col("flag", "BOOLEAN", TypeClass.Boolean),
        Col("born", "DATE", TypeClass.Date),
        Col("seen", "DATETIME", TypeClass.DateTime),
        Col("at", "TIMESTAMPTZ", TypeClass.DateTimeOffset),
        Col("clock", "TIME", TypeClass.Time),
        Col("uid", "UUID", TypeClass.Uuid),
        Col("doc", "JSON", TypeClass.Json),
        Col("bytes", "BLOB", TypeClass.Binary),
        Col("name", "VARCHAR(40)", TypeClass.Text),
        Col("body", "TEXT", TypeClass.Text),
        Col("other", "", TypeClass.Other),
    ];

    private static Column Col(string name, string type, TypeClass typeClass) => new() { Name = name, DeclaredType = type, TypeClass = typeClass };

    private static List<object?[]> Rows() =>
    [
        [
            1L, long.MinValue, -99999999.99m, -79228162514264337593543950335m, double.MinValue, false,
            DateOnly.MinValue, DateTime.MinValue, DateTimeOffset.MinValue, TimeSpan.Zero, Guid.Empty, "{}", Array.Empty<byte>(), "", "", "",
        ],
        [
            2L, long.MaxValue, 99999999.99m, 7922816251.4264337593m, double.MaxValue, true,
            DateOnly.MaxValue, DateTime.MaxValue, new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999),
            new TimeSpan(TimeSpan.TicksPerDay - 1), Guid.Parse("F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6"),
            "{\"name\":\"देवनागरी 漢字 🎉\",\"n\":[1,2.5,null]}", LargeBlob, "देवनागरी 漢字 emoji 🎉👩‍💻", LargeText, "free text",
        ],
        [3L, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
        [
            4L, 0L, 12.50m, 0.0000000001m, double.Epsilon, true, new DateOnly(2024, 2, 29), new DateTime(2024, 2, 29, 12, 30, 45).AddTicks(1_234_560),
            new DateTimeOffset(2024, 2, 29, 14, 30, 45, TimeSpan.FromHours(2)), new TimeSpan(0, 12, 0, 0, 500), Guid.NewGuid(), "[]",
            new byte[] { 0, 1, 2, 254, 255 }, "O'Brien \"quoted\" \\ back\\slash\ttab\nnewline\0nul", "line1\r\nline2", new byte[] { 9, 8 },
        ],
        [5L, -1L, 0.01m, 1m, double.NaN, false, new DateOnly(1970, 1, 1), new DateTime(1970, 1, 1), new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero),
         new TimeSpan(23, 59, 59), Guid.Parse("00000000-0000-0000-0000-000000000001"), "\"just a string\"", new byte[] { 0 }, "x", "y", 42L],
        [6L, 1L, 1m, -0.5m, double.PositiveInfinity, true, new DateOnly(2000, 1, 1), new DateTime(2000, 1, 1, 0, 0, 0, 1), DateTimeOffset.UnixEpoch,
         TimeSpan.FromTicks(1), Guid.Empty, "{\"a\":{\"b\":[{}]}}", new byte[] { 1 }, "a", "b", 2.5],
    ];

    private static Table TableOf(string name) => new() { Name = new TableName(null, name), Columns = Columns, PrimaryKey = new UniqueKey(null, ["id"]) };

    private static async Task<(DatabaseUri Uri, Table Table)> LoadAsync(IEnumerable<object?[]> rows, string name = "all types")
    {
        var uri = await SqliteTestFiles.NewDatabaseAsync("bulk");
        var table = TableOf(name);
        var ddl = SqliteTestFiles.Provider.Dialect.BuildTableDdl(table, sameProvider: true, new List<string>());
        var provider = SqliteTestFiles.Provider;
        await using var ds = provider.CreateDataSource(uri);
        await using var conn = await provider.OpenAsync(ds, uri, CancellationToken.None);
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = ddl.Create;
            await cmd.ExecuteNonQueryAsync();
        }
        await provider.PrepareForLoadAsync(conn, CancellationToken.None);
        using var reader = new RowSourceReader(Columns, rows);
        await provider.CreateBulkWriter().WriteAsync(conn, table, reader, null, CancellationToken.None);
        return (uri, table);
    }

    [Fact]
    public async Task Every_type_class_round_trips_through_the_writer_and_reader_with_nulls_extremes_unicode_and_large_values()
    {
        var expected = Rows();
        var (uri, table) = await LoadAsync(expected);
        var provider = SqliteTestFiles.Provider;
        await using var ds = provider.CreateDataSource(uri);
        await using var conn = await provider.OpenAsync(ds, uri, CancellationToken.None);
        var select = provider.Dialect.SelectColumns(table.Name, table.Columns) + " ORDER BY \"id\"";
        await using var reader = await provider.ReadAsync(conn, select, CancellationToken.None);
        var r = 0;
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < Columns.Length; i++)
            {
                var actual = ValueCoercion.ToCanonical(reader.IsDBNull(i) ? null : reader.GetValue(i), Columns[i].TypeClass);
                AssertSame(Canonical(expected[r][i], Columns[i].TypeClass), actual, $"row {r}, column {Columns[i].Name}");
            }
            r++;
        }
        Assert.Equal(expected.Count, r);
    }

    private static object? Canonical(object? value, TypeClass typeClass) => value switch
    {
        DateTimeOffset o => o.ToUniversalTime(),
        // Untyped columns read back as text (class Other): the canonical form of what was stored.
        _ when typeClass == TypeClass.Other => ValueCoercion.ToCanonical(value, typeClass),
        _ => value,
    };

    private static void AssertSame(object? expected, object? actual, string where)
    {
        switch (expected)
        {
            case byte[] e:
                Assert.True(actual is byte[] a && e.AsSpan().SequenceEqual(a), $"{where}: bytes differ");
                break;
            case double e when double.IsNaN(e):
                Assert.True(actual is double a2 && double.IsNaN(a2), $"{where}: expected NaN");
                break;
            default:
                Assert.True(Equals(expected, actual), $"{where}: {expected} ({expected?.GetType().Name}) != {actual} ({actual?.GetType().Name})");
                break;
        }
    }

    [Fact]
    public async Task Values_are_stored_in_sqlites_conventional_forms()
    {
        var (uri, _) = await LoadAsync(Rows());
        var row = (await TestDatabases.QueryAsync(uri,
            "SELECT typeof(flag), flag, born, seen, at, clock, uid, typeof(amount), amount, typeof(exact), exact, typeof(ratio), ratio, typeof(bytes) " +
            "FROM \"all types\" WHERE id = 4"))[0];
        Assert.Equal("integer", row[0]);
        Assert.Equal(1L, row[1]);
        Assert.Equal("2024-02-29", row[2]);
        Assert.Equal("2024-02-29 12:30:45.123456", row[3]);
        Assert.Equal("2024-02-29 12:30:45+00:00", row[4]);
        Assert.Equal("12:00:00.5", row[5]);
        Assert.Matches("^[0-9a-f-]{36}$", (string)row[6]!);
        Assert.Equal(("real", 12.5), ((string)row[7]!, (double)row[8]!));
        Assert.Equal(("text", "0.0000000001"), ((string)row[9]!, (string)row[10]!));
        Assert.Equal(("real", double.Epsilon), ((string)row[11]!, (double)row[12]!));
        Assert.Equal("blob", row[13]);

        var first = (await TestDatabases.QueryAsync(uri, "SELECT seen, at, clock, uid, typeof(ratio), ratio FROM \"all types\" WHERE id IN (2, 5) ORDER BY id"));
        Assert.Equal("9999-12-31 23:59:59.9999999", first[0][0]);
        Assert.Equal("9999-12-31 23:59:59.9999999+00:00", first[0][1]);
        Assert.Equal("23:59:59.9999999", first[0][2]);
        Assert.Equal("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", first[0][3]);
        Assert.Equal(("text", "NaN"), ((string)first[1][4]!, (string)first[1][5]!));
    }

    [Fact]
    public async Task Whole_decimals_are_stored_as_integers_and_wide_ones_as_exact_text_in_text_affinity_columns()
    {
        var (uri, _) = await LoadAsync(Rows());
        var rows = await TestDatabases.QueryAsync(uri, "SELECT typeof(exact), exact FROM \"all types\" WHERE id IN (1, 2, 5) ORDER BY id");
        Assert.Equal(("text", "-79228162514264337593543950335"), ((string)rows[0][0]!, (string)rows[0][1]!));
        Assert.Equal(("text", "7922816251.4264337593"), ((string)rows[1][0]!, (string)rows[1][1]!));
        Assert.Equal(("text", "1"), ((string)rows[2][0]!, (string)rows[2][1]!));
        var whole = await TestDatabases.QueryAsync(uri, "SELECT typeof(amount) FROM \"all types\" WHERE id = 6");
        Assert.Equal("integer", whole[0][0]);
    }

    [Fact]
    public async Task Values_of_other_runtime_types_are_made_canonical_first()
    {
        var columns = new[] { Col("id", "INTEGER", TypeClass.Integer), Col("n", "INT", TypeClass.Integer), Col("d", "DATE", TypeClass.Date), Col("t", "TEXT", TypeClass.Text), Col("f", "REAL", TypeClass.Float) };
        var table = new Table { Name = new TableName(null, "coerced"), Columns = columns };
        var uri = await SqliteTestFiles.NewDatabaseAsync("coerce");
        await SqliteTestFiles.ExecuteAsync(uri, SqliteTestFiles.Provider.Dialect.BuildTableDdl(table, true, new List<string>()).Create);
        await WriteAsync(uri, table, [[1, (short)7, new DateTime(2020, 5, 6, 13, 0, 0), new DateOnly(2021, 1, 2), 1.5f], [2, true, "2020-05-07", 'c', 2m]]);
        var rows = await TestDatabases.QueryAsync(uri, "SELECT id, n, d, t, f FROM coerced ORDER BY id");
        Assert.Equal(new object?[] { 1L, 7L, "2020-05-06", "2021-01-02", 1.5 }, rows[0]);
        Assert.Equal(new object?[] { 2L, 1L, "2020-05-07", "c", 2.0 }, rows[1]);
    }

    private static async Task<long> WriteAsync(DatabaseUri uri, Table table, IEnumerable<object?[]> rows, Action<long>? progress = null, CancellationToken ct = default)
    {
        var provider = SqliteTestFiles.Provider;
        await using var ds = provider.CreateDataSource(uri);
        await using var conn = await provider.OpenAsync(ds, uri, CancellationToken.None);
        await provider.PrepareForLoadAsync(conn, CancellationToken.None);
        using var reader = new RowSourceReader(table.Columns, rows);
        return await provider.CreateBulkWriter().WriteAsync(conn, table, reader, progress, ct);
    }

    private static Table Numbers() => new()
    {
        Name = new TableName(null, "numbers"),
        Columns = [Col("id", "INTEGER", TypeClass.Integer), Col("label", "TEXT", TypeClass.Text)],
        PrimaryKey = new UniqueKey(null, ["id"]),
    };

    private static IEnumerable<object?[]> NumberRows(int count, Action<int>? onRow = null)
    {
        var row = new object?[2];
        for (var i = 1; i <= count; i++)
        {
            onRow?.Invoke(i);
            row[0] = (long)i;
            row[1] = "n" + i.ToString(CultureInfo.InvariantCulture);
            yield return row;
        }
    }

    [Fact]
    public async Task Large_loads_span_several_transactions_and_report_progress()
    {
        var table = Numbers();
        var uri = await SqliteTestFiles.NewDatabaseAsync("many");
        await SqliteTestFiles.ExecuteAsync(uri, SqliteTestFiles.Provider.Dialect.BuildTableDdl(table, true, new List<string>()).Create);
        var reports = new List<long>();
        var written = await WriteAsync(uri, table, NumberRows(125_001), reports.Add);
        Assert.Equal(125_001, written);
        Assert.Equal(125_001, await TestDatabases.CountAsync(uri, "SELECT COUNT(*) FROM numbers"));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i * 10_000L).Append(125_001), reports);
        Assert.Equal(125_001, await TestDatabases.CountAsync(uri, "SELECT SUM(label = 'n' || id) FROM numbers"));
    }

    [Fact]
    public async Task Cancelling_a_load_stops_it_and_rolls_back_the_open_transaction()
    {
        var table = Numbers();
        var uri = await SqliteTestFiles.NewDatabaseAsync("cancel");
        await SqliteTestFiles.ExecuteAsync(uri, SqliteTestFiles.Provider.Dialect.BuildTableDdl(table, true, new List<string>()).Create);
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            WriteAsync(uri, table, NumberRows(200_000, i => { if (i == 60_000) cts.Cancel(); }), null, cts.Token));
        // The first 50,000 rows were committed; the rows after them were rolled back.
        Assert.Equal(50_000, await TestDatabases.CountAsync(uri, "SELECT COUNT(*) FROM numbers"));
    }

    [Fact]
    public async Task A_value_that_cannot_be_stored_fails_with_the_row_and_column_but_not_the_value()
    {
        var table = Numbers();
        var uri = await SqliteTestFiles.NewDatabaseAsync("badvalue");
        await SqliteTestFiles.ExecuteAsync(uri, SqliteTestFiles.Provider.Dialect.BuildTableDdl(table, true, new List<string>()).Create);
        var secret = Guid.Parse("5ec2e75e-0000-4000-8000-000000000042");
        var ex = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => WriteAsync(uri, table, [[1L, "ok"], [secret, "bad"]]));
        Assert.Contains("row 2", ex.Message);
        Assert.Contains("\"id\"", ex.Message);
        Assert.DoesNotContain("5ec2e75e", ex.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await TestDatabases.CountAsync(uri, "SELECT COUNT(*) FROM numbers"));
    }

    [Fact]
    public async Task A_constraint_violation_names_the_row_and_table()
    {
        var table = Numbers();
        var uri = await SqliteTestFiles.NewDatabaseAsync("dup");
        await SqliteTestFiles.ExecuteAsync(uri, SqliteTestFiles.Provider.Dialect.BuildTableDdl(table, true, new List<string>()).Create);
        var ex = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => WriteAsync(uri, table, [[1L, "secret-one"], [1L, "secret-two"]]));
        Assert.Contains("row 2 into numbers", ex.Message);
        Assert.Contains("UNIQUE", ex.Message);
        Assert.DoesNotContain("secret", ex.Message);
    }

    [Fact]
    public async Task Foreign_keys_are_not_checked_while_loading_so_tables_load_in_any_order()
    {
        var uri = await SqliteTestFiles.NewDatabaseAsync("fkoff");
        await SqliteTestFiles.ExecuteAsync(uri,
            "CREATE TABLE parent (id INTEGER PRIMARY KEY)",
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id))");
        var child = new Table
        {
            Name = new TableName(null, "child"),
            Columns = [Col("id", "INTEGER", TypeClass.Integer), Col("parent_id", "INTEGER", TypeClass.Integer)],
        };
        Assert.Equal(1, await WriteAsync(uri, child, [[1L, 99L]]));
    }

    [Fact]
    public async Task Explicit_ids_move_the_autoincrement_counter_so_no_finishing_step_is_needed()
    {
        var uri = await SqliteTestFiles.NewDatabaseAsync("autoinc");
        await SqliteTestFiles.ExecuteAsync(uri, "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)");
        var table = new Table { Name = new TableName(null, "t"), Columns = [Col("id", "INTEGER", TypeClass.Integer), Col("v", "TEXT", TypeClass.Text)] };
        await WriteAsync(uri, table, [[5L, "a"], [41L, "b"], [7L, "c"]]);
        Assert.Equal(41, await TestDatabases.CountAsync(uri, "SELECT seq FROM sqlite_sequence WHERE name = 't'"));
        await SqliteTestFiles.ExecuteAsync(uri, "INSERT INTO t (v) VALUES ('d')");
        Assert.Equal(42, await TestDatabases.CountAsync(uri, "SELECT id FROM t WHERE v = 'd'"));
    }

    [Fact]
    public async Task The_writer_reuses_one_prepared_insert_with_quoted_names()
    {
        var table = new Table
        {
            Name = new TableName(null, "Order \"Details\""),
            Columns = [Col("order", "INTEGER", TypeClass.Integer), Col("Date Of Birth", "DATE", TypeClass.Date)],
        };
        Assert.Equal("INSERT INTO \"Order \"\"Details\"\"\" (\"order\", \"Date Of Birth\") VALUES ($p0, $p1)", Obscura.Data.Sqlite.Internal.SqliteBulkWriter.InsertSql(table));
        var uri = await SqliteTestFiles.NewDatabaseAsync("quoted");
        await SqliteTestFiles.ExecuteAsync(uri, SqliteTestFiles.Provider.Dialect.BuildTableDdl(table, true, new List<string>()).Create);
        Assert.Equal(2, await WriteAsync(uri, table, [[1L, new DateOnly(2001, 2, 3)], [2L, null]]));
        Assert.Equal("2001-02-03", (await TestDatabases.QueryAsync(uri, "SELECT \"Date Of Birth\" FROM \"Order \"\"Details\"\"\" WHERE \"order\" = 1"))[0][0]);
    }

    [Fact]
    public async Task Reading_streams_native_sqlite_values()
    {
        var (uri, table) = await LoadAsync(Rows());
        var provider = SqliteTestFiles.Provider;
        await using var ds = provider.CreateDataSource(uri);
        await using var conn = await provider.OpenAsync(ds, uri, CancellationToken.None);
        await using DbDataReader reader = await provider.ReadAsync(conn, "SELECT \"int\", ratio, name, bytes FROM \"all types\" WHERE id = 2", CancellationToken.None);
        Assert.True(await reader.ReadAsync());
        Assert.IsType<long>(reader.GetValue(0));
        Assert.IsType<double>(reader.GetValue(1));
        Assert.IsType<string>(reader.GetValue(2));
        Assert.IsType<byte[]>(reader.GetValue(3));
        Assert.NotNull(table);
    }
}
