using Obscura.Core.Schema;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests.MySql;

/// <summary>Same-engine re-creation: inspect, build the DDL into a fresh database, copy the rows, inspect again, compare.</summary>
public sealed class MySqlDdlRoundTripTests(MySqlRichSchemaFixture fixture) : IClassFixture<MySqlRichSchemaFixture>
{
    private static readonly string[] TableOrder = ["User", "order", "team", "player", "audit_log"];

    private static async Task<(MySqlScratch Target, List<string> Warnings)> CopyAsync(MySqlScratch source, Catalog catalog)
    {
        var target = await MySqlScratch.CreateAsync("myrt");
        var provider = target.Provider;
        var dialect = provider.Dialect;
        var warnings = new List<string>();
        var tables = TableOrder.Select(n => catalog.FindTable(n)!)
            .Select(t => t with { Columns = t.Columns.Select(c => dialect.MapColumn(c, "mysql", warnings)).ToList() })
            .ToList();
        var ddl = tables.Select(t => dialect.BuildTableDdl(t, sameProvider: true, warnings)).ToList();

        await using var write = await target.OpenAsync();
        await MySqlScratch.ExecuteAsync(write, ddl.Select(d => d.Create));
        await provider.PrepareForLoadAsync(write, CancellationToken.None);
        await using (var read = await source.OpenAsync())
        {
            foreach (var table in tables)
            {
                await using var reader = await provider.ReadAsync(read, dialect.SelectColumns(table.Name, table.Columns), CancellationToken.None);
                await provider.CreateBulkWriter().WriteAsync(write, table, reader, null, CancellationToken.None);
            }
        }
        await MySqlScratch.ExecuteAsync(write, ddl.SelectMany(d => d.AfterLoad));
        await MySqlScratch.ExecuteAsync(write, ddl.SelectMany(d => d.ForeignKeys));
        await MySqlScratch.ExecuteAsync(write, ddl.SelectMany(d => d.Finish));
        return (target, warnings);
    }

    [Fact]
    public async Task Recreating_a_schema_in_a_fresh_database_gives_the_same_structure()
    {
        var (target, warnings) = await CopyAsync(fixture.Scratch, fixture.Catalog);
        await using var _ = target;
        Assert.Empty(warnings);
        var copy = await target.InspectAsync();

        foreach (var name in TableOrder)
        {
            var expected = fixture.Catalog.FindTable(name)!;
            var actual = copy.FindTable(name)!;
            Assert.Equal(Lines(expected.Columns.Select(Describe)), Lines(actual.Columns.Select(Describe)));
            Assert.Equal(expected.PrimaryKey?.Columns, actual.PrimaryKey?.Columns);
            Assert.Equal(Lines(expected.UniqueKeys.Select(Describe)), Lines(actual.UniqueKeys.Select(Describe)));
            Assert.Equal(expected.Indexes.OrderBy(i => i.Name, StringComparer.Ordinal), actual.Indexes.OrderBy(i => i.Name, StringComparer.Ordinal), IndexComparer.Instance);
            Assert.Equal(Lines(expected.ForeignKeys.Select(Describe)), Lines(actual.ForeignKeys.Select(Describe)));
            Assert.Equal(expected.Checks, actual.Checks);
            Assert.Equal(expected.Comment, actual.Comment);
        }
    }

    [Fact]
    public async Task Copied_rows_are_identical_and_auto_increment_continues_after_the_largest_id()
    {
        var (target, _) = await CopyAsync(fixture.Scratch, fixture.Catalog);
        await using var __ = target;
        const string Sql = """
            SELECT id, email, `Date Of Birth`, nickname, active, flagged, status, tags, profile, score, big, born, wake, HEX(avatar),
                   uid, ip, ST_AsText(home), ST_AsText(area), bio, shout
            FROM `User` ORDER BY id
            """;
        Assert.Equal(await fixture.Scratch.QueryAsync(Sql), await target.QueryAsync(Sql));
        Assert.Equal(await fixture.Scratch.QueryAsync("SELECT * FROM `order` ORDER BY 1, 2"), await target.QueryAsync("SELECT * FROM `order` ORDER BY 1, 2"));

        await target.ExecuteAsync("INSERT INTO `User` (email, area) VALUES ('new@example.com', ST_GeomFromText('POINT(5 5)'))");
        Assert.Equal(3L, await TestDatabases.CountAsync(target.Uri, "SELECT id FROM `User` WHERE email = 'new@example.com'"));
    }

