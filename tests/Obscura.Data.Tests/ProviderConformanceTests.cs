using Obscura.Core.Schema;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests;

/// <summary>
/// The tests every provider must pass (Dapper's pattern: one abstract class, a sealed subclass per engine).
/// Tables are built from engine-neutral columns through the dialect's own mapping and DDL, loaded through its bulk
/// writer and read back through its reader, so a provider cannot pass by accident.
/// </summary>
public abstract class ProviderConformanceTests
{
    /// <summary>"sqlite", "postgres" or "mysql".</summary>
    protected abstract string ProviderName { get; }

    private DatabaseProvider Provider => TestDatabases.Registry.Providers.Single(p => p.Name == ProviderName);

    private static Column Neutral(string name, TypeClass type, int? length = null, int? precision = null, int? scale = null, int? bits = null, bool nullable = true) =>
        new()
        {
            Name = name, DeclaredType = "reference", TypeClass = type, MaxLength = length, Precision = precision, Scale = scale,
            IntegerBits = bits, IsNullable = nullable,
        };

    private static readonly Column[] AllTypes =
    [
        Neutral("id", TypeClass.Integer, bits: 64, nullable: false),
        Neutral("small", TypeClass.Integer, bits: 16),
        Neutral("big", TypeClass.Integer, bits: 64),
        Neutral("amount", TypeClass.Decimal, precision: 18, scale: 4),
        Neutral("ratio", TypeClass.Float),
        Neutral("flag", TypeClass.Boolean),
        Neutral("born", TypeClass.Date),
        Neutral("seen", TypeClass.DateTime, precision: 6),
        Neutral("at", TypeClass.DateTimeOffset, precision: 6),
        Neutral("clock", TypeClass.Time, precision: 6),
        Neutral("uid", TypeClass.Uuid),
        Neutral("doc", TypeClass.Json),
        Neutral("bytes", TypeClass.Binary),
        Neutral("short text", TypeClass.Text, length: 60),
        Neutral("long text", TypeClass.Text),
    ];

    private static IEnumerable<object?[]> AllTypeRows()
    {
        // Extremes, unicode and NULLs; values are canonical (see TypeClass remarks).
        yield return
        [
            1L, (long)short.MinValue, long.MinValue, -99999999999999.9999m, -1.5e300, false,
            new DateOnly(1000, 1, 1), new DateTime(1000, 1, 1, 0, 0, 0), new DateTimeOffset(1970, 1, 1, 0, 0, 1, TimeSpan.Zero),
            TimeSpan.Zero, Guid.Empty, "{}", Array.Empty<byte>(), "", "",
        ];
        yield return
        [
            2L, (long)short.MaxValue, long.MaxValue, 99999999999999.9999m, 2.2250738585072014E-308, true,
            new DateOnly(9999, 12, 31), new DateTime(9999, 12, 31, 23, 59, 59, 999).AddTicks(9990), new DateTimeOffset(2037, 12, 31, 23, 59, 59, TimeSpan.Zero),
            new TimeSpan(0, 23, 59, 59, 999, 999), Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
            "{\"name\": \"नमस्ते 你好 🎉\", \"n\": [1, 2, 3]}", new byte[] { 0, 1, 2, 254, 255 },
            "देवनागरी 漢字 emoji 🎉👩‍💻", new string('x', 1_000_000),
        ];
        yield return [3L, null, null, null, null, null, null, null, null, null, null, null, null, null, null];
        yield return
        [
            4L, 0L, 0L, 0.0001m, 0.0, true, new DateOnly(2024, 2, 29), new DateTime(2024, 2, 29, 12, 30, 45, 123).AddTicks(4560),
            new DateTimeOffset(2024, 2, 29, 12, 30, 45, 123, TimeSpan.Zero).AddTicks(4560), new TimeSpan(0, 12, 0, 0, 500),
            Guid.Parse("00000000-0000-0000-0000-000000000001"), "[]", new byte[70_000], "O'Brien \"quoted\" \\ back\\slash\ttab\nnewline",
            "line1\r\nline2",
        ];
    }

