using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data.Tests.Infrastructure;
using static Obscura.Data.Tests.Postgres.PostgresTestDatabase;

namespace Obscura.Data.Tests.Postgres;

/// <summary>The binary (and text) COPY writer and the streaming reader, against the real server.</summary>
public sealed class PostgresBulkWriterTests
{
    private static readonly Column[] Typed =
    [
        Col("id", "integer", TypeClass.Integer, nullable: false, bits: 32),
        Col("i16", "smallint", TypeClass.Integer, bits: 16),
        Col("i32", "integer", TypeClass.Integer, bits: 32),
        Col("i64", "bigint", TypeClass.Integer, bits: 64),
        Col("n", "numeric(38,10)", TypeClass.Decimal) with { Precision = 38, Scale = 10 },
        Col("m", "money", TypeClass.Decimal),
        Col("r", "real", TypeClass.Float),
        Col("d", "double precision", TypeClass.Float),
        Col("b", "boolean", TypeClass.Boolean),
        Col("day", "date", TypeClass.Date),
        Col("ts", "timestamp without time zone", TypeClass.DateTime),
        Col("tz", "timestamp with time zone", TypeClass.DateTimeOffset),
        Col("t", "time without time zone", TypeClass.Time),
        Col("u", "uuid", TypeClass.Uuid),
        Col("j", "jsonb", TypeClass.Json),
        Col("js", "json", TypeClass.Json),
        Col("bin", "bytea", TypeClass.Binary),
        Col("vc", "character varying(60)", TypeClass.Text),
        Col("txt", "text", TypeClass.Text),
    ];

