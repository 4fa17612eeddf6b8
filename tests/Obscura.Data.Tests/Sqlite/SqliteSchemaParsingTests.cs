using Obscura.Core.Schema;
using Obscura.Data.Sqlite.Internal;

namespace Obscura.Data.Tests.Sqlite;

/// <summary>The tokenizer, the CREATE TABLE parser and type classification, without a database.</summary>
public sealed class SqliteSchemaParsingTests
{
    [Fact]
    public void The_tokenizer_respects_quotes_brackets_and_comments()
    {
        var tokens = SqlTokenizer.Tokenize("\uFEFF\"a \"\"b\"\" (\" [x, y] `z` 'it''s' -- c ( ,\n /* ) */ X'0A' 1.5e-3 ( )");
        Assert.Equal(
            [SqlTokenKind.QuotedIdentifier, SqlTokenKind.QuotedIdentifier, SqlTokenKind.QuotedIdentifier, SqlTokenKind.String, SqlTokenKind.Blob,
             SqlTokenKind.Number, SqlTokenKind.OpenParen, SqlTokenKind.CloseParen],
            tokens.Select(t => t.Kind));
        Assert.Equal(["a \"b\" (", "x, y", "z", "it's", "X'0A'", "1.5e-3"], tokens.Take(6).Select(t => t.Value));
    }

    [Fact]
    public void Table_and_column_checks_keep_their_names_and_exact_text()
    {
        var parsed = CreateTableParser.Parse("""
            CREATE TABLE "t" (
              a INT CHECK (a > (1 + (2 * 3))) CONSTRAINT b_ok CHECK(a <> ')'),
              "b,c" TEXT DEFAULT ('x,(y') NOT NULL,
              CONSTRAINT [named check] CHECK ( "b,c" IN ('p', 'q') ),
              CHECK (length("b,c") < 10) -- trailing comment with )
            )
            """);
        Assert.Collection(parsed.Checks,
            c => Assert.Equal((null, "a > (1 + (2 * 3))"), (c.Name, c.Expression)),
            c => Assert.Equal(("b_ok", "a <> ')'"), (c.Name, c.Expression)),
            c => Assert.Equal(("named check", "\"b,c\" IN ('p', 'q')"), (c.Name, c.Expression)),
            c => Assert.Equal((null, "length(\"b,c\") < 10"), (c.Name, c.Expression)));
    }

    [Fact]
    public void Constraint_names_and_autoincrement_are_found()
    {
        var parsed = CreateTableParser.Parse("""
            CREATE TABLE IF NOT EXISTS main.x (
              id INTEGER CONSTRAINT pk_x PRIMARY KEY AUTOINCREMENT,
              code TEXT CONSTRAINT uq_code UNIQUE,
              other TEXT UNIQUE,
              parent INT CONSTRAINT fk_parent REFERENCES x (id) ON DELETE CASCADE,
              a INT, b INT,
              CONSTRAINT uq_ab UNIQUE (a, "b" COLLATE NOCASE),
              CONSTRAINT fk_ab FOREIGN KEY (a, b) REFERENCES [y] (p, q)
            )
            """);
        Assert.Equal("pk_x", parsed.PrimaryKeyName);
        Assert.Contains("id", parsed.AutoIncrementColumns);
        Assert.Equal([("uq_code", "code"), (null, "other"), ("uq_ab", "a,b")], parsed.Uniques.Select(u => (u.Name, string.Join(",", u.Columns))));
        Assert.Equal([("fk_parent", "parent", "x"), ("fk_ab", "a,b", "y")], parsed.ForeignKeys.Select(f => (f.Name, string.Join(",", f.Columns), f.ReferencedTable)));
    }

    [Fact]
    public void A_table_created_from_a_select_has_nothing_to_parse()
    {
        var parsed = CreateTableParser.Parse("CREATE TABLE t AS SELECT 1 AS x");
        Assert.Empty(parsed.Checks);
        Assert.Null(parsed.PrimaryKeyName);
    }