    [Fact]
    public async Task Every_type_class_round_trips_with_nulls_extremes_and_unicode()
    {
        var uri = await TestDatabases.CreateAsync(ProviderName, "conf");
        var provider = Provider;
        var warnings = new List<string>();
        var columns = AllTypes.Select(c => provider.Dialect.MapColumn(c, "reference", warnings)).ToList();
        var table = new Table
        {
            Name = new TableName(provider.Dialect.DefaultSchema, "all types"),
            Columns = columns,
            PrimaryKey = new UniqueKey(null, ["id"]),
        };
        var ddl = provider.Dialect.BuildTableDdl(table, sameProvider: false, warnings);
        Assert.Empty(warnings);

        await using var ds = provider.CreateDataSource(uri);
        await using (var conn = await provider.OpenAsync(ds, uri, CancellationToken.None))
        {
            await Execute(conn, ddl.Create);
            await provider.PrepareForLoadAsync(conn, CancellationToken.None);
            var expected = AllTypeRows().ToList();
            using var rows = new RowSourceReader(columns, expected);
            var written = await provider.CreateBulkWriter().WriteAsync(conn, table, rows, null, CancellationToken.None);
            Assert.Equal(expected.Count, written);
            foreach (var sql in ddl.ConcurrentIndexes.Concat(ddl.AfterLoad)) await Execute(conn, sql);
        }

        await using var readConn = await provider.OpenAsync(ds, uri, CancellationToken.None);
        var catalog = await provider.InspectAsync(readConn, CancellationToken.None);
        var inspected = Assert.Single(catalog.Tables, t => t.Name.Name == "all types");
        Assert.Equal(AllTypes.Select(c => c.Name), inspected.Columns.Select(c => c.Name));
        for (var i = 0; i < AllTypes.Length; i++)
        {
            Assert.True(AllTypes[i].TypeClass == inspected.Columns[i].TypeClass,
                $"column {AllTypes[i].Name}: wrote {AllTypes[i].TypeClass}, inspected {inspected.Columns[i].TypeClass} ({inspected.Columns[i].DeclaredType})");
        }

        var select = provider.Dialect.SelectColumns(inspected.Name, inspected.Columns) + " ORDER BY " + provider.Dialect.Quote("id");
        await using var reader = await provider.ReadAsync(readConn, select, CancellationToken.None);
        var expectedRows = AllTypeRows().ToList();
        var r = 0;
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < AllTypes.Length; i++)
            {
                var actual = ValueCoercion.ToCanonical(reader.IsDBNull(i) ? null : reader.GetValue(i), AllTypes[i].TypeClass);
                ValueAssert.Same(expectedRows[r][i], actual, AllTypes[i].TypeClass, $"row {r}, column {AllTypes[i].Name}");
            }
            r++;
        }
        Assert.Equal(expectedRows.Count, r);
    }

    [Fact]
    public async Task Identifiers_with_spaces_mixed_case_and_reserved_words_round_trip()
    {
        var uri = await TestDatabases.CreateAsync(ProviderName, "ident");
        var provider = Provider;
        var warnings = new List<string>();
        var columns = new[]
        {
            Neutral("order", TypeClass.Integer, bits: 32, nullable: false),
            Neutral("User", TypeClass.Text, length: 20),
            Neutral("Date Of Birth", TypeClass.Date),
            Neutral("select \"x\"", TypeClass.Text, length: 5),
        }.Select(c => provider.Dialect.MapColumn(c, "reference", warnings)).ToList();
        var table = new Table
        {
            Name = new TableName(provider.Dialect.DefaultSchema, "User Order"),
            Columns = columns,
            PrimaryKey = new UniqueKey(null, ["order"]),
            UniqueKeys = [new UniqueKey(null, ["User", "Date Of Birth"])],
        };
        var ddl = provider.Dialect.BuildTableDdl(table, sameProvider: false, warnings);
        await using var ds = provider.CreateDataSource(uri);
        await using var conn = await provider.OpenAsync(ds, uri, CancellationToken.None);
        await Execute(conn, ddl.Create);
        using (var rows = new RowSourceReader(columns, [[7L, "Ana", new DateOnly(1990, 5, 17), "q"]]))
        {
            await provider.CreateBulkWriter().WriteAsync(conn, table, rows, null, CancellationToken.None);
        }
        foreach (var sql in ddl.ConcurrentIndexes.Concat(ddl.AfterLoad)) await Execute(conn, sql);

        var catalog = await provider.InspectAsync(conn, CancellationToken.None);
        var inspected = Assert.Single(catalog.Tables, t => t.Name.Name == "User Order");
        Assert.Equal(["order", "User", "Date Of Birth", "select \"x\""], inspected.Columns.Select(c => c.Name));
        Assert.Equal(["order"], inspected.PrimaryKey!.Columns);
        Assert.Contains(inspected.UniqueKeys.Concat(inspected.Indexes.Where(i => i.IsUnique).Select(i => new UniqueKey(i.Name, i.Columns))),
            u => u.Columns.SequenceEqual(["User", "Date Of Birth"]));
        Assert.Same(inspected, catalog.FindTable("User Order"));
    }

    private static async Task Execute(System.Data.Common.DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
