using Obscura.Core.Schema;
using Obscura.Data.MySql;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Data.Tests.MySql;

/// <summary>Mapping columns from other engines and building their DDL.</summary>
public sealed class MySqlDialectTests
{
    private const string NoPadBinary = "CHARACTER SET utf8mb4 COLLATE /*M!100202 utf8mb4_nopad_bin */ /*!80017 utf8mb4_0900_bin */";

    private static readonly MySqlDialect Dialect = new();

    private static Column Col(string name, TypeClass type, string declared = "x", int? length = null, int? precision = null, int? scale = null,
        int? bits = null, bool nullable = true, bool unsigned = false, string? @default = null, bool identity = false, IReadOnlyList<string>? values = null) =>
        new()
        {
            Name = name, DeclaredType = declared, TypeClass = type, MaxLength = length, Precision = precision, Scale = scale, IntegerBits = bits,
            IsNullable = nullable, IsUnsigned = unsigned, Default = @default, IsIdentity = identity, EnumValues = values,
        };

    private static string Map(Column c, List<string>? warnings = null) => Dialect.MapColumn(c, "postgres", warnings ?? []).DeclaredType;

    [Theory]
    [InlineData(8, false, "tinyint")]
    [InlineData(16, false, "smallint")]
    [InlineData(24, true, "mediumint unsigned")]
    [InlineData(32, false, "int")]
    [InlineData(64, true, "bigint unsigned")]
    [InlineData(null, false, "bigint")]
    public void Integers_map_by_width_and_sign(int? bits, bool unsigned, string expected) =>
        Assert.Equal(expected, Map(Col("n", TypeClass.Integer, bits: bits, unsigned: unsigned)));

    [Fact]
    public void Scalar_classes_map_to_their_mysql_types()
    {
        List<string> warnings = [];
        Assert.Equal("decimal(12,3)", Map(Col("d", TypeClass.Decimal, precision: 12, scale: 3), warnings));
        Assert.Equal("double", Map(Col("f", TypeClass.Float), warnings));
        Assert.Equal("tinyint(1)", Map(Col("b", TypeClass.Boolean), warnings));
        Assert.Equal("date", Map(Col("d", TypeClass.Date), warnings));
        Assert.Equal("datetime(6)", Map(Col("t", TypeClass.DateTime), warnings));
        Assert.Equal("datetime(3)", Map(Col("t", TypeClass.DateTime, precision: 3), warnings));
        Assert.Equal("timestamp(6)", Map(Col("t", TypeClass.DateTimeOffset), warnings));
        Assert.Equal("time(6)", Map(Col("t", TypeClass.Time), warnings));
        Assert.Equal("/*M!100700 uuid */ /*!80017 char(36) CHARACTER SET ascii COLLATE ascii_bin */", Map(Col("u", TypeClass.Uuid), warnings));
        Assert.Equal("json", Map(Col("j", TypeClass.Json), warnings));
        Assert.Equal("varbinary(100)", Map(Col("b", TypeClass.Binary, length: 100), warnings));
        Assert.Equal("longblob", Map(Col("b", TypeClass.Binary), warnings));
        Assert.Empty(warnings);
    }

    [Fact]
    public void Text_gets_a_case_and_space_sensitive_collation_and_a_type_by_length()
    {
        Assert.Equal("varchar(40) " + NoPadBinary, Map(Col("t", TypeClass.Text, length: 40)));
        Assert.Equal("varchar(16383) " + NoPadBinary, Map(Col("t", TypeClass.Text, length: 16_383)));
        Assert.Equal("mediumtext " + NoPadBinary, Map(Col("t", TypeClass.Text, length: 100_000)));
        Assert.Equal("longtext " + NoPadBinary, Map(Col("t", TypeClass.Text)));
        Assert.Equal("varchar(9) " + NoPadBinary, Map(Col("mood", TypeClass.Text, values: ["happy", "sad", "so-so-ish"])));
    }