    [Theory]
    [InlineData("INTEGER", TypeClass.Integer, 64)]
    [InlineData("int", TypeClass.Integer, 64)]
    [InlineData("BIGINT", TypeClass.Integer, 64)]
    [InlineData("INT8", TypeClass.Integer, 64)]
    [InlineData("SMALLINT", TypeClass.Integer, 16)]
    [InlineData("TINYINT", TypeClass.Integer, 8)]
    [InlineData("MEDIUMINT", TypeClass.Integer, 24)]
    [InlineData("UNSIGNED BIG INT", TypeClass.Integer, 64)]
    [InlineData("BOOLEAN", TypeClass.Boolean, null)]
    [InlineData("bool", TypeClass.Boolean, null)]
    [InlineData("NVARCHAR(160)", TypeClass.Text, null)]
    [InlineData("CHARACTER VARYING(10)", TypeClass.Text, null)]
    [InlineData("CLOB", TypeClass.Text, null)]
    [InlineData("BLOB SUB_TYPE TEXT", TypeClass.Text, null)]
    [InlineData("BLOB", TypeClass.Binary, null)]
    [InlineData("VARBINARY(16)", TypeClass.Binary, null)]
    [InlineData("REAL", TypeClass.Float, null)]
    [InlineData("DOUBLE PRECISION", TypeClass.Float, null)]
    [InlineData("FLOATING POINT", TypeClass.Float, null)]
    [InlineData("NUMERIC", TypeClass.Decimal, null)]
    [InlineData("DECIMAL(10,5)", TypeClass.Decimal, null)]
    [InlineData("MONEY", TypeClass.Decimal, null)]
    [InlineData("DATE", TypeClass.Date, null)]
    [InlineData("DATETIME", TypeClass.DateTime, null)]
    [InlineData("TIMESTAMP", TypeClass.DateTime, null)]
    [InlineData("TIMESTAMP WITHOUT TIME ZONE", TypeClass.DateTime, null)]
    [InlineData("TIMESTAMPTZ", TypeClass.DateTimeOffset, null)]
    [InlineData("TIMESTAMP WITH TIME ZONE", TypeClass.DateTimeOffset, null)]
    [InlineData("DATETIMEOFFSET", TypeClass.DateTimeOffset, null)]
    [InlineData("TIME", TypeClass.Time, null)]
    [InlineData("UUID", TypeClass.Uuid, null)]
    [InlineData("GUID", TypeClass.Uuid, null)]
    [InlineData("UNIQUEIDENTIFIER", TypeClass.Uuid, null)]
    [InlineData("JSON", TypeClass.Json, null)]
    [InlineData("JSONB", TypeClass.Json, null)]
    [InlineData("POINT", TypeClass.Other, null)]
    [InlineData("INTERVAL", TypeClass.Other, null)]
    [InlineData("XML", TypeClass.Other, null)]
    [InlineData("", TypeClass.Other, null)]
    public void Declared_types_are_classified_by_affinity_refined_by_name(string declared, TypeClass expected, int? bits)
    {
        var info = SqliteTypes.Classify(declared);
        Assert.Equal(expected, info.TypeClass);
        Assert.Equal(bits, info.IntegerBits);
    }

    [Fact]
    public void Lengths_precisions_and_scales_come_from_the_arguments()
    {
        Assert.Equal(160, SqliteTypes.Classify("NVARCHAR(160)").MaxLength);
        Assert.Equal(16, SqliteTypes.Classify("VARBINARY( 16 )").MaxLength);
        Assert.Equal((10, 5), (SqliteTypes.Classify("DECIMAL (10, 5)").Precision!.Value, SqliteTypes.Classify("DECIMAL (10, 5)").Scale!.Value));
        Assert.Equal(3, SqliteTypes.Classify("TIMESTAMP(3)").Precision);
        Assert.True(SqliteTypes.Classify("INT UNSIGNED").IsUnsigned);
    }

    [Theory]
    [InlineData("INTEGER", "Integer")]
    [InlineData("POINT", "Integer")]
    [InlineData("VARCHAR(10)", "Text")]
    [InlineData("BLOB", "Blob")]
    [InlineData("", "Blob")]
    [InlineData("DOUBLE", "Real")]
    [InlineData("DATE", "Numeric")]
    [InlineData("DECIMAL_TEXT(30,10)", "Text")]
    public void Affinity_follows_sqlites_rules(string declared, string expected) =>
        Assert.Equal(expected, SqliteTypes.Affinity(declared).ToString());

    [Fact]
    public void Times_are_written_as_hours_minutes_seconds_with_a_fraction_only_when_needed()
    {
        Assert.Equal("00:00:00", SqliteValues.TimeText(TimeSpan.Zero));
        Assert.Equal("13:05:09.25", SqliteValues.TimeText(new TimeSpan(0, 13, 5, 9, 250)));
        Assert.Equal("1.02:00:00", SqliteValues.TimeText(TimeSpan.FromHours(26)));
        Assert.Equal("-01:00:00", SqliteValues.TimeText(TimeSpan.FromHours(-1)));
        Assert.Equal("2020-01-02 03:04:05", SqliteValues.DateTimeText(new DateTime(2020, 1, 2, 3, 4, 5)));
        Assert.Equal("2020-01-02 03:04:05.1", SqliteValues.DateTimeText(new DateTime(2020, 1, 2, 3, 4, 5, 100)));
    }
}