    private static IEnumerable<object?[]> TypedRows()
    {
        yield return
        [
            1L, (long)short.MinValue, (long)int.MinValue, long.MinValue, -99999999999999999999.99999999m, -92233720368547758.08m,
            -3.4e38, -1.7976931348623157e308, false, new DateOnly(1, 1, 1), new DateTime(1, 1, 1, 0, 0, 0),
            new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.Zero, Guid.Empty, "{}", "[]", Array.Empty<byte>(), "", "",
        ];
        yield return
        [
            2L, (long)short.MaxValue, (long)int.MaxValue, long.MaxValue, 99999999999999999999.99999999m, 92233720368547758.07m,
            3.4e38, double.Epsilon, true, new DateOnly(9999, 12, 31), new DateTime(9999, 12, 31, 23, 59, 59).AddTicks(9_999_990),
            new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), new TimeSpan(0, 23, 59, 59, 999, 999),
            Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), "{\"name\": \"नमस्ते 你好 🎉\", \"n\": [1, 2.5, null]}", "{\"a\" : 1}",
            Enumerable.Range(0, 1_000_000).Select(i => (byte)i).ToArray(), "देवनागरी 漢字 emoji 🎉👩‍💻 \\ \t \n \r \"q\" 'a'",
            string.Concat(Enumerable.Repeat("नमस्ते 你好 🎉 ", 70_000)),
        ];
        yield return [3L, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null];
    }

    [Fact]
    public async Task Every_type_class_round_trips_through_binary_copy_with_nulls_extremes_unicode_and_large_values()
    {
        var uri = await CreateAsync("bw", [CreateTable("typed", Typed)]);
        var table = new Table { Name = new("public", "typed"), Columns = Typed };
        var expected = TypedRows().ToList();
        using (var rows = new RowSourceReader(Typed, expected))
        {
            Assert.Equal(3, await LoadAsync(uri, table, rows));
        }

        var actual = await ReadCanonicalAsync(uri, table, "id");
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            for (var c = 0; c < Typed.Length; c++)
            {
                var want = Typed[c].TypeClass == TypeClass.Float && expected[r][c] is double x && Typed[c].DeclaredType == "real" ? (double)(float)x : expected[r][c];
                ValueAssert.Same(want, actual[r][c], Typed[c].TypeClass, $"row {r}, column {Typed[c].Name}");
            }
        }
    }

    private static readonly Column[] Pair = [Col("id", "integer", TypeClass.Integer, nullable: false, bits: 32), Col("name", "text", TypeClass.Text)];

    private static async Task<object?> ScalarAsync(DatabaseUri uri, string sql)
    {
        await using var ds = Provider.CreateDataSource(uri);
        await using var conn = await Provider.OpenAsync(ds, uri, CancellationToken.None);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }

    private static RowSourceReader PairRows(int from, int count) =>
        new(Pair, Enumerable.Range(from, count).Select(i => new object?[] { (long)i, "name " + i }).ToList());

    [Fact]
    public async Task An_empty_table_is_loaded_frozen_so_no_page_is_rewritten_for_hint_bits()
    {
        var uri = await CreateAsync("freeze", [CreateTable("fresh", Pair), "CREATE EXTENSION IF NOT EXISTS pg_visibility"]);
        var table = new Table { Name = new("public", "fresh"), Columns = Pair };
        using (var rows = PairRows(1, 5000)) Assert.Equal(5000, await LoadAsync(uri, table, rows));

        Assert.Equal(5000L, await ScalarAsync(uri, "SELECT count(*) FROM fresh"));
        // Every page of a COPY FREEZE load is all-frozen in the visibility map; an ordinary COPY leaves none so.
        Assert.Equal(0L, await ScalarAsync(uri, "SELECT count(*) FROM pg_visibility_map('fresh') WHERE NOT all_frozen"));
        Assert.True((long)(await ScalarAsync(uri, "SELECT count(*) FROM pg_visibility_map('fresh')"))! > 1);
    }

    [Fact]
    public async Task Tables_with_rows_or_referenced_by_a_foreign_key_keep_their_rows_and_load_without_freezing()
    {
        var uri = await CreateAsync("nofreeze", [
            CreateTable("parent", Pair) + "; ALTER TABLE parent ADD PRIMARY KEY (id)",
            "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id))",
            CreateTable("filled", Pair), "INSERT INTO filled VALUES (0, 'kept')",
            "CREATE EXTENSION IF NOT EXISTS pg_visibility",
        ]);
        using (var rows = PairRows(1, 100)) Assert.Equal(100, await LoadAsync(uri, new Table { Name = new("public", "parent"), Columns = Pair }, rows));
        using (var rows = PairRows(1, 100)) Assert.Equal(100, await LoadAsync(uri, new Table { Name = new("public", "filled"), Columns = Pair }, rows));

        Assert.Equal(100L, await ScalarAsync(uri, "SELECT count(*) FROM parent"));
        Assert.Equal(101L, await ScalarAsync(uri, "SELECT count(*) FROM filled"));
        Assert.Equal("kept", await ScalarAsync(uri, "SELECT name FROM filled WHERE id = 0"));
        Assert.Equal(0L, await ScalarAsync(uri, "SELECT count(*) FROM pg_visibility_map('parent') WHERE all_frozen"));
    }

    [Fact]
    public async Task Text_values_from_other_engines_are_coerced_to_the_target_types()
    {
        var uri = await CreateAsync("coerce", [CreateTable("typed", Typed)]);
        var table = new Table { Name = new("public", "typed"), Columns = Typed };
        // What a loosely typed source (SQLite, CSV) yields: everything as text, integers as strings or booleans as 0/1.
        var asText = Typed.Select(c => c with { TypeClass = TypeClass.Text }).ToArray();
        object?[] row =
        [
            "7", "-5", "123", "9000000000", "12.5", "3.25", "1.5", "2.25", "1", "2024-02-29", "2024-02-29 12:30:45.123456",
            "2024-02-29T12:30:45.5+02:00", "23:59:59.5", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "{\"a\": 1}", "[1]", "bytes", "vc", "txt",
        ];
        using (var rows = new RowSourceReader(asText, [row]))
        {
            await LoadAsync(uri, table, rows);
        }
        var back = Assert.Single(await ReadCanonicalAsync(uri, table, "id"));
        Assert.Equal(7L, back[0]);
        Assert.Equal(-5L, back[1]);
        Assert.Equal(9_000_000_000L, back[3]);
        Assert.Equal(12.5m, back[4]);
        Assert.Equal(true, back[8]);
        Assert.Equal(new DateOnly(2024, 2, 29), back[9]);
        Assert.Equal(new DateTime(2024, 2, 29, 12, 30, 45, 123).AddTicks(4560), back[10]);
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 10, 30, 45, 500, TimeSpan.Zero), back[11]);
        Assert.Equal(new TimeSpan(0, 23, 59, 59, 500), back[12]);
        Assert.Equal(Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), back[13]);
        Assert.Equal("bytes"u8.ToArray(), (byte[])back[16]!);
    }

    [Fact]
    public async Task Numerics_wider_than_decimal_nan_and_infinity_are_copied_exactly()
    {
        string[] values =
        [
            "123456789012345678901234567890.123456789012345678901234567890", "-0.000000000000000000000000000000000001",
            "1E+40", "NaN", "Infinity", "-Infinity", "0", "0.00", "10000", "-99999999.99990000",
        ];
        var source = await CreateAsync("numsrc", ["CREATE TABLE nums (id int PRIMARY KEY, n numeric, p numeric(60,30))"]);
        await TestDatabases.ExecuteAsync(source, values.Select((v, i) =>
            $"INSERT INTO nums VALUES ({i}, '{v}', {(v.Contains("inity", StringComparison.Ordinal) || v == "NaN" || v == "1E+40" ? "NULL" : $"'{v}'")})").ToArray());
        var target = await CreateAsync("numdst");
        await CopyAsync(source, target);

        var want = await TestDatabases.QueryAsync(source, "SELECT id, n::text, p::text FROM nums ORDER BY id");
        var got = await TestDatabases.QueryAsync(target, "SELECT id, n::text, p::text FROM nums ORDER BY id");
        Assert.Equal(want.Select(r => string.Join('|', r)), got.Select(r => string.Join('|', r)));
    }

    [Fact]
    public async Task Postgres_to_postgres_copy_preserves_arrays_ranges_intervals_enums_inet_domains_and_more_exactly()
    {
        var source = await CreateAsync("exotic",
        [
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
            "CREATE DOMAIN posint AS integer CHECK (VALUE > 0)",
            """
            CREATE TABLE exotic (
                id serial PRIMARY KEY, ints integer[], words text[], span int4range, period tsrange, wait interval,
                feeling mood, feelings mood[], addr inet, net cidr, mac macaddr, amount posint, at timetz, bits bit(4),
                vbits varbit, doc xml, words_tsv tsvector, pt point, c "char", nm name, x numeric, t time,
                inf timestamp, lbl text
            )
            """,
            """
            INSERT INTO exotic (ints, words, span, period, wait, feeling, feelings, addr, net, mac, amount, at, bits, vbits, doc,
                                words_tsv, pt, c, nm, x, t, inf, lbl) VALUES
            ('{1,NULL,-3}', '{"a b","c\"d","e\\f",NULL}', '[1,10)', '[2024-01-01 00:00,2024-02-01 00:00)', '1 year 2 mons 3 days 04:05:06.789',
             'happy', '{sad,ok}', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', 42, '12:34:56+05:30', B'1010', B'1', '<a x="1">t</a>',
             'fat cat', '(1.5,-2)', 'z', 'some name', 'NaN', '24:00:00', 'infinity', E'tab\there\nnew line \\ back'),
            (NULL, '{}', 'empty', NULL, '-1 days', NULL, '{}', '::1', '2001:db8::/32', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '-infinity', NULL)
            """,
        ]);
        var target = await CreateAsync("exotic_copy");
        await CopyAsync(source, target);

        var columns = "ints, words, span, period, wait, feeling, feelings, addr, net, mac, amount, at, bits, vbits, doc, words_tsv, pt, c, nm, x, t, inf, lbl";
        var sql = $"SELECT id, {string.Join(", ", columns.Split(", ").Select(c => c + "::text"))} FROM exotic ORDER BY id";
        var want = await TestDatabases.QueryAsync(source, sql);
        var got = await TestDatabases.QueryAsync(target, sql);
        Assert.Equal(2, got.Count);
        for (var r = 0; r < want.Count; r++) Assert.Equal(want[r], got[r]);
    }

    [Fact]
    public async Task Text_copy_escapes_tabs_newlines_and_backslashes_in_tables_with_other_columns()
    {
        Column[] columns = [Col("id", "integer", TypeClass.Integer, bits: 32), Col("tags", "text[]", TypeClass.Other), Col("s", "text", TypeClass.Text),
            Col("bin", "bytea", TypeClass.Binary), Col("at", "timestamp with time zone", TypeClass.DateTimeOffset), Col("f", "double precision", TypeClass.Float)];
        var uri = await CreateAsync("textcopy", [CreateTable("t", columns)]);
        var table = new Table { Name = new("public", "t"), Columns = columns };
        var text = "a\tb\nc\r\\d \\N \"q\" 漢字 🎉";
        using (var rows = new RowSourceReader(columns,
               [
                   [1L, "{x,\"y z\"}", text, new byte[] { 0, 92, 10, 255 }, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), double.NegativeInfinity],
                   [2L, null, "\\N", null, null, double.NaN],
               ]))
        {
            Assert.Equal(2, await LoadAsync(uri, table, rows));
        }
        var back = await ReadCanonicalAsync(uri, table, "id");
        Assert.Equal("{x,\"y z\"}", back[0][1]);
        Assert.Equal(text, back[0][2]);
        Assert.Equal(new byte[] { 0, 92, 10, 255 }, back[0][3]);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 1, 4, 5, TimeSpan.Zero), back[0][4]);
        Assert.Equal(double.NegativeInfinity, back[0][5]);
        Assert.Null(back[1][1]);
        Assert.Equal("\\N", back[1][2]);
        Assert.True(double.IsNaN((double)back[1][5]!));
    }

    [Fact]
    public async Task A_value_too_wide_for_a_narrower_integer_target_names_table_and_column_but_not_the_value()
    {
        Column[] columns = [Col("id", "integer", TypeClass.Integer, bits: 32), Col("small", "smallint", TypeClass.Integer, bits: 16)];
        var uri = await CreateAsync("narrow", [CreateTable("narrow", columns)]);
        var table = new Table { Name = new("public", "narrow"), Columns = columns };
        var source = columns.Select(c => c with { DeclaredType = "bigint", IntegerBits = 64 }).ToArray();
        using var rows = new RowSourceReader(source, [[1L, 5L], [2L, 73_219L]]);
        var error = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => LoadAsync(uri, table, rows));
        Assert.Contains("public.narrow", error.Message);
        Assert.Contains("\"small\"", error.Message);
        Assert.Contains("smallint", error.Message);
        Assert.DoesNotContain("73219", error.Message);
        Assert.DoesNotContain("73219", error.ToString());
        Assert.Equal(0, await TestDatabases.CountAsync(uri, "SELECT count(*) FROM narrow"));
    }

    [Fact]
    public async Task Server_rejections_do_not_repeat_the_rejected_value()
    {
        Column[] columns = [Col("id", "integer", TypeClass.Integer, bits: 32), Col("tags", "integer[]", TypeClass.Other)];
        var uri = await CreateAsync("reject", [CreateTable("r", columns)]);
        var table = new Table { Name = new("public", "r"), Columns = columns };
        using var rows = new RowSourceReader(columns, [[1L, "{secret-value}"]]);
        var error = await Assert.ThrowsAsync<ObscuraDatabaseException>(() => LoadAsync(uri, table, rows));
        Assert.Contains("public.r", error.Message);
        Assert.Contains("22P02", error.Message);
        Assert.DoesNotContain("secret-value", error.ToString());
    }

    [Fact]
    public async Task Progress_is_reported_every_ten_thousand_rows_and_at_the_end()
    {
        Column[] columns = [Col("id", "bigint", TypeClass.Integer, bits: 64), Col("s", "text", TypeClass.Text)];
        var uri = await CreateAsync("progress", [CreateTable("p", columns)]);
        var table = new Table { Name = new("public", "p"), Columns = columns };
        var reports = new List<long>();
        var row = new object?[2];
        using var rows = new RowSourceReader(columns, Enumerable.Range(1, 25_000).Select(i => { row[0] = (long)i; row[1] = "x"; return row; }));
        Assert.Equal(25_000, await LoadAsync(uri, table, rows, reports.Add));
        Assert.Equal([10_000L, 20_000L, 25_000L], reports);
        Assert.Equal(25_000, await TestDatabases.CountAsync(uri, "SELECT count(*) FROM p"));
    }

    [Fact]
    public async Task Cancellation_stops_the_load_and_keeps_no_rows()
    {
        Column[] columns = [Col("id", "bigint", TypeClass.Integer, bits: 64)];
        var uri = await CreateAsync("cancel", [CreateTable("c", columns)]);
        var table = new Table { Name = new("public", "c"), Columns = columns };
        using var cts = new CancellationTokenSource();
        using var rows = new RowSourceReader(columns, Enumerable.Range(1, 1_000_000).Select(i =>
        {
            if (i == 50_000) cts.Cancel();
            return new object?[] { (long)i };
        }));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LoadAsync(uri, table, rows, null, cts.Token));
        Assert.Equal(0, await TestDatabases.CountAsync(uri, "SELECT count(*) FROM c"));
    }

    [Fact]
    public async Task Reader_returns_plain_clr_values_for_every_inspected_column()
    {
        Type[] plain = [typeof(long), typeof(int), typeof(short), typeof(decimal), typeof(double), typeof(float), typeof(bool), typeof(DateOnly),
            typeof(DateTime), typeof(TimeSpan), typeof(Guid), typeof(string), typeof(byte[])];
        var uri = await CreateAsync("plain", PostgresRichSchema.Statements.Concat(PostgresRichSchema.Rows));
        var catalog = await InspectAsync(uri);
        await using var ds = Provider.CreateDataSource(uri);
        await using var conn = await Provider.OpenAsync(ds, uri, CancellationToken.None);
        foreach (var table in catalog.Tables)
        {
            await using var reader = await Provider.ReadAsync(conn, Dialect.SelectColumns(table.Name, table.Columns), CancellationToken.None);
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    Assert.Equal(table.Columns[i].Name, reader.GetName(i));
                    Assert.Contains(reader.GetFieldType(i), plain);
                    if (!reader.IsDBNull(i)) Assert.Contains(reader.GetValue(i).GetType(), plain);
                }
            }
            Assert.True(rows > 0, $"{table.Name} has no rows");
        }

        var user = catalog.FindTable("app.User")!;
        var first = (await ReadCanonicalAsync(uri, user, "id"))[0];
        Assert.Equal("happy", first[3]);
        Assert.Equal("{sad,ok}", first[4]);
        Assert.Equal("{a,\"b c\"}", first[7]);
        Assert.Equal("10.0.0.1", first[8]);
        var order = (await ReadCanonicalAsync(uri, catalog.FindTable("billing.order")!, "id"))[0];
        Assert.Equal(12345678901234567890.123456789m, order[3]);
    }

    private static string CreateTable(string name, IEnumerable<Column> columns) =>
        $"CREATE TABLE {Dialect.Quote(name)} ({string.Join(", ", columns.Select(c => $"{Dialect.Quote(c.Name)} {c.DeclaredType}"))})";
}
