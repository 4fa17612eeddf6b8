using System.Globalization;
using System.Text;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Obscura.Core.Diagnostics;
using Obscura.Core.Query.Ast;
using Obscura.Core.Query.Internal;
using Ast = Obscura.Core.Query.Ast;
using Dom = Microsoft.SqlServer.TransactSql.ScriptDom;
using QueryExpression = Obscura.Core.Query.Ast.QueryExpression;
using CommonTableExpression = Obscura.Core.Query.Ast.CommonTableExpression;
using CaseExpression = Obscura.Core.Query.Ast.CaseExpression;
using WhenClause = Obscura.Core.Query.Ast.WhenClause;

namespace Obscura.Core.Query;

/// <summary>
/// Parses one query with Microsoft's T-SQL parser (ScriptDom) into the engine's own AST. T-SQL covers SmartNoise's
/// dialect natively (<c>TOP n</c>, <c>VAR</c>, <c>PI()</c>, <c>RAND()</c>, <c>POWER</c>) and CTEs, window functions,
/// <c>||</c>; three PostgreSQL habits T-SQL lacks are handled on ScriptDom's own token stream (never with regexes):
/// a trailing <c>LIMIT n [OFFSET m]</c>, a derived table without an alias (<c>FROM (SELECT ...)</c>), and
/// <c>expr::type</c> casts (rewritten to <c>CAST(expr AS type)</c>). Positions in messages are those of the text as written.
/// </summary>
public static class QueryParser
{
    /// <summary>Parses <paramref name="sql"/>.</summary>
    /// <exception cref="QueryRejectedException">Syntax error, more than one statement, or not a SELECT.</exception>
    public static QueryStatement Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        var tokens = parser.GetTokenStream(new StringReader(sql), out var lexErrors);
        if (lexErrors.Count > 0) throw Syntax(lexErrors[0]);
        var (text, limit, offset, map) = Normalize(tokens);
        var fragment = parser.Parse(new StringReader(text), out var errors);
        if (errors.Count > 0) throw Syntax(errors[0], map);
        var statements = ((TSqlScript)fragment).Batches.SelectMany(b => b.Statements).ToList();
        if (statements.Count == 0) throw new QueryRejectedException(DiagnosticCodes.QueryNotSelect, "the text holds no statement");
        var mapper = new Mapper(text, map);
        if (statements.Count > 1)
            throw new QueryRejectedException(DiagnosticCodes.QueryNotSelect, "only one statement is answered per query", mapper.At(statements[1]));
        if (statements[0] is not SelectStatement select)
            throw new QueryRejectedException(DiagnosticCodes.QueryNotSelect,
                $"only SELECT is answered, not {Describe(statements[0])}", mapper.At(statements[0]));
        if (select.Into is not null) throw mapper.Unsupported("SELECT ... INTO", select.Into);
        if (select.OptimizerHints.Count > 0) throw mapper.Unsupported("OPTION (...) hints", select.OptimizerHints[0]);
        return mapper.Statement(select, limit, offset);
    }

    /// <summary>
    /// Splits a file of queries at its top-level semicolons, using the lexer's tokens (a semicolon inside a string, a
    /// comment or a quoted name does not split). Empty pieces are dropped.
    /// </summary>
    /// <exception cref="QueryRejectedException">The text cannot be tokenized.</exception>
    public static IReadOnlyList<string> SplitStatements(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var tokens = new TSql170Parser(initialQuotedIdentifiers: true).GetTokenStream(new StringReader(script), out var lexErrors);
        if (lexErrors.Count > 0) throw Syntax(lexErrors[0]);
        var pieces = new List<string>();
        var current = new StringBuilder();
        var meaningful = false;
        foreach (var token in tokens)
        {
            if (token.TokenType == TSqlTokenType.Semicolon || token.TokenType == TSqlTokenType.EndOfFile)
            {
                if (meaningful) pieces.Add(current.ToString().Trim());
                current.Clear();
                meaningful = false;
                continue;
            }
            current.Append(token.Text);
            if (token.TokenType is not (TSqlTokenType.WhiteSpace or TSqlTokenType.SingleLineComment or TSqlTokenType.MultilineComment)) meaningful = true;
        }
        if (meaningful) pieces.Add(current.ToString().Trim());
        return pieces;
    }

    /// <summary>
    /// The query as the parser's significant tokens separated by single spaces (whitespace and comments dropped, every
    /// other token exactly as written): two texts with one canonical form plan identically, so it keys the plan cache.
    /// </summary>
    public static string Canonical(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new TSql170Parser(initialQuotedIdentifiers: true).GetTokenStream(new StringReader(sql), out var lexErrors);
        if (lexErrors.Count > 0) return sql;
        var canonical = new StringBuilder(sql.Length);
        foreach (var token in tokens)
        {
            if (token.TokenType is TSqlTokenType.WhiteSpace or TSqlTokenType.SingleLineComment or TSqlTokenType.MultilineComment or TSqlTokenType.EndOfFile)
                continue;
            if (canonical.Length > 0) canonical.Append(' ');
            canonical.Append(token.Text);
        }
        return canonical.ToString();
    }

    private static QueryRejectedException Syntax(ParseError e, SqlPositionMap? map = null) =>
        new(DiagnosticCodes.QuerySyntax, "syntax error: " + e.Message.TrimEnd('.'), map?.Original(e.Line, e.Column) ?? new SqlPosition(e.Line, e.Column));

    private static string Describe(TSqlStatement s)
    {
        var name = s.GetType().Name.Replace("Statement", string.Empty, StringComparison.Ordinal);
        var words = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0) words.Append(' ');
            words.Append(char.ToUpperInvariant(c));
        }
        return words.ToString();
    }

    /// <summary>
    /// Removes a trailing top-level <c>LIMIT n [OFFSET m]</c> (blanked, so positions stay), names derived tables that
    /// have no alias, and rewrites PostgreSQL casts <c>expr::type</c> to <c>CAST(expr AS type)</c>. Works on the lexer's
    /// tokens, so strings, comments and quoted names are never misread; the map leads positions back to the text as written.
    /// </summary>
    private static (string Text, long? Limit, long? Offset, SqlPositionMap Map) Normalize(IList<TSqlParserToken> tokens)
    {
        var significant = new List<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i].TokenType;
            if (t is TSqlTokenType.WhiteSpace or TSqlTokenType.SingleLineComment or TSqlTokenType.MultilineComment or TSqlTokenType.EndOfFile) continue;
            significant.Add(i);
        }
        var texts = tokens.Select(t => t.Text ?? string.Empty).ToArray();
        long? limit = null, offset = null;
        // Trailing "LIMIT n [OFFSET m] [;]" at depth 0.
        var end = significant.Count;
        if (end > 0 && tokens[significant[end - 1]].TokenType == TSqlTokenType.Semicolon) end--;
        int? limitAt = null;
        if (end >= 4 && IsWord(tokens[significant[end - 4]], "LIMIT") && tokens[significant[end - 3]].TokenType == TSqlTokenType.Integer
            && IsWord(tokens[significant[end - 2]], "OFFSET") && tokens[significant[end - 1]].TokenType == TSqlTokenType.Integer)
        {
            limitAt = end - 4;
            limit = ParseCount(tokens[significant[end - 3]]);
            offset = ParseCount(tokens[significant[end - 1]]);
        }
        else if (end >= 2 && IsWord(tokens[significant[end - 2]], "LIMIT") && tokens[significant[end - 1]].TokenType == TSqlTokenType.Integer)
        {
            limitAt = end - 2;
            limit = ParseCount(tokens[significant[end - 1]]);
        }
        if (limitAt is { } from)
        {
            if (Depth(tokens, significant[from]) != 0)
                throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, "LIMIT is answered only at the end of the whole query",
                    new SqlPosition(tokens[significant[from]].Line, tokens[significant[from]].Column));
            for (var k = from; k < end; k++) texts[significant[k]] = new string(' ', texts[significant[k]].Length);
        }
        foreach (var i in significant)
        {
            if (IsWord(tokens[i], "LIMIT") && texts[i].Trim().Length > 0)
                throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, "LIMIT is answered only at the end of the whole query (inside, use TOP n)",
                    new SqlPosition(tokens[i].Line, tokens[i].Column));
        }
        // "FROM (SELECT ...)" or "JOIN (SELECT ...)" followed by no alias: give it one (PostgreSQL 16 and SQLite allow this).
        var opens = new Stack<(int Index, bool Derived)>();
        var derivedCount = 0;
        for (var s = 0; s < significant.Count; s++)
        {
            var token = tokens[significant[s]];
            if (token.TokenType == TSqlTokenType.LeftParenthesis)
            {
                var derived = s > 0 && tokens[significant[s - 1]].TokenType is TSqlTokenType.From or TSqlTokenType.Join
                    && s + 1 < significant.Count && tokens[significant[s + 1]].TokenType is TSqlTokenType.Select or TSqlTokenType.With;
                opens.Push((s, derived));
            }
            else if (token.TokenType == TSqlTokenType.RightParenthesis && opens.Count > 0)
            {
                var (_, derived) = opens.Pop();
                if (!derived) continue;
                var next = s + 1 < significant.Count ? tokens[significant[s + 1]] : null;
                var hasAlias = next is not null && (next.TokenType is TSqlTokenType.As or TSqlTokenType.QuotedIdentifier
                    || (next.TokenType == TSqlTokenType.Identifier && texts[significant[s + 1]].Trim().Length > 0));
                if (!hasAlias) texts[significant[s]] += " AS derived_" + (++derivedCount).ToString(CultureInfo.InvariantCulture);
            }
        }
        RewriteCasts(tokens, significant, texts);
        var map = new SqlPositionMap();
        var result = new StringBuilder();
        int line = 1, column = 1;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (texts[i].Length == 0) continue;
            map.Add(line, column, new SqlPosition(tokens[i].Line, tokens[i].Column));
            foreach (var c in texts[i])
            {
                if (c == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }
            result.Append(texts[i]);
        }
        return (result.ToString(), limit, offset, map);
    }

    /// <summary>
    /// PostgreSQL's <c>operand::type</c> becomes <c>CAST(operand AS type)</c>. The operand is the token group just before
    /// the <c>::</c>: a (dotted) name, a literal, a parenthesized expression or a function call, or an earlier cast
    /// (<c>x::int::text</c>). The type is a name, PostgreSQL's multi-word names (<c>double precision</c>,
    /// <c>character varying</c>, <c>timestamp with time zone</c>) spelled as the T-SQL type the parser knows, and an
    /// optional <c>(n[, m])</c>.
    /// </summary>
    private static void RewriteCasts(IList<TSqlParserToken> tokens, List<int> significant, string[] texts)
    {
        // A cast already rewritten, by the position of its last significant token: where its operand starts.
        var castStarts = new Dictionary<int, int>();
        for (var s = 0; s < significant.Count; s++)
        {
            var token = tokens[significant[s]];
            if (token.TokenType != TSqlTokenType.DoubleColon) continue;
            var at = new SqlPosition(token.Line, token.Column);
            var start = s - 1;
            if (start < 0) throw CastSyntax("'::' needs a value before it", at);
            if (castStarts.TryGetValue(start, out var earlier))
            {
                start = earlier;
            }
            else if (tokens[significant[start]].TokenType == TSqlTokenType.RightParenthesis)
            {
                var depth = 0;
                for (; start >= 0; start--)
                {
                    var t = tokens[significant[start]].TokenType;
                    if (t == TSqlTokenType.RightParenthesis) depth++;
                    else if (t == TSqlTokenType.LeftParenthesis && --depth == 0) break;
                }
                if (start < 0) throw CastSyntax("unbalanced parentheses before '::'", at);
                // A function call: the name before the parenthesis belongs to the operand.
                if (start > 0 && tokens[significant[start - 1]].TokenType is TSqlTokenType.Identifier or TSqlTokenType.QuotedIdentifier
                        or TSqlTokenType.Convert or TSqlTokenType.Coalesce or TSqlTokenType.NullIf or TSqlTokenType.Left or TSqlTokenType.Right)
                    start--;
            }
            else if (tokens[significant[start]].TokenType is TSqlTokenType.Identifier or TSqlTokenType.QuotedIdentifier or TSqlTokenType.Integer
                     or TSqlTokenType.Numeric or TSqlTokenType.Real or TSqlTokenType.AsciiStringLiteral or TSqlTokenType.UnicodeStringLiteral
                     or TSqlTokenType.Null)
            {
                // a.b.c::type: the whole dotted name.
                while (start >= 2 && tokens[significant[start - 1]].TokenType == TSqlTokenType.Dot
                       && tokens[significant[start - 2]].TokenType is TSqlTokenType.Identifier or TSqlTokenType.QuotedIdentifier)
                    start -= 2;
            }
            else
            {
                throw CastSyntax("'::' must follow a column, a literal, a function call or a parenthesized expression", at);
            }
            var typeStart = s + 1;
            if (typeStart >= significant.Count || !IsWordToken(tokens[significant[typeStart]]))
                throw CastSyntax("'::' must be followed by a type name", at);
            var end = typeStart;
            var typeName = tokens[significant[typeStart]].Text.ToUpperInvariant();
            string? spelled = null;
            bool Next(int k, string word) => end + k < significant.Count && string.Equals(tokens[significant[end + k]].Text, word, StringComparison.OrdinalIgnoreCase);
            if (typeName == "DOUBLE" && Next(1, "PRECISION"))
            {
                end += 1;
                spelled = "float";
            }
            else if (typeName == "CHARACTER" && Next(1, "VARYING"))
            {
                end += 1;
                spelled = "varchar";
            }
            else if (typeName is "TIMESTAMP" or "TIME" && (Next(1, "WITH") || Next(1, "WITHOUT")) && Next(2, "TIME") && Next(3, "ZONE"))
            {
                spelled = typeName == "TIME" ? "time" : Next(1, "WITH") ? "datetimeoffset" : "datetime2";
                end += 3;
            }
            if (spelled is not null)
            {
                // The multi-word name becomes one word; the other words and the spaces between are blanked.
                texts[significant[typeStart]] = spelled;
                for (var k = significant[typeStart] + 1; k <= significant[end]; k++) texts[k] = string.Empty;
            }
            if (end + 1 < significant.Count && tokens[significant[end + 1]].TokenType == TSqlTokenType.LeftParenthesis)
            {
                var close = end + 1;
                while (close < significant.Count && tokens[significant[close]].TokenType != TSqlTokenType.RightParenthesis) close++;
                if (close == significant.Count) throw CastSyntax("the type after '::' has an unclosed '('", at);
                end = close;
            }
            texts[significant[start]] = "CAST(" + texts[significant[start]];
            texts[significant[s]] = " AS ";
            texts[significant[end]] += ")";
            castStarts[end] = start;
        }
    }

    private static bool IsWordToken(TSqlParserToken token) =>
        !string.IsNullOrEmpty(token.Text) && (char.IsLetter(token.Text[0]) || token.Text[0] == '_') && token.Text.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static QueryRejectedException CastSyntax(string reason, SqlPosition at) => new(DiagnosticCodes.QuerySyntax, "syntax error: " + reason, at);

    private static int Depth(IList<TSqlParserToken> tokens, int upTo)
    {
        var depth = 0;
        for (var i = 0; i < upTo; i++)
        {
            if (tokens[i].TokenType == TSqlTokenType.LeftParenthesis) depth++;
            else if (tokens[i].TokenType == TSqlTokenType.RightParenthesis) depth--;
        }
        return depth;
    }

    private static bool IsWord(TSqlParserToken token, string word) =>
        token.TokenType == TSqlTokenType.Identifier && string.Equals(token.Text, word, StringComparison.OrdinalIgnoreCase);

    private static long ParseCount(TSqlParserToken token) =>
        long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new QueryRejectedException(DiagnosticCodes.QuerySyntax, "LIMIT and OFFSET take a whole number", new SqlPosition(token.Line, token.Column));

    /// <summary>ScriptDom fragments to the engine's AST.</summary>
    private sealed class Mapper(string text, SqlPositionMap map)
    {
        /// <summary>Where the fragment starts in the text as the user wrote it.</summary>
        public SqlPosition At(TSqlFragment f) => map.Original(f.StartLine, f.StartColumn);

        public QueryRejectedException Unsupported(string what, TSqlFragment at) =>
            new(DiagnosticCodes.QueryUnsupported, what + " is not supported", At(at));

        public QueryStatement Statement(SelectStatement select, long? limit, long? offset)
        {
            var ctes = select.WithCtesAndXmlNamespaces?.CommonTableExpressions
                .Select(c =>
                {
                    if (c.Columns.Count > 0) throw Unsupported("a column list on a common table expression (use aliases in its SELECT)", c);
                    return new CommonTableExpression(c.ExpressionName.Value, Query(c.QueryExpression), At(c));
                })
                .ToList() ?? [];
            var body = select.QueryExpression;
            IReadOnlyList<OrderItem> orderBy = [];
            if (body.OrderByClause is { } order) orderBy = Order(order);
            if (body.OffsetClause is { } off)
            {
                offset = Count(off.OffsetExpression, "OFFSET");
                limit = Count(off.FetchExpression, "FETCH");
            }
            if (body.ForClause is not null) throw Unsupported("FOR XML/JSON", body.ForClause);
            return new QueryStatement(ctes, Query(body, topLevel: true), orderBy, limit, offset, text);
        }

        private long Count(ScalarExpression e, string what) =>
            e is IntegerLiteral i && long.TryParse(i.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, what + " takes a whole number", At(e));

        private QueryExpression Query(Dom.QueryExpression q, bool topLevel = false)
        {
            if (!topLevel && (q.OrderByClause is not null || q.OffsetClause is not null))
                throw new QueryRejectedException(DiagnosticCodes.QueryUnsupported, "ORDER BY and OFFSET are answered only on the final result", At(q));
            switch (q)
            {
                case QueryParenthesisExpression p:
                    return Query(p.QueryExpression);
                case BinaryQueryExpression b:
                    return new SetOperation(b.BinaryQueryExpressionType.ToString().ToUpperInvariant(), b.All,
                        Query(b.FirstQueryExpression), Query(b.SecondQueryExpression), At(b));
                case QuerySpecification s:
                    return Select(s);
                default:
                    throw Unsupported(q.GetType().Name, q);
            }
        }

        private SelectQuery Select(QuerySpecification s)
        {
            long? top = null;
            if (s.TopRowFilter is { } t)
            {
                if (t.Percent || t.WithTies) throw Unsupported("TOP ... PERCENT / WITH TIES", t);
                var e = t.Expression is ParenthesisExpression pe ? pe.Expression : t.Expression;
                top = Count(e, "TOP");
            }
            var items = new List<SelectItem>();
            foreach (var element in s.SelectElements)
            {
                switch (element)
                {
                    case SelectScalarExpression se:
                        items.Add(new SelectItem(Expr(se.Expression), se.ColumnName?.Value, Text(se.Expression)));
                        break;
                    case SelectStarExpression star:
                        items.Add(new SelectItem(new StarExpression(star.Qualifier?.Identifiers.LastOrDefault()?.Value, At(star)), null, Text(star)));
                        break;
                    default:
                        throw Unsupported("this select-list item", element);
                }
            }
            TableSource? from = null;
            if (s.FromClause is { } f)
            {
                foreach (var reference in f.TableReferences)
                {
                    var next = Table(reference);
                    from = from is null ? next : new JoinedTable(JoinKind.Cross, from, next, null, next.Position);
                }
            }
            var groupBy = new List<SqlExpression>();
            if (s.GroupByClause is { } g)
            {
                if (g.All || g.GroupByOption != GroupByOption.None) throw Unsupported("GROUP BY ALL / ROLLUP / CUBE", g);
                foreach (var spec in g.GroupingSpecifications)
                {
                    groupBy.Add(spec is ExpressionGroupingSpecification eg
                        ? Expr(eg.Expression)
                        : throw Unsupported("GROUPING SETS, ROLLUP and CUBE", spec));
                }
            }
            var distinct = s.UniqueRowFilter == UniqueRowFilter.Distinct;
            return new SelectQuery(distinct, top, items, from, s.WhereClause is { } w ? Bool(w.SearchCondition) : null, groupBy,
                s.HavingClause is { } h ? Bool(h.SearchCondition) : null, At(s));
        }

        private TableSource Table(TableReference reference)
        {
            switch (reference)
            {
                case NamedTableReference n:
                {
                    if (n.TableSampleClause is not null) throw Unsupported("TABLESAMPLE", n);
                    if (n.SchemaObject.ServerIdentifier is not null || n.SchemaObject.DatabaseIdentifier is not null)
                        throw Unsupported("a table name with more than two parts", n);
                    return new NamedTable(n.SchemaObject.SchemaIdentifier?.Value, n.SchemaObject.BaseIdentifier.Value, n.Alias?.Value, At(n));
                }
                case QueryDerivedTable d:
                    return new DerivedTable(Query(d.QueryExpression), d.Alias?.Value ?? "derived", At(d));
                case QualifiedJoin j:
                {
                    var kind = j.QualifiedJoinType switch
                    {
                        QualifiedJoinType.Inner => JoinKind.Inner,
                        QualifiedJoinType.LeftOuter => JoinKind.Left,
                        QualifiedJoinType.RightOuter => JoinKind.Right,
                        _ => JoinKind.Full,
                    };
                    return new JoinedTable(kind, Table(j.FirstTableReference), Table(j.SecondTableReference), Bool(j.SearchCondition), At(j));
                }
                case UnqualifiedJoin u when u.UnqualifiedJoinType == UnqualifiedJoinType.CrossJoin:
                    return new JoinedTable(JoinKind.Cross, Table(u.FirstTableReference), Table(u.SecondTableReference), null, At(u));
                case JoinParenthesisTableReference p:
                    return Table(p.Join);
                default:
                    throw Unsupported(reference.GetType().Name.Replace("Reference", string.Empty, StringComparison.Ordinal), reference);
            }
        }

        private List<OrderItem> Order(OrderByClause order) =>
            order.OrderByElements.Select(e => new OrderItem(Expr(e.Expression), e.SortOrder == SortOrder.Descending)).ToList();

        private SqlExpression Bool(BooleanExpression b)
        {
            var at = At(b);
            switch (b)
            {
                case BooleanParenthesisExpression p:
                    return Bool(p.Expression);
                case BooleanBinaryExpression bb:
                    return new Ast.BinaryExpression(bb.BinaryExpressionType == BooleanBinaryExpressionType.And ? "AND" : "OR",
                        Bool(bb.FirstExpression), Bool(bb.SecondExpression), at);
                case BooleanNotExpression n:
                    return new Ast.UnaryExpression("NOT", Bool(n.Expression), at);
                case BooleanComparisonExpression c:
                {
                    var op = c.ComparisonType switch
                    {
                        BooleanComparisonType.Equals => "=",
                        BooleanComparisonType.NotEqualToBrackets or BooleanComparisonType.NotEqualToExclamation => "<>",
                        BooleanComparisonType.LessThan => "<",
                        BooleanComparisonType.LessThanOrEqualTo or BooleanComparisonType.NotGreaterThan => "<=",
                        BooleanComparisonType.GreaterThan => ">",
                        BooleanComparisonType.GreaterThanOrEqualTo or BooleanComparisonType.NotLessThan => ">=",
                        _ => throw Unsupported("the comparison " + c.ComparisonType, c),
                    };
                    return new Ast.BinaryExpression(op, Expr(c.FirstExpression), Expr(c.SecondExpression), at);
                }
                case BooleanIsNullExpression isNull:
                    return new IsNullExpression(Expr(isNull.Expression), isNull.IsNot, at);
                case LikePredicate like:
                    if (like.EscapeExpression is not null) throw Unsupported("LIKE ... ESCAPE", like);
                    return new Ast.BinaryExpression(like.NotDefined ? "NOT LIKE" : "LIKE", Expr(like.FirstExpression), Expr(like.SecondExpression), at);
                case InPredicate inList:
                    if (inList.Subquery is not null) return new SubqueryExpression("IN (SELECT ...)", at);
                    return new InListExpression(Expr(inList.Expression), inList.Values.Select(Expr).ToList(), inList.NotDefined, at);
                case BooleanTernaryExpression between:
                    return new BetweenExpression(Expr(between.FirstExpression), Expr(between.SecondExpression), Expr(between.ThirdExpression),
                        between.TernaryExpressionType == BooleanTernaryExpressionType.NotBetween, at);
                case ExistsPredicate:
                    return new SubqueryExpression("EXISTS (SELECT ...)", at);
                case BooleanExpressionSnippet or _:
                    throw Unsupported(b.GetType().Name.Replace("Boolean", string.Empty, StringComparison.Ordinal), b);
            }
        }

        private SqlExpression Expr(ScalarExpression e)
        {
            var at = At(e);
            switch (e)
            {
                case ParenthesisExpression p:
                    return Expr(p.Expression);
                case ColumnReferenceExpression c when c.ColumnType == ColumnType.Wildcard:
                    return new StarExpression(c.MultiPartIdentifier?.Identifiers.LastOrDefault()?.Value, at);
                case ColumnReferenceExpression c when c.ColumnType == ColumnType.Regular && c.MultiPartIdentifier is { } id:
                {
                    var parts = id.Identifiers.Select(i => i.Value).ToList();
                    return parts.Count switch
                    {
                        1 => new ColumnReference(null, parts[0], at),
                        2 => new ColumnReference(parts[0], parts[1], at),
                        // schema.table.column: the table (or its alias) is enough to resolve it.
                        3 => new ColumnReference(parts[1], parts[2], at),
                        _ => throw Unsupported("a column name with more than three parts", c),
                    };
                }
                case IntegerLiteral i:
                    return new LiteralExpression(long.TryParse(i.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var l)
                        ? l : decimal.Parse(i.Value, CultureInfo.InvariantCulture), at);
                case NumericLiteral n:
                    return new LiteralExpression(decimal.Parse(n.Value, NumberStyles.Float, CultureInfo.InvariantCulture), at);
                case RealLiteral r:
                    return new LiteralExpression(double.Parse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture), at);
                case StringLiteral s:
                    return new LiteralExpression(s.Value, at);
                case NullLiteral:
                    return new LiteralExpression(null, at);
                case Dom.UnaryExpression u:
                    return u.UnaryExpressionType switch
                    {
                        UnaryExpressionType.Negative => Negate(Expr(u.Expression), at),
                        UnaryExpressionType.Positive => Expr(u.Expression),
                        _ => throw Unsupported("bitwise NOT", u),
                    };
                case Dom.BinaryExpression b:
                {
                    var op = b.BinaryExpressionType switch
                    {
                        BinaryExpressionType.Add => "+",
                        BinaryExpressionType.Subtract => "-",
                        BinaryExpressionType.Multiply => "*",
                        BinaryExpressionType.Divide => "/",
                        BinaryExpressionType.Modulo => "%",
                        BinaryExpressionType.Concat => "||",
                        _ => throw Unsupported("the bitwise operator " + b.BinaryExpressionType, b),
                    };
                    return new Ast.BinaryExpression(op, Expr(b.FirstExpression), Expr(b.SecondExpression), at);
                }
                case Dom.FunctionCall f:
                    return Function(f);
                case SearchedCaseExpression sc:
                    return new CaseExpression(null, sc.WhenClauses.Select(w => new WhenClause(Bool(w.WhenExpression), Expr(w.ThenExpression))).ToList(),
                        sc.ElseExpression is { } se ? Expr(se) : null, at);
                case SimpleCaseExpression simple:
                    return new CaseExpression(Expr(simple.InputExpression),
                        simple.WhenClauses.Select(w => new WhenClause(Expr(w.WhenExpression), Expr(w.ThenExpression))).ToList(),
                        simple.ElseExpression is { } el ? Expr(el) : null, at);
                case CastCall cast:
                    return new CastExpression(Expr(cast.Parameter), CastTarget(cast.DataType), at);
                case TryCastCall tryCast:
                    return new CastExpression(Expr(tryCast.Parameter), CastTarget(tryCast.DataType), at);
                case CoalesceExpression co:
                    return new Ast.FunctionCall("COALESCE", co.Expressions.Select(Expr).ToList(), false, null, at);
                case NullIfExpression nullIf:
                    return new Ast.FunctionCall("NULLIF", [Expr(nullIf.FirstExpression), Expr(nullIf.SecondExpression)], false, null, at);
                case IIfCall iif:
                    return new CaseExpression(null, [new WhenClause(Bool(iif.Predicate), Expr(iif.ThenExpression))], Expr(iif.ElseExpression), at);
                case LeftFunctionCall left:
                    return new Ast.FunctionCall("LEFT", left.Parameters.Select(Expr).ToList(), false, null, at);
                case RightFunctionCall right:
                    return new Ast.FunctionCall("RIGHT", right.Parameters.Select(Expr).ToList(), false, null, at);
                case ParameterlessCall p:
                    return new Ast.FunctionCall(p.ParameterlessCallType switch
                    {
                        ParameterlessCallType.CurrentTimestamp => "CURRENT_TIMESTAMP",
                        _ => throw Unsupported(p.ParameterlessCallType.ToString(), p),
                    }, [], false, null, at);
                case ScalarSubquery:
                    return new SubqueryExpression("a scalar subquery", at);
                case VariableReference or GlobalVariableExpression:
                    throw Unsupported("variables", e);
                default:
                    throw Unsupported(e.GetType().Name, e);
            }
        }

        private static SqlExpression Negate(SqlExpression operand, SqlPosition at) => operand switch
        {
            LiteralExpression { Value: long l } => new LiteralExpression(-l, at),
            LiteralExpression { Value: decimal d } => new LiteralExpression(-d, at),
            LiteralExpression { Value: double d } => new LiteralExpression(-d, at),
            _ => new Ast.UnaryExpression("-", operand, at),
        };

        private Ast.FunctionCall Function(Dom.FunctionCall f)
        {
            var at = At(f);
            if (f.CallTarget is not null) throw Unsupported("a qualified function call", f);
            var name = f.FunctionName.Value.ToUpperInvariant();
            var args = new List<SqlExpression>();
            if (name == "DATEPART" && f.Parameters.Count == 2 && f.Parameters[0] is ColumnReferenceExpression part)
            {
                // DATEPART(year, d): the part is a keyword-like name, kept as a string literal.
                args.Add(new LiteralExpression(part.MultiPartIdentifier.Identifiers[^1].Value.ToUpperInvariant(), At(part)));
                args.Add(Expr(f.Parameters[1]));
            }
            else
            {
                args.AddRange(f.Parameters.Select(Expr));
            }
            if (f.WithinGroupClause is { } within)
            {
                if (within.OrderByClause.OrderByElements.Count != 1) throw Unsupported("WITHIN GROUP with more than one key", within);
                args.Add(Expr(within.OrderByClause.OrderByElements[0].Expression));
            }
            WindowSpecification? over = null;
            if (f.OverClause is { } o)
            {
                if (o.WindowFrameClause is not null) throw Unsupported("a window frame (ROWS/RANGE ...)", o);
                // T-SQL requires OVER () after PERCENTILE_CONT; an empty OVER there means "the group".
                if (f.WithinGroupClause is null || o.Partitions.Count > 0 || o.OrderByClause is not null)
                    over = new WindowSpecification(o.Partitions.Select(Expr).ToList(), o.OrderByClause is { } ob ? Order(ob) : []);
            }
            return new Ast.FunctionCall(name, args, f.UniqueRowFilter == UniqueRowFilter.Distinct, over, at);
        }

        private CastType CastTarget(DataTypeReference type)
        {
            if (type is SqlDataTypeReference sql)
            {
                return sql.SqlDataTypeOption switch
                {
                    SqlDataTypeOption.BigInt or SqlDataTypeOption.Int or SqlDataTypeOption.SmallInt or SqlDataTypeOption.TinyInt or SqlDataTypeOption.Bit => CastType.Integer,
                    SqlDataTypeOption.Float or SqlDataTypeOption.Real => CastType.Float,
                    SqlDataTypeOption.Decimal or SqlDataTypeOption.Numeric or SqlDataTypeOption.Money or SqlDataTypeOption.SmallMoney => CastType.Decimal,
                    SqlDataTypeOption.Char or SqlDataTypeOption.VarChar or SqlDataTypeOption.Text or SqlDataTypeOption.NChar
                        or SqlDataTypeOption.NVarChar or SqlDataTypeOption.NText => CastType.Text,
                    SqlDataTypeOption.Date => CastType.Date,
                    SqlDataTypeOption.DateTime or SqlDataTypeOption.DateTime2 or SqlDataTypeOption.SmallDateTime or SqlDataTypeOption.DateTimeOffset => CastType.DateTime,
                    _ => throw Unsupported("CAST to " + sql.SqlDataTypeOption, type),
                };
            }
            var name = type.Name.BaseIdentifier.Value.ToUpperInvariant();
            return name switch
            {
                "INTEGER" or "BIGINT" or "INT" or "SIGNED" or "INT2" or "INT4" or "INT8" => CastType.Integer,
                "DOUBLE" or "FLOAT8" or "FLOAT4" or "FLOAT" or "REAL" => CastType.Float,
                "TEXT" or "STRING" or "VARCHAR" => CastType.Text,
                "TIMESTAMP" or "TIMESTAMPTZ" => CastType.DateTime,
                _ => throw Unsupported("CAST to " + name, type),
            };
        }

        private string Text(TSqlFragment f) => f.StartOffset >= 0 && f.StartOffset + f.FragmentLength <= text.Length
            ? text.Substring(f.StartOffset, f.FragmentLength)
            : f.GetType().Name;
    }
}
