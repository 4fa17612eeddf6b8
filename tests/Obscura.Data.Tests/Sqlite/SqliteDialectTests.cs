using Obscura.Core.Schema;
using Obscura.Data.Sqlite;

namespace Obscura.Data.Tests.Sqlite;

/// <summary>Quoting, the documented mapping from other engines' columns, and the DDL the dialect builds.</summary>
public sealed class SqliteDialectTests
{
    private static readonly SqliteDialect Dialect = new();

    private static Column Neutral(string name, TypeClass type, int? length = null, int? precision = null, int? scale = null, int? bits = null) =>
        new() { Name = name, DeclaredType = "source type", TypeClass = type, MaxLength = length, Precision = precision, Scale = scale, IntegerBits = bits };

    [Fact]
    public void Identifiers_are_double_quoted_with_embedded_quotes_doubled()
    {
        Assert.Equal("\"order\"", Dialect.Quote("order"));
        Assert.Equal("\"Date Of Birth\"", Dialect.Quote("Date Of Birth"));
        Assert.Equal("\"say \"\"hi\"\"\"", Dialect.Quote("say \"hi\""));
        Assert.Equal("\"Order Details\"", Dialect.Qualify(new TableName("ignored", "Order Details")));
        Assert.False(Dialect.SupportsSchemas);
        Assert.Null(Dialect.DefaultSchema);
        Assert.Null(Dialect.CreateSchemaIfMissing("sales"));
        Assert.Equal("DROP TABLE IF EXISTS \"Order Details\"", Dialect.DropTableIfExists(new TableName(null, "Order Details")));
    }

    [Fact]
    public void Columns_from_sqlite_keep_their_declared_type_verbatim()
    {
        var column = new Column { Name = "x", DeclaredType = "NVARCHAR(70)", TypeClass = TypeClass.Text, MaxLength = 70, Default = "datetime('now')" };
        Assert.Same(column, Dialect.MapColumn(column, "sqlite", new List<string>()));
    }

    [Theory]
    [InlineData(TypeClass.Text, 40, null, null, null, "VARCHAR(40)")]
    [InlineData(TypeClass.Text, null, null, null, null, "TEXT")]
    [InlineData(TypeClass.Integer, null, null, null, 64, "INTEGER")]
    [InlineData(TypeClass.Integer, null, null, null, 32, "INT")]
    [InlineData(TypeClass.Integer, null, null, null, 16, "SMALLINT")]
    [InlineData(TypeClass.Integer, null, null, null, 8, "TINYINT")]
    [InlineData(TypeClass.Integer, null, null, null, 24, "MEDIUMINT")]
    [InlineData(TypeClass.Decimal, null, 10, 2, null, "NUMERIC(10,2)")]
    [InlineData(TypeClass.Decimal, null, 15, null, null, "NUMERIC(15)")]
    [InlineData(TypeClass.Decimal, null, 18, 4, null, "DECIMAL_TEXT(18,4)")]
    [InlineData(TypeClass.Decimal, null, null, null, null, "DECIMAL_TEXT")]
    [InlineData(TypeClass.Float, null, null, null, null, "REAL")]
    [InlineData(TypeClass.Boolean, null, null, null, null, "BOOLEAN")]
    [InlineData(TypeClass.Date, null, null, null, null, "DATE")]
    [InlineData(TypeClass.DateTime, null, null, null, null, "DATETIME")]
    [InlineData(TypeClass.DateTime, null, 6, null, null, "DATETIME(6)")]
    [InlineData(TypeClass.DateTimeOffset, null, null, null, null, "TIMESTAMPTZ")]
    [InlineData(TypeClass.Time, null, null, null, null, "TIME")]
    [InlineData(TypeClass.Uuid, null, null, null, null, "UUID")]
    [InlineData(TypeClass.Json, null, null, null, null, "JSON")]
    [InlineData(TypeClass.Binary, null, null, null, null, "BLOB")]
    [InlineData(TypeClass.Binary, 16, null, null, null, "BLOB(16)")]
    public void Columns_from_other_engines_map_by_type_class(TypeClass type, int? length, int? precision, int? scale, int? bits, string expected)
    {
        var warnings = new List<string>();
        var mapped = Dialect.MapColumn(Neutral("c", type, length, precision, scale, bits), "postgres", warnings);
        Assert.Equal(expected, mapped.DeclaredType);
        Assert.Equal(type, mapped.TypeClass);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("VARCHAR(40)")]
    [InlineData("INTEGER")]
    [InlineData("SMALLINT")]
    [InlineData("NUMERIC(10,2)")]
    [InlineData("DECIMAL_TEXT(18,4)")]
    [InlineData("REAL")]
    [InlineData("BOOLEAN")]
    [InlineData("DATE")]
    [InlineData("DATETIME(6)")]
    [InlineData("TIMESTAMPTZ")]
    [InlineData("TIME")]
    [InlineData("UUID")]
    [InlineData("JSON")]
    [InlineData("BLOB(16)")]
    public void Mapped_types_are_classified_back_into_the_same_type_class(string declared)
    {
        var inspected = Obscura.Data.Sqlite.Internal.SqliteTypes.Classify(declared);
        var warnings = new List<string>();
        var mapped = Dialect.MapColumn(Neutral("c", inspected.TypeClass, inspected.MaxLength, inspected.Precision, inspected.Scale, inspected.IntegerBits), "mysql", warnings);
        Assert.Equal(declared, mapped.DeclaredType);
    }

