using Obscura.Core.Schema;
using Obscura.Data.Postgres;

namespace Obscura.Data.Tests.Postgres;

/// <summary>Quoting, cross-provider type mapping, defaults and DDL text (no server needed).</summary>
public sealed class PostgresDialectTests
{
    private static readonly PostgresDialect Dialect = new();

    private static Column Source(TypeClass type, string declared = "src", int? bits = null, bool unsigned = false, int? length = null,
        int? precision = null, int? scale = null, string? @default = null) =>
        new()
        {
            Name = "c", DeclaredType = declared, TypeClass = type, IntegerBits = bits, IsUnsigned = unsigned, MaxLength = length,
            Precision = precision, Scale = scale, Default = @default,
        };

    private static Column Map(Column source, ICollection<string>? warnings = null) => Dialect.MapColumn(source, "mysql", warnings ?? []);

    [Fact]
    public void Identifiers_are_double_quoted_with_embedded_quotes_doubled()
    {
        Assert.Equal("\"order\"", Dialect.Quote("order"));
        Assert.Equal("\"Date Of Birth\"", Dialect.Quote("Date Of Birth"));
        Assert.Equal("\"say \"\"hi\"\"\"", Dialect.Quote("say \"hi\""));
        Assert.Equal("\"Sales\".\"User\"", Dialect.Qualify(new TableName("Sales", "User")));
        Assert.Equal(("postgres", true, "public"), (Dialect.Name, Dialect.SupportsSchemas, Dialect.DefaultSchema));
    }

    [Theory]
    [InlineData(8, false, "smallint", 16)]
    [InlineData(8, true, "smallint", 16)]
    [InlineData(16, false, "smallint", 16)]
    [InlineData(16, true, "integer", 32)]
    [InlineData(24, false, "integer", 32)]
    [InlineData(24, true, "integer", 32)]
    [InlineData(32, false, "integer", 32)]
    [InlineData(32, true, "bigint", 64)]
    [InlineData(64, false, "bigint", 64)]
    public void Integers_from_other_engines_map_by_width_and_signedness(int bits, bool unsigned, string expected, int expectedBits)
    {
        var mapped = Map(Source(TypeClass.Integer, bits: bits, unsigned: unsigned));
        Assert.Equal((expected, TypeClass.Integer, (int?)expectedBits, false), (mapped.DeclaredType, mapped.TypeClass, mapped.IntegerBits, mapped.IsUnsigned));
    }

    [Fact]
    public void Unsigned_64_bit_integers_become_numeric_20_0()
    {
        var mapped = Map(Source(TypeClass.Integer, bits: 64, unsigned: true));
        Assert.Equal(("numeric(20,0)", TypeClass.Decimal, (int?)20, (int?)0), (mapped.DeclaredType, mapped.TypeClass, mapped.Precision, mapped.Scale));
        Assert.Equal("bigint", Map(Source(TypeClass.Integer)).DeclaredType);
    }

