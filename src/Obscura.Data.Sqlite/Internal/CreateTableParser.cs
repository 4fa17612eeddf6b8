using Obscura.Core.Schema;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>
/// Reads constraint names, CHECK expressions and AUTOINCREMENT out of a CREATE TABLE statement. Works on tokens, so
/// quotes, brackets, comments and nested parentheses inside CHECK expressions or defaults cannot confuse it.
/// </summary>
internal static class CreateTableParser
{
    private static readonly HashSet<string> TableConstraintStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN",
    };

    private static readonly HashSet<string> ColumnConstraintStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "NOT", "NULL", "DEFAULT", "COLLATE", "GENERATED", "AS",
    };

    /// <summary>Parses <paramref name="sql"/>; a statement without a column list (CREATE TABLE ... AS SELECT) gives an empty result.</summary>
    public static ParsedCreateTable Parse(string? sql)
    {
        var result = new ParsedCreateTable();
        if (string.IsNullOrEmpty(sql)) return result;
        var tokens = SqlTokenizer.Tokenize(sql);
        var open = tokens.FindIndex(t => t.Kind == SqlTokenKind.OpenParen);
        if (open < 0) return result;
        var close = SqlTokenizer.MatchingParen(tokens, open);
        if (close < 0) close = tokens.Count;
        foreach (var (start, end) in SplitTopLevel(tokens, open + 1, close))
        {
            if (start >= end) continue;
            var first = tokens[start];
            if (first.Kind == SqlTokenKind.Word && TableConstraintStarts.Contains(first.Value))
            {
                ParseTableConstraint(sql, tokens, start, end, result);
            }
            else
            {
                ParseColumn(sql, tokens, start, end, result);
            }
        }
        return result;
    }

    /// <summary>Splits tokens[from..to) at commas that are not inside parentheses.</summary>
    internal static List<(int Start, int End)> SplitTopLevel(IReadOnlyList<SqlToken> tokens, int from, int to)
    {
        var parts = new List<(int, int)>();
        var depth = 0;
        var start = from;
        for (var i = from; i < to; i++)
        {
            switch (tokens[i].Kind)
            {
                case SqlTokenKind.OpenParen:
                    depth++;
                    break;
                case SqlTokenKind.CloseParen:
                    depth--;
                    break;
                case SqlTokenKind.Comma when depth == 0:
                    parts.Add((start, i));
                    start = i + 1;
                    break;
            }
        }
        parts.Add((start, to));
        return parts;
    }

    private static void ParseTableConstraint(string sql, List<SqlToken> tokens, int start, int end, ParsedCreateTable result)
    {
        string? name = null;
        var i = start;
        while (i < end)
        {
            var t = tokens[i];
            if (t.IsKeyword("CONSTRAINT") && i + 1 < end)
            {
                name = tokens[i + 1].Value;
                i += 2;
                continue;
            }
            if (t.IsKeyword("PRIMARY"))
            {
                result.PrimaryKeyName ??= name;
                return;
            }
            if (t.IsKeyword("UNIQUE"))
            {
                var open = NextParen(tokens, i, end);
                if (open >= 0) result.Uniques.Add(new UniqueKey(name, ColumnList(tokens, open)));
                return;
            }
            if (t.IsKeyword("CHECK"))
            {
                if (Check(sql, tokens, i, end, name) is { } check) result.Checks.Add(check);
                return;
            }
            if (t.IsKeyword("FOREIGN"))
            {
                var open = NextParen(tokens, i, end);
                if (open < 0) return;
                var columns = ColumnList(tokens, open);
                var references = tokens.FindIndex(open, end - open, x => x.IsKeyword("REFERENCES"));
                if (references >= 0 && references + 1 < end)
                {
                    result.ForeignKeys.Add(new ParsedForeignKey(name, columns, tokens[references + 1].Value));
                }
                return;
            }
            i++;
        }
    }

    private static void ParseColumn(string sql, List<SqlToken> tokens, int start, int end, ParsedCreateTable result)
    {
        var column = tokens[start].Value;
        string? pending = null;
        var i = start + 1;
        while (i < end)
        {
            var t = tokens[i];
            if (t.Kind == SqlTokenKind.OpenParen)
            {
                // Type arguments, DEFAULT (expr), GENERATED ... AS (expr), REFERENCES t(cols): nothing inside matters here.
                var close = SqlTokenizer.MatchingParen(tokens, i);
                i = close < 0 ? end : close + 1;
                continue;
            }
            if (t.Kind != SqlTokenKind.Word)
            {
                i++;
                continue;
            }
            if (t.IsKeyword("CONSTRAINT") && i + 1 < end)
            {
                pending = tokens[i + 1].Value;
                i += 2;
                continue;
            }
            if (t.IsKeyword("PRIMARY"))
            {
                result.PrimaryKeyName ??= pending;
                pending = null;
            }
            else if (t.IsKeyword("AUTOINCREMENT"))
            {
                result.AutoIncrementColumns.Add(column);
            }
            else if (t.IsKeyword("UNIQUE"))
            {
                result.Uniques.Add(new UniqueKey(pending, [column]));
                pending = null;
            }
            else if (t.IsKeyword("CHECK"))
            {
                if (Check(sql, tokens, i, end, pending) is { } check) result.Checks.Add(check);
                pending = null;
                var open = NextParen(tokens, i, end);
                var close = open < 0 ? -1 : SqlTokenizer.MatchingParen(tokens, open);
                i = close < 0 ? end : close + 1;
                continue;
            }
            else if (t.IsKeyword("REFERENCES") && i + 1 < end)
            {
                result.ForeignKeys.Add(new ParsedForeignKey(pending, [column], tokens[i + 1].Value));
                pending = null;
            }
            else if (ColumnConstraintStarts.Contains(t.Value))
            {
                pending = null;
            }
            i++;
        }
    }

    private static CheckConstraint? Check(string sql, List<SqlToken> tokens, int at, int end, string? name)
    {
        var open = NextParen(tokens, at, end);
        if (open < 0) return null;
        var close = SqlTokenizer.MatchingParen(tokens, open);
        if (close < 0) return null;
        var expression = sql[tokens[open].End..tokens[close].Start].Trim();
        return new CheckConstraint(name, expression);
    }

    private static int NextParen(List<SqlToken> tokens, int from, int end)
    {
        for (var i = from; i < end; i++)
        {
            if (tokens[i].Kind == SqlTokenKind.OpenParen) return i;
        }
        return -1;
    }

    /// <summary>The first name of each comma-separated item inside the parentheses at <paramref name="open"/>.</summary>
    private static List<string> ColumnList(List<SqlToken> tokens, int open)
    {
        var close = SqlTokenizer.MatchingParen(tokens, open);
        if (close < 0) close = tokens.Count;
        var names = new List<string>();
        foreach (var (s, e) in SplitTopLevel(tokens, open + 1, close))
        {
            if (s < e && tokens[s].IsName) names.Add(tokens[s].Value);
        }
        return names;
    }
}