    [Fact]
    public void Unsigned_integers_keep_unsigned_and_identity_integers_become_integer()
    {
        var warnings = new List<string>();
        Assert.Equal("INT UNSIGNED", Dialect.MapColumn(Neutral("c", TypeClass.Integer, bits: 32) with { IsUnsigned = true }, "mysql", warnings).DeclaredType);
        Assert.Equal("UNSIGNED BIG INT", Dialect.MapColumn(Neutral("c", TypeClass.Integer, bits: 64) with { IsUnsigned = true }, "mysql", warnings).DeclaredType);
        var identity = Dialect.MapColumn(Neutral("id", TypeClass.Integer, bits: 32) with { IsIdentity = true, Default = "nextval('t_id_seq'::regclass)" }, "postgres", warnings);
        Assert.Equal("INTEGER", identity.DeclaredType);
        Assert.Null(identity.Default);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Other_types_become_text_or_blob_with_a_warning_naming_the_column_and_source_type()
    {
        var warnings = new List<string>();
        var text = Dialect.MapColumn(new Column { Name = "span", DeclaredType = "tsrange", TypeClass = TypeClass.Other }, "postgres", warnings);
        var blob = Dialect.MapColumn(new Column { Name = "where", DeclaredType = "geometry(Point,4326)", TypeClass = TypeClass.Other }, "postgres", warnings);
        Assert.Equal("TEXT", text.DeclaredType);
        Assert.Equal("BLOB", blob.DeclaredType);
        Assert.Collection(warnings,
            w => Assert.Contains("\"span\"", w, StringComparison.Ordinal),
            w => Assert.Contains("geometry(Point,4326)", w, StringComparison.Ordinal));
        Assert.Contains("tsrange", warnings[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'abc'::character varying", TypeClass.Text, "'abc'")]
    [InlineData("'O''Brien'", TypeClass.Text, "'O''Brien'")]
    [InlineData("0", TypeClass.Integer, "0")]
    [InlineData("-1.5", TypeClass.Decimal, "-1.5")]
    [InlineData("(0)::numeric", TypeClass.Decimal, "0")]
    [InlineData("true", TypeClass.Boolean, "1")]
    [InlineData("'f'::boolean", TypeClass.Boolean, "0")]
    [InlineData("now()", TypeClass.DateTimeOffset, "CURRENT_TIMESTAMP")]
    [InlineData("current_timestamp()", TypeClass.DateTime, "CURRENT_TIMESTAMP")]
    [InlineData("CURRENT_TIMESTAMP(6)", TypeClass.DateTime, "CURRENT_TIMESTAMP")]
    [InlineData("curdate()", TypeClass.Date, "CURRENT_DATE")]
    [InlineData("NULL", TypeClass.Text, null)]
    public void Simple_defaults_from_other_engines_are_translated(string source, TypeClass type, string? expected)
    {
        var warnings = new List<string>();
        var mapped = Dialect.MapColumn(Neutral("c", type) with { Default = source }, "postgres", warnings);
        Assert.Equal(expected, mapped.Default);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Defaults_that_cannot_be_translated_are_dropped_with_a_warning()
    {
        var warnings = new List<string>();
        var mapped = Dialect.MapColumn(Neutral("token", TypeClass.Uuid) with { Default = "gen_random_uuid()" }, "postgres", warnings);
        Assert.Null(mapped.Default);
        Assert.Contains("gen_random_uuid()", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_from_other_engines_declare_keys_uniques_enum_checks_and_foreign_keys_inline()
    {
        var warnings = new List<string>();
        var columns = new[]
        {
            Neutral("id", TypeClass.Integer, bits: 64) with { IsIdentity = true, IsNullable = false },
            Neutral("status", TypeClass.Text) with { EnumValues = ["new", "it's done"] },
            Neutral("owner_id", TypeClass.Integer, bits: 32),
            Neutral("email", TypeClass.Text, length: 100) with { IsNullable = false, Default = "'none'::text" },
        }.Select(c => Dialect.MapColumn(c, "postgres", warnings)).ToList();
        var table = new Table
        {
            Name = new TableName(null, "tickets"),
            Columns = columns,
            PrimaryKey = new UniqueKey("tickets_pkey", ["id"]),
            UniqueKeys = [new UniqueKey("tickets_email_key", ["email"])],
            ForeignKeys =
            [
                new ForeignKey
                {
                    Name = "tickets_owner_fk", Columns = ["owner_id"], ReferencedTable = new TableName(null, "users"), ReferencedColumns = ["id"],
                    OnDelete = "SET NULL", OnUpdate = "CASCADE",
                },
            ],
            Checks = [new CheckConstraint("tickets_check", "(char_length(email) > 3)")],
            Indexes =
            [
                new TableIndex { Name = "idx_fk_owner", Columns = ["owner_id"] },
                new TableIndex { Name = "tickets_status_idx", Columns = ["status", "owner_id"], IsUnique = true },
                new TableIndex { Name = "tickets_lower_email", Columns = [], HasExpressions = true, Definition = "CREATE INDEX ... (lower(email))" },
            ],
        };
        var ddl = Dialect.BuildTableDdl(table, sameProvider: false, warnings);
        Assert.Equal(
            "CREATE TABLE \"tickets\" (\n" +
            "  \"id\" INTEGER CONSTRAINT \"tickets_pkey\" PRIMARY KEY NOT NULL,\n" +
            "  \"status\" TEXT,\n" +
            "  \"owner_id\" INT,\n" +
            "  \"email\" VARCHAR(100) NOT NULL DEFAULT 'none',\n" +
            "  CONSTRAINT \"tickets_email_key\" UNIQUE (\"email\"),\n" +
            "  CHECK (\"status\" IN ('new', 'it''s done')),\n" +
            "  CONSTRAINT \"tickets_owner_fk\" FOREIGN KEY (\"owner_id\") REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE\n" +
            ")",
            ddl.Create);
        Assert.Equal(
            [
                "CREATE INDEX \"tickets_idx_fk_owner\" ON \"tickets\" (\"owner_id\")",
                "CREATE UNIQUE INDEX \"tickets_status_idx\" ON \"tickets\" (\"status\", \"owner_id\")",
            ],
            ddl.AfterLoad);
        Assert.Empty(ddl.ForeignKeys);
        Assert.Empty(ddl.Finish);
        Assert.Collection(warnings,
            w => Assert.Contains("tickets_check", w, StringComparison.Ordinal),
            w => Assert.Contains("tickets_lower_email", w, StringComparison.Ordinal));
    }

    [Fact]
    public void Same_engine_tables_keep_checks_autoincrement_defaults_and_index_definitions_verbatim()
    {
        var table = new Table
        {
            Name = new TableName(null, "t"),
            Columns =
            [
                new Column { Name = "id", DeclaredType = "INTEGER", TypeClass = TypeClass.Integer, IsIdentity = true, IsNullable = false, IdentityDefinition = "AUTOINCREMENT" },
                new Column { Name = "at", DeclaredType = "TEXT", TypeClass = TypeClass.Text, Default = "datetime('now')" },
                new Column { Name = "n", DeclaredType = "", TypeClass = TypeClass.Other, Default = "-1" },
            ],
            PrimaryKey = new UniqueKey(null, ["id"]),
            Checks = [new CheckConstraint("positive", "n > (0)")],
            Indexes = [new TableIndex { Name = "ix", Columns = [], HasExpressions = true, Definition = "CREATE INDEX ix ON t (lower(at)) WHERE n > 0" }],
        };
        var warnings = new List<string>();
        var ddl = Dialect.BuildTableDdl(table, sameProvider: true, warnings);
        Assert.Equal(
            "CREATE TABLE \"t\" (\n  \"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n  \"at\" TEXT DEFAULT (datetime('now')),\n  \"n\" DEFAULT -1,\n" +
            "  CONSTRAINT \"positive\" CHECK (n > (0))\n)",
            ddl.Create);
        Assert.Equal(["CREATE INDEX ix ON t (lower(at)) WHERE n > 0"], ddl.AfterLoad);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_composite_or_non_integer_primary_key_is_a_table_constraint()
    {
        var table = new Table
        {
            Name = new TableName(null, "t"),
            Columns =
            [
                new Column { Name = "a", DeclaredType = "INT", TypeClass = TypeClass.Integer },
                new Column { Name = "b", DeclaredType = "TEXT", TypeClass = TypeClass.Text },
            ],
            PrimaryKey = new UniqueKey("pk_t", ["a"]),
        };
        var ddl = Dialect.BuildTableDdl(table, true, new List<string>());
        Assert.Contains("CONSTRAINT \"pk_t\" PRIMARY KEY (\"a\")", ddl.Create, StringComparison.Ordinal);
        ddl = Dialect.BuildTableDdl(table with { PrimaryKey = new UniqueKey(null, ["a", "b"]) }, true, new List<string>());
        Assert.Contains("  PRIMARY KEY (\"a\", \"b\")", ddl.Create, StringComparison.Ordinal);
    }
}