    [Fact]
    public void An_unconstrained_numeric_becomes_decimal_65_30_with_a_warning()
    {
        List<string> warnings = [];
        Assert.Equal("decimal(65,30)", Map(Col("amount", TypeClass.Decimal, declared: "numeric"), warnings));
        Assert.Contains("amount", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Other_types_become_text_or_bytes_with_a_warning_naming_column_and_type()
    {
        List<string> warnings = [];
        Assert.Equal("longtext " + NoPadBinary, Map(Col("span", TypeClass.Other, declared: "tstzrange"), warnings));
        Assert.Equal("longblob", Map(Col("shape", TypeClass.Other, declared: "geometry(Point,4326)"), warnings));
        Assert.Equal(2, warnings.Count);
        Assert.Contains("span", warnings[0], StringComparison.Ordinal);
        Assert.Contains("tstzrange", warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Same_provider_columns_are_kept_verbatim()
    {
        var c = Col("x", TypeClass.Text, declared: "varchar(10) CHARACTER SET latin1 COLLATE latin1_bin");
        Assert.Same(c, Dialect.MapColumn(c, "mysql", []));
    }

    [Fact]
    public void Unbounded_text_in_a_key_is_bounded_and_oversized_keys_use_prefixes_with_warnings()
    {
        List<string> warnings = [];
        var table = new Table
        {
            Name = new TableName("public", "people"),
            Columns = new[] { Col("email", TypeClass.Text, nullable: false), Col("a", TypeClass.Text, length: 600), Col("b", TypeClass.Text, length: 600) }
                .Select(c => Dialect.MapColumn(c, "postgres", warnings)).ToList(),
            PrimaryKey = new UniqueKey("people_pkey", ["email"]),
            Indexes = [new TableIndex { Name = "people_a_b_idx", Columns = ["a", "b"] }],
        };
        var ddl = Dialect.BuildTableDdl(table, sameProvider: false, warnings);
        Assert.Contains("`email` varchar(768) " + NoPadBinary + " NOT NULL", ddl.Create, StringComparison.Ordinal);
        Assert.Contains("ADD INDEX `people_a_b_idx` (`a`(384), `b`(384))", Assert.Single(ddl.AfterLoad), StringComparison.Ordinal);
        Assert.Contains(warnings, w => w.Contains("people.email", StringComparison.Ordinal) && w.Contains("varchar(768)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("people_a_b_idx", StringComparison.Ordinal) && w.Contains("prefix", StringComparison.Ordinal));
    }

    [Fact]
    public void Wide_varchars_move_to_text_when_the_row_would_exceed_mysqls_limit()
    {
        List<string> warnings = [];
        var table = new Table
        {
            Name = new TableName(null, "wide"),
            Columns = Enumerable.Range(1, 6).Select(i => Dialect.MapColumn(Col("c" + i, TypeClass.Text, length: 10_000), "postgres", warnings)).ToList(),
        };
        var ddl = Dialect.BuildTableDdl(table, sameProvider: false, warnings);
        Assert.Contains("`c1` text ", ddl.Create, StringComparison.Ordinal);
        Assert.Contains("`c6` varchar(10000) ", ddl.Create, StringComparison.Ordinal);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Defaults_from_other_engines_keep_plain_literals_and_the_current_timestamp_only()
    {
        List<string> warnings = [];
        var table = new Table
        {
            Name = new TableName(null, "d"),
            Columns = new[]
            {
                Col("id", TypeClass.Integer, bits: 32, nullable: false, identity: true, @default: "nextval('d_id_seq'::regclass)"),
                Col("name", TypeClass.Text, length: 20, @default: "'it''s'::character varying"),
                Col("body", TypeClass.Text, @default: "'x'::text"),
                Col("n", TypeClass.Integer, bits: 32, @default: "(-5)"),
                Col("on", TypeClass.Boolean, @default: "true"),
                Col("at", TypeClass.DateTimeOffset, precision: 3, @default: "now()"),
                Col("day", TypeClass.Date, @default: "CURRENT_DATE"),
                Col("code", TypeClass.Text, length: 8, @default: "upper(md5(random()::text))"),
                Col("gone", TypeClass.Integer, bits: 32, @default: "NULL::integer"),
            }.Select(c => Dialect.MapColumn(c, "postgres", warnings)).ToList(),
            PrimaryKey = new UniqueKey(null, ["id"]),
        };
        var ddl = Dialect.BuildTableDdl(table, sameProvider: false, warnings);
        Assert.Contains("`id` int NOT NULL AUTO_INCREMENT", ddl.Create, StringComparison.Ordinal);
        Assert.Contains("NULL DEFAULT 'it''s'", ddl.Create, StringComparison.Ordinal);
        Assert.Contains("NULL DEFAULT ('x')", ddl.Create, StringComparison.Ordinal);
        Assert.Contains("`n` int NULL DEFAULT -5", ddl.Create, StringComparison.Ordinal);
        Assert.Contains("`on` tinyint(1) NULL DEFAULT 1", ddl.Create, StringComparison.Ordinal);
        Assert.Contains("`at` timestamp(3) NULL DEFAULT CURRENT_TIMESTAMP(3)", ddl.Create, StringComparison.Ordinal);
        Assert.Contains("`day` date NULL DEFAULT (CURRENT_DATE)", ddl.Create, StringComparison.Ordinal);
        Assert.Contains("`gone` int NULL,", ddl.Create, StringComparison.Ordinal);
        Assert.Contains(warnings, w => w.Contains("d.code", StringComparison.Ordinal) && w.Contains("md5", StringComparison.Ordinal));
        Assert.Single(warnings);
        Assert.Contains("PRIMARY KEY (`id`)", ddl.Create, StringComparison.Ordinal);
        Assert.Empty(ddl.AfterLoad);
        Assert.Single(ddl.Finish);
    }

    [Fact]
    public void Checks_and_expression_indexes_of_other_engines_are_skipped_with_warnings()
    {
        List<string> warnings = [];
        var table = new Table
        {
            Name = new TableName(null, "c"),
            Columns = [Dialect.MapColumn(Col("n", TypeClass.Integer, bits: 32), "postgres", warnings)],
            Checks = [new CheckConstraint("c_n_check", "(n > 0)")],
            Indexes = [new TableIndex { Name = "c_expr", Columns = [], HasExpressions = true, Definition = "CREATE INDEX c_expr ON c ((n + 1))" }],
        };
        var ddl = Dialect.BuildTableDdl(table, sameProvider: false, warnings);
        Assert.Empty(ddl.AfterLoad);
        Assert.Equal(2, warnings.Count);
    }

    [Fact]
    public async Task A_table_from_another_engine_is_created_loaded_and_constrained_on_the_server()
    {
        await using var scratch = await MySqlScratch.CreateAsync("mycross");
        List<string> warnings = [];
        Table Mapped(Table t) => t with { Columns = t.Columns.Select(c => Dialect.MapColumn(c, "postgres", warnings)).ToList() };
        var parent = Mapped(new Table
        {
            Name = new TableName("public", "tag"),
            Columns = [Col("id", TypeClass.Integer, bits: 64, nullable: false, identity: true), Col("label", TypeClass.Text, nullable: false),
                       Col("at", TypeClass.DateTimeOffset, @default: "CURRENT_TIMESTAMP")],
            PrimaryKey = new UniqueKey("tag_pkey", ["id"]),
            UniqueKeys = [new UniqueKey("tag_label_key", ["label"])],
        });
        var child = Mapped(new Table
        {
            Name = new TableName("public", "tagged"),
            Columns = [Col("tag_id", TypeClass.Integer, bits: 64, nullable: false), Col("note", TypeClass.Text, length: 20)],
            ForeignKeys = [new ForeignKey { Name = "tagged_tag_id_fkey", Columns = ["tag_id"], ReferencedTable = new TableName("public", "tag"), ReferencedColumns = ["id"], OnDelete = "CASCADE" }],
        });
        var ddl = new[] { parent, child }.Select(t => Dialect.BuildTableDdl(t, sameProvider: false, warnings)).ToList();

        await using var conn = await scratch.OpenAsync();
        await MySqlScratch.ExecuteAsync(conn, ddl.Select(d => d.Create));
        await scratch.Provider.PrepareForLoadAsync(conn, CancellationToken.None);
        // Values that differ only by case or trailing spaces stay distinct under the unique key, as in PostgreSQL.
        using (var rows = new RowSourceReader(parent.Columns, [[1L, "abc", null], [2L, "ABC", null], [3L, "abc ", null], [4L, "Ä", null], [5L, "a", null]]))
        {
            await scratch.Provider.CreateBulkWriter().WriteAsync(conn, parent, rows, null, CancellationToken.None);
        }
        using (var rows = new RowSourceReader(child.Columns, [[1L, "x"], [3L, "y"]]))
        {
            await scratch.Provider.CreateBulkWriter().WriteAsync(conn, child, rows, null, CancellationToken.None);
        }
        await MySqlScratch.ExecuteAsync(conn, ddl.SelectMany(d => d.AfterLoad));
        await MySqlScratch.ExecuteAsync(conn, ddl.SelectMany(d => d.ForeignKeys));
        await MySqlScratch.ExecuteAsync(conn, ddl.SelectMany(d => d.Finish));

        await MySqlScratch.ExecuteAsync(conn, "INSERT INTO tag (label) VALUES ('new')");
        Assert.Equal(6L, await TestDatabases.CountAsync(scratch.Uri, "SELECT id FROM tag WHERE label = 'new'"));
        Assert.Equal(1L, await TestDatabases.CountAsync(scratch.Uri, "SELECT COUNT(*) FROM tag WHERE label = 'abc'"));
        var catalog = await scratch.InspectAsync();
        Assert.Equal(["label"], Assert.Single(catalog.FindTable("tag")!.UniqueKeys).Columns);
        Assert.Equal(TypeClass.DateTimeOffset, catalog.FindTable("tag")!.FindColumn("at")!.TypeClass);
        var fk = Assert.Single(catalog.FindTable("tagged")!.ForeignKeys);
        Assert.Equal(("tagged_tag_id_fkey", "CASCADE"), (fk.Name, fk.OnDelete));
        await Assert.ThrowsAnyAsync<Exception>(() => TestDatabases.ExecuteAsync(scratch.Uri, "INSERT INTO tag (label) VALUES ('abc')"));
    }
}
