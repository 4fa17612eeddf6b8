using Obscura.Core.Diagnostics;
using Obscura.Core.Query;
using Obscura.Core.Query.Ast;
using Xunit;

namespace Obscura.Core.Tests.Query;

public sealed class QueryParserTests
{
    [Fact]
    public void SmartNoise_dialect_parses_top_var_pi_and_power()
    {
        var s = QueryParser.Parse("SELECT TOP 5 PI(), VAR(age), POWER(AVG(age), 2) FROM PUMS.PUMS");
        var select = Assert.IsType<SelectQuery>(s.Body);
        Assert.Equal(5, select.Top);
        Assert.Equal(["PI", "VAR", "POWER"], select.Items.Select(i => ((FunctionCall)i.Expression).Name));
        var table = Assert.IsType<NamedTable>(select.From);
        Assert.Equal(("PUMS", "PUMS"), (table.Schema, table.Name));
    }

    [Fact]
    public void A_trailing_limit_and_offset_are_read_from_the_token_stream()
    {
        var s = QueryParser.Parse("SELECT COUNT(*) FROM t -- LIMIT 99 in a comment\n LIMIT 10 OFFSET 20;");
        Assert.Equal(10, s.Limit);
        Assert.Equal(20, s.Offset);
        var quoted = QueryParser.Parse("SELECT COUNT(*) FROM t WHERE name = 'LIMIT 3'");
        Assert.Null(quoted.Limit);
    }

    [Fact]
    public void A_limit_inside_a_subquery_is_rejected_with_its_position()
    {
        var e = Assert.Throws<QueryRejectedException>(() => QueryParser.Parse("SELECT COUNT(*) FROM (SELECT * FROM t LIMIT 5) AS x"));
        Assert.Equal(DiagnosticCodes.QueryUnsupported, e.Code);
        Assert.Equal(new SqlPosition(1, 39), e.Position);
    }

    [Fact]
    public void A_derived_table_without_alias_gets_one()
    {
        var s = QueryParser.Parse("SELECT COUNT(*) FROM (SELECT * FROM PUMS.PUMS)");
        var derived = Assert.IsType<DerivedTable>(((SelectQuery)s.Body).From);
        Assert.StartsWith("derived_", derived.Alias, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctes_windows_and_percentiles_map_to_the_engines_ast()
    {
        var s = QueryParser.Parse("""
            WITH f AS (SELECT pid, ROW_NUMBER() OVER (PARTITION BY pid ORDER BY age DESC) AS rn FROM p)
            SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY age) OVER () AS med FROM f WHERE rn = 1
            """);
        var cte = Assert.Single(s.With);
        var inner = (SelectQuery)cte.Query;
        var window = Assert.IsType<FunctionCall>(inner.Items[1].Expression);
        Assert.Equal("ROW_NUMBER", window.Name);
        Assert.True(Assert.Single(window.Over!.OrderBy).Descending);
        var percentile = Assert.IsType<FunctionCall>(((SelectQuery)s.Body).Items[0].Expression);
        Assert.Null(percentile.Over); // T-SQL's mandatory OVER () means "the group"
        Assert.Equal(2, percentile.Arguments.Count);
    }

    [Theory]
    [InlineData("DELETE FROM t", DiagnosticCodes.QueryNotSelect)]
    [InlineData("SELECT 1; SELECT 2", DiagnosticCodes.QueryNotSelect)]
    [InlineData("SELECT COUNT(* FROM t", DiagnosticCodes.QuerySyntax)]
    [InlineData("SELECT a INTO x FROM t", DiagnosticCodes.QueryUnsupported)]
    public void Statements_other_than_one_select_are_rejected(string sql, string code)
    {
        var e = Assert.Throws<QueryRejectedException>(() => QueryParser.Parse(sql));
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void PostgreSQL_casts_become_cast_expressions()
    {
        var s = QueryParser.Parse("SELECT AVG(age::float), SUM(p.income::numeric(12, 2)), COUNT(*)::double precision, MAX((age + 1)::int::text) FROM PUMS AS p");
        var items = ((SelectQuery)s.Body).Items.Select(i => i.Expression).ToList();
        var avg = Assert.IsType<CastExpression>(((FunctionCall)items[0]).Arguments[0]);
        Assert.Equal(CastType.Float, avg.Type);
        Assert.Equal("age", Assert.IsType<ColumnReference>(avg.Operand).Name);
        var sum = Assert.IsType<CastExpression>(((FunctionCall)items[1]).Arguments[0]);
        Assert.Equal(CastType.Decimal, sum.Type);
        Assert.Equal(("p", "income"), (((ColumnReference)sum.Operand).Qualifier, ((ColumnReference)sum.Operand).Name));
        var count = Assert.IsType<CastExpression>(items[2]);
        Assert.Equal(CastType.Float, count.Type);
        Assert.Equal("COUNT", Assert.IsType<FunctionCall>(count.Operand).Name);
        var chained = Assert.IsType<CastExpression>(((FunctionCall)items[3]).Arguments[0]);
        Assert.Equal(CastType.Text, chained.Type);
        Assert.Equal(CastType.Integer, Assert.IsType<CastExpression>(chained.Operand).Type);
    }

    [Fact]
    public void A_double_colon_inside_a_string_or_comment_is_left_alone_and_positions_after_a_cast_are_the_written_ones()
    {
        var s = QueryParser.Parse("SELECT COUNT(*) FROM t WHERE name = 'a::int' -- b::int\n");
        var where = Assert.IsType<BinaryExpression>(((SelectQuery)s.Body).Where);
        Assert.Equal("a::int", Assert.IsType<LiteralExpression>(where.Right).Value);
        // "age::float" grows by 7 characters when rewritten; the error still points at column 33, where the bad token was written.
        var e = Assert.Throws<QueryRejectedException>(() => QueryParser.Parse("SELECT AVG(age::float) FROM t , , x"));
        Assert.Equal(DiagnosticCodes.QuerySyntax, e.Code);
        Assert.Equal(new SqlPosition(1, 33), e.Position);
        var unsupported = Assert.Throws<QueryRejectedException>(() => QueryParser.Parse("SELECT COUNT(*) FROM t AS a TABLESAMPLE (10 PERCENT) WHERE x::int > 1"));
        Assert.Equal(new SqlPosition(1, 22), unsupported.Position);
        var cast = Assert.Throws<QueryRejectedException>(() => QueryParser.Parse("SELECT SUM(age::float + income::money2) FROM t"));
        Assert.Equal(DiagnosticCodes.QueryUnsupported, cast.Code);
        Assert.Equal(new SqlPosition(1, 33), cast.Position); // the type as written
    }

    [Theory]
    [InlineData("SELECT ::int FROM t")]
    [InlineData("SELECT age:: FROM t")]
    [InlineData("SELECT age::(int) FROM t")]
    public void A_malformed_postgresql_cast_is_a_syntax_error(string sql)
    {
        var e = Assert.Throws<QueryRejectedException>(() => QueryParser.Parse(sql));
        Assert.Equal(DiagnosticCodes.QuerySyntax, e.Code);
    }

    [Fact]
    public void The_queries_file_splits_at_top_level_semicolons_only()
    {
        var pieces = QueryParser.SplitStatements("SELECT COUNT(*) FROM PUMS WHERE educ = 'a;b';\n-- c;d\nSELECT SUM(age) FROM PUMS;\n;\n");
        Assert.Equal(2, pieces.Count);
        Assert.Contains("'a;b'", pieces[0], StringComparison.Ordinal);
        Assert.StartsWith("-- c;d", pieces[1], StringComparison.Ordinal);
    }
}
