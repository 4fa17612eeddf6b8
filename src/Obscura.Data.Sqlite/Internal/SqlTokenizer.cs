namespace Obscura.Data.Sqlite.Internal;

/// <summary>
/// Splits SQLite SQL into tokens, respecting string literals, the three identifier quotes ("x", [x], `x`) and both
/// comment styles, so the CREATE TABLE parser can find parentheses and commas that really delimit definitions.
/// </summary>
internal static class SqlTokenizer
{
    /// <summary>Tokenizes <paramref name="sql"/>; whitespace and comments are skipped. Unterminated quotes run to the end.</summary>
    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                i++;
                continue;
            }
            if (c == '-' && At(sql, i + 1) == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                continue;
            }
            if (c == '/' && At(sql, i + 1) == '*')
            {
                var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + 2;
                continue;
            }
            var start = i;
            switch (c)
            {
                case '\'':
                    tokens.Add(Quoted(sql, ref i, '\'', '\'', SqlTokenKind.String));
                    continue;
                case '"':
                    tokens.Add(Quoted(sql, ref i, '"', '"', SqlTokenKind.QuotedIdentifier));
                    continue;
                case '`':
                    tokens.Add(Quoted(sql, ref i, '`', '`', SqlTokenKind.QuotedIdentifier));
                    continue;
                case '[':
                {
                    // Brackets do not nest and have no escape: the name runs to the first ']'.
                    var close = sql.IndexOf(']', i + 1);
                    var end = close < 0 ? sql.Length : close + 1;
                    var inner = sql.Substring(i + 1, (close < 0 ? sql.Length : close) - i - 1);
                    tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, start, end - start, inner));
                    i = end;
                    continue;
                }
                case '(':
                    tokens.Add(new SqlToken(SqlTokenKind.OpenParen, start, 1, "("));
                    i++;
                    continue;
                case ')':
                    tokens.Add(new SqlToken(SqlTokenKind.CloseParen, start, 1, ")"));
                    i++;
                    continue;
                case ',':
                    tokens.Add(new SqlToken(SqlTokenKind.Comma, start, 1, ","));
                    i++;
                    continue;
            }
            if ((c is 'x' or 'X') && At(sql, i + 1) == '\'')
            {
                i++;
                _ = Quoted(sql, ref i, '\'', '\'', SqlTokenKind.Blob);
                tokens.Add(new SqlToken(SqlTokenKind.Blob, start, i - start, sql[start..i]));
                continue;
            }
            if (char.IsDigit(c) || (c == '.' && char.IsDigit(At(sql, i + 1))))
            {
                i++;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '.' || sql[i] == '_' ||
                       ((sql[i] is '+' or '-') && (sql[i - 1] is 'e' or 'E') && !IsHex(sql, start))))
                {
                    i++;
                }
                tokens.Add(new SqlToken(SqlTokenKind.Number, start, i - start, sql[start..i]));
                continue;
            }
            if (IsWordChar(c))
            {
                while (i < sql.Length && (IsWordChar(sql[i]) || char.IsDigit(sql[i]) || sql[i] == '$')) i++;
                tokens.Add(new SqlToken(SqlTokenKind.Word, start, i - start, sql[start..i]));
                continue;
            }
            // Operators: keep the common two-character ones together; everything else is one character.
            var two = i + 1 < sql.Length ? sql.Substring(i, 2) : string.Empty;
            var len = two is "<=" or ">=" or "<>" or "!=" or "==" or "||" or "<<" or ">>" or "->" ? 2 : 1;
            if (two == "->" && At(sql, i + 2) == '>') len = 3;
            tokens.Add(new SqlToken(SqlTokenKind.Symbol, start, len, sql.Substring(start, len)));
            i += len;
        }
        return tokens;
    }

    /// <summary>Returns the index of the parenthesis closing the one at <paramref name="open"/>, or -1.</summary>
    public static int MatchingParen(IReadOnlyList<SqlToken> tokens, int open)
    {
        var depth = 0;
        for (var i = open; i < tokens.Count; i++)
        {
            if (tokens[i].Kind == SqlTokenKind.OpenParen) depth++;
            else if (tokens[i].Kind == SqlTokenKind.CloseParen && --depth == 0) return i;
        }
        return -1;
    }

    private static SqlToken Quoted(string sql, ref int i, char open, char close, SqlTokenKind kind)
    {
        var start = i;
        var sb = new System.Text.StringBuilder();
        i++; // opening quote
        while (i < sql.Length)
        {
            if (sql[i] == close)
            {
                if (At(sql, i + 1) == close && close == open)
                {
                    sb.Append(close);
                    i += 2;
                    continue;
                }
                i++;
                return new SqlToken(kind, start, i - start, sb.ToString());
            }
            sb.Append(sql[i]);
            i++;
        }
        return new SqlToken(kind, start, i - start, sb.ToString());
    }

    private static bool IsHex(string sql, int start) => start + 1 < sql.Length && sql[start] == '0' && sql[start + 1] is 'x' or 'X';

    private static bool IsWordChar(char c) => char.IsLetter(c) || c == '_' || c > 127;

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';
}
