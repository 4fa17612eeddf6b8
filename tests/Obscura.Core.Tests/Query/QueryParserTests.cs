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
}
