using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Tests.Copy;

/// <summary>
/// PostgreSQL → PostgreSQL copies read raw binary tuples: untouched columns must arrive byte-for-byte equal
/// (checked through PostgreSQL's own text output), transformed ones re-encoded, and tables the raw path cannot
/// read must fall back to the ordinary reader.
/// </summary>
public sealed class PostgresRawCopyTests
{
    private const string Table = """
        CREATE TABLE kinds (
            id bigint PRIMARY KEY, small smallint, medium integer, f4 real, f8 double precision, flag boolean,
            day date, at timestamp, at_tz timestamptz, uid uuid, name text, code varchar(12) UNIQUE, fixed char(5),
            doc json, docb jsonb, blob bytea, email varchar(80))
        """;

    private static async Task<DatabaseUri> SourceAsync()
    {
        var source = await TestDatabases.CreateAsync("postgres", "raw_src");
        await TestDatabases.ExecuteAsync(source, Table,
            """
            INSERT INTO kinds SELECT i, (i % 30000)::smallint, i * 7, i / 3.0, i / 7.0, i % 2 = 0,
                DATE '2000-01-01' + i, TIMESTAMP '1999-12-31 23:59:59.123456' + i * INTERVAL '1 minute',
                TIMESTAMPTZ '2024-02-29 12:00:00+05:30' + i * INTERVAL '1 second', md5(i::text)::uuid,
                CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 = 1 THEN '' ELSE 'Ñame ' || i || ' 😀' END,
                'C-' || i, 'ab', ('{"n": ' || i || '}')::json, ('{"k": [' || i || ', "x"]}')::jsonb, decode(md5(i::text), 'hex'),
                'person' || i || '@corp.example'
            FROM generate_series(1, 5000) AS i
            """,
            "INSERT INTO kinds (id, day, at, at_tz) VALUES (-1, 'infinity', '-infinity', 'infinity')",
            "INSERT INTO kinds (id, blob) VALUES (-2, decode(repeat('ab', 1500000), 'hex'))");
        return source;
    }

    [Fact]
    public async Task Untouched_columns_arrive_exactly_and_transformed_ones_change()
    {
        var source = await SourceAsync();
        var target = await TestDatabases.CreateAsync("postgres", "raw_dst");
        var config = ConfigLoader.Parse("""
            tables:
              kinds:
                columns:
                  name: { strategy: faker, kind: full_name }
                  code: { strategy: hash, length: 3 }
                  day: { strategy: date_shift, max_days: 30, entity: id }
                  email: { strategy: template, template: "{name|lower|alnum}@example.org" }
            """);
        var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
        {
            Source = source, Target = target, Config = config, Secret = RunSecret.FromText("raw-copy-test-secret-0123456789"),
        });
        Assert.True(result.Succeeded, result.Summary.Error);

        const string untouched = "SELECT id, small, medium, f4, f8, flag, at, at_tz, uid, fixed, doc::text, docb::text, md5(blob), length(blob) FROM kinds ORDER BY id";
        var before = await TestDatabases.QueryAsync(source, untouched);
        var after = await TestDatabases.QueryAsync(target, untouched);
        Assert.Equal(5002, after.Count);
        Assert.Equal(before.Select(r => string.Join("|", r)), after.Select(r => string.Join("|", r)));