    [Theory]
    [InlineData(TypeClass.Decimal, 12, 2, null, "numeric(12,2)")]
    [InlineData(TypeClass.Decimal, null, null, null, "numeric")]
    [InlineData(TypeClass.Float, null, null, null, "double precision")]
    [InlineData(TypeClass.Boolean, null, null, null, "boolean")]
    [InlineData(TypeClass.Date, null, null, null, "date")]
    [InlineData(TypeClass.DateTime, 3, null, null, "timestamp(3) without time zone")]
    [InlineData(TypeClass.DateTime, null, null, null, "timestamp without time zone")]
    [InlineData(TypeClass.DateTimeOffset, 6, null, null, "timestamp(6) with time zone")]
    [InlineData(TypeClass.Time, null, null, null, "time without time zone")]
    [InlineData(TypeClass.Uuid, null, null, null, "uuid")]
    [InlineData(TypeClass.Json, null, null, null, "jsonb")]
    [InlineData(TypeClass.Binary, null, null, 255, "bytea")]
    [InlineData(TypeClass.Text, null, null, 40, "character varying(40)")]
    [InlineData(TypeClass.Text, null, null, null, "text")]
    [InlineData(TypeClass.Text, null, null, int.MaxValue, "text")]
    public void Other_classes_map_to_the_documented_types(TypeClass type, int? precision, int? scale, int? length, string expected)
    {
        var warnings = new List<string>();
        var mapped = Map(Source(type, precision: precision, scale: scale, length: length), warnings);
        Assert.Equal(expected, mapped.DeclaredType);
        Assert.Equal(type, mapped.TypeClass);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Enums_from_other_engines_become_text_without_a_warning()
    {
        var warnings = new List<string>();
        var mapped = Map(Source(TypeClass.Text, "enum('a','b')", length: 1) with { EnumValues = ["a", "b"] }, warnings);
        Assert.Equal(("text", TypeClass.Text), (mapped.DeclaredType, mapped.TypeClass));
        Assert.Empty(warnings);
    }

    [Fact]
    public void Other_class_columns_become_text_with_a_warning_naming_the_column_and_source_type()
    {
        var warnings = new List<string>();
        var mapped = Map(Source(TypeClass.Other, "geometry") with { Name = "Shape Area" }, warnings);
        Assert.Equal(("text", TypeClass.Text), (mapped.DeclaredType, mapped.TypeClass));
        var warning = Assert.Single(warnings);
        Assert.Contains("\"Shape Area\"", warning);
        Assert.Contains("geometry", warning);
    }

    [Fact]
    public void Same_provider_columns_are_kept_verbatim()
    {
        var column = Source(TypeClass.Other, "app.\"My Type\"[]") with { Default = "app.f()" };
        Assert.Same(column, Dialect.MapColumn(column, "postgres", []));
    }

    [Theory]
    [InlineData(TypeClass.Integer, "0", "0")]
    [InlineData(TypeClass.Integer, "'5'", "5")]
    [InlineData(TypeClass.Decimal, "-1.50", "-1.50")]
    [InlineData(TypeClass.Boolean, "1", "true")]
    [InlineData(TypeClass.Boolean, "b'0'", "false")]
    [InlineData(TypeClass.Text, "'it''s'", "'it''s'")]
    [InlineData(TypeClass.Text, "('anon')", "'anon'")]
    [InlineData(TypeClass.Text, "42", "'42'")]
    [InlineData(TypeClass.DateTime, "current_timestamp()", "LOCALTIMESTAMP")]
    [InlineData(TypeClass.DateTimeOffset, "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP")]
    [InlineData(TypeClass.Date, "curdate()", "CURRENT_DATE")]
    [InlineData(TypeClass.Date, "'2024-02-29'", "'2024-02-29'")]
    [InlineData(TypeClass.Uuid, "'f81d4fae-7dec-11d0-a765-00a0c91e6bf6'", "'f81d4fae-7dec-11d0-a765-00a0c91e6bf6'")]
    public void Portable_defaults_from_other_engines_are_translated(TypeClass type, string source, string expected)
    {
        var warnings = new List<string>();
        Assert.Equal(expected, Map(Source(type, @default: source), warnings).Default);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData(TypeClass.Uuid, "uuid()")]
    [InlineData(TypeClass.DateTime, "'0000-00-00 00:00:00'")]
    [InlineData(TypeClass.Integer, "'abc'")]
    [InlineData(TypeClass.Text, "concat('a', 'b')")]
    public void Other_defaults_are_dropped_with_a_warning(TypeClass type, string source)
    {
        var warnings = new List<string>();
        Assert.Null(Map(Source(type, @default: source), warnings).Default);
        Assert.Contains("\"c\"", Assert.Single(warnings));
    }

    [Fact]
    public void Select_casts_other_enum_network_and_wide_numeric_columns_to_text()
    {
        Assert.Equal("\"a b\"", Dialect.SelectExpression(Source(TypeClass.Integer, "integer") with { Name = "a b" }));
        Assert.Equal("\"c\"", Dialect.SelectExpression(Source(TypeClass.Text, "character varying(10)")));
        Assert.Equal("\"c\"", Dialect.SelectExpression(Source(TypeClass.Decimal, "numeric(12,2)", precision: 12, scale: 2)));
        Assert.Equal("\"c\"::interval AS \"c\"", Dialect.SelectExpression(Source(TypeClass.Time, "time(3) without time zone")));
        Assert.Equal("\"c\"::text AS \"c\"", Dialect.SelectExpression(Source(TypeClass.Other, "integer[]")));
        Assert.Equal("\"c\"::text AS \"c\"", Dialect.SelectExpression(Source(TypeClass.Text, "mood") with { EnumValues = ["a"] }));
        Assert.Equal("\"c\"::text AS \"c\"", Dialect.SelectExpression(Source(TypeClass.Decimal, "numeric")));
        Assert.Equal("pg_catalog.inet_out(\"c\")::text AS \"c\"", Dialect.SelectExpression(Source(TypeClass.Text, "inet")));
        Assert.Equal("SELECT \"id\", \"c\"::text AS \"c\" FROM \"public\".\"t\" WHERE id > 1",
            Dialect.SelectColumns(new TableName("public", "t"), [Source(TypeClass.Integer, "integer") with { Name = "id" }, Source(TypeClass.Other, "interval")], "id > 1"));
    }

    [Fact]
    public void Cross_provider_ddl_creates_identities_keys_and_plain_indexes_and_warns_about_the_rest()
    {
        var table = new Table
        {
            Name = new TableName("public", "Order"),
            Columns =
            [
                Map(Source(TypeClass.Integer, bits: 32, unsigned: true) with { Name = "id", IsIdentity = true, IsNullable = false }),
                Map(Source(TypeClass.Text, length: 20, @default: "'new'") with { Name = "status" }),
                Map(Source(TypeClass.Integer, bits: 32) with { Name = "customer" }),
            ],
            PrimaryKey = new UniqueKey("PRIMARY", ["id"]),
            UniqueKeys = [new UniqueKey("status", ["status", "customer"])],
            ForeignKeys = [new ForeignKey { Name = "fk_customer", Columns = ["customer"], ReferencedTable = new TableName("public", "customer"), ReferencedColumns = ["id"], OnDelete = "CASCADE" }],
            Indexes =
            [
                new TableIndex { Name = "idx_customer", Columns = ["customer"] },
                new TableIndex { Name = "idx_expr", Columns = [], HasExpressions = true, Definition = "KEY idx_expr ((lower(status)))" },
            ],
            Checks = [new CheckConstraint("chk", "customer > 0")],
        };
        var warnings = new List<string>();
        var ddl = Dialect.BuildTableDdl(table, sameProvider: false, warnings);
        Assert.Equal(
            "CREATE TABLE \"public\".\"Order\" (\n    \"id\" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n    \"status\" character varying(20) DEFAULT 'new',\n    \"customer\" integer\n)",
            ddl.Create);
        // Keys build as unique indexes that may run concurrently, then attach as constraints.
        Assert.Equal(
        [
            "CREATE UNIQUE INDEX \"Order_pkey\" ON \"public\".\"Order\" (\"id\")",
            "CREATE UNIQUE INDEX \"Order_status_customer_key\" ON \"public\".\"Order\" (\"status\", \"customer\")",
            "CREATE INDEX ON \"public\".\"Order\" (\"customer\")",
        ], ddl.ConcurrentIndexes);
        Assert.Equal(
        [
            "ALTER TABLE \"public\".\"Order\" ADD CONSTRAINT \"Order_pkey\" PRIMARY KEY USING INDEX \"Order_pkey\"",
            "ALTER TABLE \"public\".\"Order\" ADD CONSTRAINT \"Order_status_customer_key\" UNIQUE USING INDEX \"Order_status_customer_key\"",
        ], ddl.AfterLoad);
        Assert.Equal(["ALTER TABLE \"public\".\"Order\" ADD CONSTRAINT \"fk_customer\" FOREIGN KEY (\"customer\") REFERENCES \"public\".\"customer\" (\"id\") ON DELETE CASCADE"], ddl.ForeignKeys);
        Assert.Contains("pg_get_serial_sequence('\"public\".\"Order\"', 'id')", Assert.Single(ddl.Finish));
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("idx_expr", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("chk", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_provider_index_definitions_are_retargeted_at_the_target_table()
    {
        var table = new Table
        {
            Name = new TableName("copy", "User"),
            Columns = [new Column { Name = "email", DeclaredType = "text", TypeClass = TypeClass.Text }],
            Indexes = [new TableIndex { Name = "u_idx", Columns = [], HasExpressions = true, Definition = "CREATE UNIQUE INDEX u_idx ON ONLY app.\"User\" USING btree (lower(email)) WHERE (email <> ''::text)" }],
        };
        var ddl = Dialect.BuildTableDdl(table, sameProvider: true, []);
        Assert.Equal("CREATE UNIQUE INDEX u_idx ON \"copy\".\"User\" USING btree (lower(email)) WHERE (email <> ''::text)", Assert.Single(ddl.ConcurrentIndexes));
    }

    [Fact]
    public void Drop_cascades_and_schemas_are_created_if_missing()
    {
        Assert.Equal("DROP TABLE IF EXISTS \"public\".\"order\" CASCADE", Dialect.DropTableIfExists(new TableName("public", "order")));
        Assert.Equal("CREATE SCHEMA IF NOT EXISTS \"Sales\"", Dialect.CreateSchemaIfMissing("Sales"));
    }
}