    [Fact]
    public void The_primary_key_is_declared_up_front_and_other_keys_in_one_alter_table_after_the_load()
    {
        var warnings = new List<string>();
        var ddl = fixture.Scratch.Provider.Dialect.BuildTableDdl(fixture.Catalog.FindTable("User")!, sameProvider: true, warnings);
        // InnoDB clusters rows on the primary key: declared at creation so the load appends to it; everything else waits.
        Assert.Contains("PRIMARY KEY (`id`)", ddl.Create, StringComparison.Ordinal);
        Assert.DoesNotContain("uk_email", ddl.Create, StringComparison.Ordinal);
        Assert.EndsWith("ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='people'", ddl.Create, StringComparison.Ordinal);
        var alter = Assert.Single(ddl.AfterLoad);
        Assert.StartsWith("ALTER TABLE `User`", alter, StringComparison.Ordinal);
        Assert.Contains("ADD UNIQUE INDEX `uk_email` (`email`)", alter, StringComparison.Ordinal);
        Assert.Contains("ADD INDEX `ix_bio` (`bio`(20))", alter, StringComparison.Ordinal);
        Assert.Contains("ADD CONSTRAINT `chk_ratio` CHECK (`ratio` >= 0)", alter, StringComparison.Ordinal);
        Assert.Single(ddl.Finish);

        var order = fixture.Scratch.Provider.Dialect.BuildTableDdl(fixture.Catalog.FindTable("order")!, sameProvider: true, warnings);
        var fks = Assert.Single(order.ForeignKeys);
        Assert.Contains("ADD CONSTRAINT `fk_order_parent` FOREIGN KEY (`parent_order`, `parent_line`) REFERENCES `order` (`order`, `line`)", fks, StringComparison.Ordinal);
        Assert.Contains("ON DELETE SET NULL ON UPDATE CASCADE", fks, StringComparison.Ordinal);
        Assert.Contains("PRIMARY KEY (`order`, `line`)", order.Create, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIMARY KEY", string.Concat(order.AfterLoad), StringComparison.Ordinal);
        Assert.Contains("`we``ird` int(11) NULL", order.Create, StringComparison.Ordinal);
        Assert.Empty(order.Finish);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Drop_and_schema_statements_fit_a_database_without_schemas()
    {
        var dialect = fixture.Scratch.Provider.Dialect;
        Assert.Equal("DROP TABLE IF EXISTS `we``ird`", dialect.DropTableIfExists(new TableName(null, "we`ird")));
        Assert.Null(dialect.CreateSchemaIfMissing("anything"));
        Assert.False(dialect.SupportsSchemas);
        Assert.Equal("`order`", dialect.Qualify(new TableName("ignored", "order")));
    }

    private static string Lines(IEnumerable<string> items) => string.Join("\n", items);

    private static string Describe(Column c) =>
        $"{c.Ordinal} {c.Name} {c.DeclaredType} {c.TypeClass} null={c.IsNullable} default={c.Default} len={c.MaxLength} p={c.Precision} s={c.Scale} " +
        $"bits={c.IntegerBits} unsigned={c.IsUnsigned} identity={c.IsIdentity} enum={string.Join("|", c.EnumValues ?? [])} comment={c.Comment}";

    private static string Describe(UniqueKey k) => $"{k.Name}({string.Join(",", k.Columns)})";

    private static string Describe(ForeignKey f) =>
        $"{f.Name}({string.Join(",", f.Columns)})->{f.ReferencedTable}({string.Join(",", f.ReferencedColumns)}) {f.OnDelete}/{f.OnUpdate}";

    private sealed class IndexComparer : IEqualityComparer<TableIndex>
    {
        public static readonly IndexComparer Instance = new();

        public bool Equals(TableIndex? x, TableIndex? y) =>
            x is not null && y is not null && x.Name == y.Name && x.Columns.SequenceEqual(y.Columns) && x.IsUnique == y.IsUnique
            && x.Definition == y.Definition && x.HasExpressions == y.HasExpressions;

        public int GetHashCode(TableIndex obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