        const string changed = "SELECT id, name, code, day, email FROM kinds ORDER BY id";
        var pairs = (await TestDatabases.QueryAsync(source, changed)).Zip(await TestDatabases.QueryAsync(target, changed)).ToList();
        Assert.All(pairs, p => Assert.Equal(p.First[1] is null, p.Second[1] is null));
        Assert.DoesNotContain(pairs, p => p.First[1] is string s && s.Length > 0 && Equals(p.First[1], p.Second[1]));
        Assert.True(pairs.Count(p => p.First[3] is not null && !Equals(p.First[3], p.Second[3])) > 4900);
        // A 3-character hash (32,768 values) over 5,000 unique codes collides often; the guard kept them distinct.
        Assert.Equal(5000, pairs.Select(p => p.Second[2]).OfType<string>().Distinct(StringComparer.Ordinal).Count());
        Assert.True(result.Summary.Tables.Single().CollisionsResolved > 0);
        Assert.All(pairs.Where(p => p.Second[4] is string), p => Assert.EndsWith("@example.org", (string)p.Second[4]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Text_transformed_on_its_wire_bytes_equals_the_same_transform_through_strings()
    {
        // PostgreSQL → PostgreSQL hashes and masks text on its UTF-8 wire bytes; PostgreSQL → SQLite goes through strings.
        var source = await SourceAsync();
        var pgTarget = await TestDatabases.CreateAsync("postgres", "raw_utf8");
        var sqliteTarget = await TestDatabases.CreateAsync("sqlite", "raw_utf8");
        var config = ConfigLoader.Parse("""
            tables:
              kinds:
                columns:
                  name: { strategy: mask, keep_first: 1, keep_last: 2 }
                  email: { strategy: hash, length: 20 }
                  fixed: { strategy: mask }
                  doc: hash
            """);
        foreach (var target in new[] { pgTarget, sqliteTarget })
        {
            var result = await new CopyService(ObscuraRuntime.CreateDefault()).RunAsync(new CopyOptions
            {
                Source = source, Target = target, Config = config, Secret = RunSecret.FromText("raw-copy-test-secret-0123456789"),
            });
            Assert.True(result.Succeeded, result.Summary.Error);
        }

        const string query = "SELECT id, name, email, fixed FROM kinds ORDER BY id";
        var viaBytes = await TestDatabases.QueryAsync(pgTarget, query);
        var viaStrings = await TestDatabases.QueryAsync(sqliteTarget, query);
        Assert.Equal(5002, viaBytes.Count);
        Assert.Equal(viaStrings.Select(r => string.Join("|", r.Skip(1))), viaBytes.Select(r => string.Join("|", r.Skip(1))));
        Assert.Contains(viaBytes, r => r[1] is string n && n.StartsWith('Ñ') && n.EndsWith("😀", StringComparison.Ordinal)); // non-ASCII took the string path
        Assert.Contains(viaBytes, r => r[2] is string e && e.Length == 20);
        var emails = await TestDatabases.QueryAsync(source, "SELECT email FROM kinds WHERE email IS NOT NULL");
        Assert.DoesNotContain(viaBytes, r => emails.Any(e => Equals(e[0], r[2])));
    }

    [Fact]
    public async Task The_provider_reads_raw_only_tables_whose_types_it_can_decode()
    {
        var db = await TestDatabases.CreateAsync("postgres", "raw_types");
        await TestDatabases.ExecuteAsync(db, "CREATE TABLE plain (id bigint, name text)", "CREATE TABLE money (id bigint, amount numeric(12,2))",
            "INSERT INTO plain VALUES (1, 'a'), (2, NULL)");
        var provider = TestDatabases.Registry.Resolve(db);
        await using var source = new DatabaseEndpoint(db, provider);
        await using var conn = await source.OpenAsync(CancellationToken.None);
        var catalog = await provider.InspectAsync(conn, CancellationToken.None);
        Assert.Null(await provider.ReadRawAsync(conn, catalog.FindTable(new Core.Schema.TableName("public", "money"))!, CancellationToken.None));
        await using var reader = await provider.ReadRawAsync(conn, catalog.FindTable(new Core.Schema.TableName("public", "plain"))!, CancellationToken.None);
        var raw = Assert.IsAssignableFrom<IRawFieldReader>(reader);
        var rows = new List<string>();
        while (await reader!.ReadAsync())
        {
            Assert.True(raw.TryGetRaw(0, out var bytes, out var isNull));
            Assert.Equal((false, 8), (isNull, bytes.Length));
            rows.Add($"{reader.GetInt64(0)}:{(reader.IsDBNull(1) ? "NULL" : reader.GetString(1))}");
        }
        Assert.Equal(["1:a", "2:NULL"], rows.Order());
    }

    [Fact]
    public async Task Raw_values_decode_to_what_the_ordinary_reader_gives()
    {
        var source = await SourceAsync();
        var provider = TestDatabases.Registry.Resolve(source);
        await using var endpoint = new DatabaseEndpoint(source, provider);
        await using var conn = await endpoint.OpenAsync(CancellationToken.None);
        var table = (await provider.InspectAsync(conn, CancellationToken.None)).FindTable(new Core.Schema.TableName("public", "kinds"))!;
        var ordinary = new Dictionary<long, string>();
        await using (var plain = await provider.ReadAsync(conn, provider.Dialect.SelectColumns(table.Name, table.Columns), CancellationToken.None))
        {
            while (await plain.ReadAsync()) ordinary[plain.GetInt64(0)] = Render(plain, table);
        }
        await using var raw = (await provider.ReadRawAsync(conn, table, CancellationToken.None))!;
        var seen = 0;
        while (await raw.ReadAsync())
        {
            Assert.Equal(ordinary[raw.GetInt64(0)], Render(raw, table));
            seen++;
        }
        Assert.Equal(ordinary.Count, seen);
    }

    private static string Render(System.Data.Common.DbDataReader reader, Core.Schema.Table table) =>
        string.Join("|", table.Columns.Select((c, i) =>
        {
            var value = Core.Schema.ValueCoercion.ToCanonical(reader.IsDBNull(i) ? null : reader.GetValue(i), c.TypeClass);
            return value switch
            {
                null => "NULL",
                byte[] b => Convert.ToHexString(b),
                DateTimeOffset o => o.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString()!,
            };
        }));

    [Fact]
    public async Task Readers_that_join_an_exported_snapshot_do_not_see_later_writes()
    {
        var db = await TestDatabases.CreateAsync("postgres", "raw_snap");
        await TestDatabases.ExecuteAsync(db, "CREATE TABLE t (id bigint)", "INSERT INTO t VALUES (1), (2)");
        var provider = TestDatabases.Registry.Resolve(db);
        await using var endpoint = new DatabaseEndpoint(db, provider);
        await using var holder = await endpoint.OpenAsync(CancellationToken.None);
        var snapshot = await provider.ExportSnapshotAsync(holder, CancellationToken.None);
        Assert.NotNull(snapshot);
        await TestDatabases.ExecuteAsync(db, "INSERT INTO t VALUES (3)");
        await using var reader = await endpoint.OpenAsync(CancellationToken.None);
        await provider.UseSnapshotAsync(reader, snapshot!, CancellationToken.None);
        Assert.Equal(2L, await DatabaseEndpoint.ScalarAsync(reader, "SELECT COUNT(*) FROM t", CancellationToken.None));
        Assert.Equal(3L, await TestDatabases.CountAsync(db, "SELECT COUNT(*) FROM t"));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.UseSnapshotAsync(reader, "x'; DROP TABLE t; --", CancellationToken.None));
    }
}
