using System.Globalization;
using System.Text;

namespace Obscura.Engine.Generate.Internal;

/// <summary>What the understood CHECK constraints allow for one column.</summary>
internal sealed class ColumnBounds
{
    /// <summary>Smallest allowed number, or null.</summary>
    public decimal? Min { get; set; }
    /// <summary>True when <see cref="Min"/> itself is not allowed (<c>x &gt; 0</c>).</summary>
    public bool MinExclusive { get; set; }
    /// <summary>Largest allowed number, or null.</summary>
    public decimal? Max { get; set; }
    /// <summary>True when <see cref="Max"/> itself is not allowed.</summary>
    public bool MaxExclusive { get; set; }
    /// <summary>The allowed values of an <c>IN (...)</c> list (invariant text), or null.</summary>
    public List<string>? In { get; set; }

    /// <summary>Narrows the lower bound.</summary>
    public void Above(decimal v, bool exclusive)
    {
        if (Min is { } m && (m > v || m == v && MinExclusive)) return;
        Min = v;
        MinExclusive = exclusive;
    }

    /// <summary>Narrows the upper bound.</summary>
    public void Below(decimal v, bool exclusive)
    {
        if (Max is { } m && (m < v || m == v && MaxExclusive)) return;
        Max = v;
        MaxExclusive = exclusive;
    }
}

/// <summary>
/// Reads the simple CHECK constraints every engine's inspector returns — comparisons with a number
/// (<c>x &gt;= 0</c>, <c>0 &lt; x</c>), <c>x BETWEEN a AND b</c>, <c>x IN (...)</c>, <c>x = ANY (ARRAY[...])</c>,
/// <c>x = 'a' OR x = 'b'</c>, joined by AND — in SQLite's, PostgreSQL's (<c>((x &gt;= (0)::numeric))</c>) and
/// MariaDB's (<c>`x` &gt;= 0</c>) spelling. Anything else is reported as not understood.
/// </summary>
internal static class CheckParser
{
    /// <summary>Adds what <paramref name="expression"/> says to <paramref name="bounds"/> (by column name); false when not understood.</summary>
    public static bool TryApply(string expression, IReadOnlyCollection<string> columns, Dictionary<string, ColumnBounds> bounds)
    {
        List<Token> tokens;
        try
        {
            tokens = Tokenize(expression);
        }
        catch (FormatException)
        {
            return false;
        }
        tokens = StripCasts(tokens);
        if (tokens.Count > 0 && tokens[0].Kind == TokenKind.Word && tokens[0].Text.Equals("CHECK", StringComparison.OrdinalIgnoreCase)) tokens.RemoveAt(0);
        var pending = new Dictionary<string, ColumnBounds>(StringComparer.OrdinalIgnoreCase);
        if (!Conjunction(tokens, columns, pending)) return false;
        foreach (var (column, b) in pending)
        {
            if (!bounds.TryGetValue(column, out var existing)) bounds[column] = existing = new ColumnBounds();
            if (b.Min is { } min) existing.Above(min, b.MinExclusive);
            if (b.Max is { } max) existing.Below(max, b.MaxExclusive);
            if (b.In is { } list) existing.In = existing.In is null ? list : existing.In.Where(list.Contains).ToList();
        }
        return true;
    }

    private static bool Conjunction(List<Token> tokens, IReadOnlyCollection<string> columns, Dictionary<string, ColumnBounds> bounds)
    {
        tokens = Unwrap(tokens);
        var parts = SplitTopLevel(tokens, "AND", skipBetween: true);
        if (parts.Count > 1) return parts.All(p => Conjunction(p, columns, bounds));
        var alternatives = SplitTopLevel(tokens, "OR", skipBetween: false);
        if (alternatives.Count > 1) return Alternatives(alternatives, columns, bounds);
        return Predicate(tokens, columns, bounds);
    }

    // x = 'a' OR x = 'b' OR x IN (...): one column's list.
    private static bool Alternatives(List<List<Token>> alternatives, IReadOnlyCollection<string> columns, Dictionary<string, ColumnBounds> bounds)
    {
        string? column = null;
        var values = new List<string>();
        foreach (var alt in alternatives)
        {
            var one = new Dictionary<string, ColumnBounds>(StringComparer.OrdinalIgnoreCase);
            if (!Predicate(Unwrap(alt), columns, one) || one.Count != 1) return false;
            var (name, b) = one.First();
            if (b.In is null || column is not null && !column.Equals(name, StringComparison.OrdinalIgnoreCase)) return false;
            column = name;
            values.AddRange(b.In);
        }
        bounds[column!] = new ColumnBounds { In = values.Distinct(StringComparer.Ordinal).ToList() };
        return true;
    }

    private static bool Predicate(List<Token> t, IReadOnlyCollection<string> columns, Dictionary<string, ColumnBounds> bounds)
    {
        t = Unwrap(t);
        string? Column(int i) => i < t.Count && t[i].Kind is TokenKind.Word or TokenKind.Quoted && Find(columns, t[i].Text) is { } c ? c : null;
        ColumnBounds For(string c) => bounds.TryGetValue(c, out var b) ? b : bounds[c] = new ColumnBounds();

        // x IS NOT NULL: NOT NULL columns hold it already; nullable ones get values anyway.
        if (t.Count == 4 && Column(0) is not null && Is(t[1], "IS") && Is(t[2], "NOT") && Is(t[3], "NULL")) return true;
        // x BETWEEN a AND b
        if (t.Count == 5 && Column(0) is { } bc && Is(t[1], "BETWEEN") && Number(t[2]) is { } lo && Is(t[3], "AND") && Number(t[4]) is { } hi)
        {
            For(bc).Above(lo, false);
            For(bc).Below(hi, false);
            return true;
        }
        // x IN (a, b, ...)
        if (t.Count >= 4 && Column(0) is { } ic && Is(t[1], "IN") && List(t, 2) is { } inList)
        {
            For(ic).In = inList;
            return true;
        }
        // x = ANY (ARRAY[a, b])
        if (t.Count >= 6 && Column(0) is { } ac && t[1].Text == "=" && Is(t[2], "ANY"))
        {
            var rest = Unwrap(t.GetRange(3, t.Count - 3));
            if (rest.Count >= 3 && Is(rest[0], "ARRAY") && rest[1].Text == "[" && rest[^1].Text == "]")
            {
                var values = Values(rest.GetRange(2, rest.Count - 3));
                if (values is null) return false;
                For(ac).In = values;
                return true;
            }
            return false;
        }
        if (t.Count == 3 && t[1].Kind == TokenKind.Operator)
        {
            var op = t[1].Text;
            if (Column(0) is { } c && Number(t[2]) is { } n) return Compare(For(c), op, n);
            if (Column(2) is { } c2 && Number(t[0]) is { } n2) return Compare(For(c2), Flip(op), n2);
            if (Column(0) is { } sc && op == "=" && t[2].Kind == TokenKind.String)
            {
                For(sc).In = [t[2].Text];
                return true;
            }
        }
        return false;
    }

    private static bool Compare(ColumnBounds b, string op, decimal n)
    {
        switch (op)
        {
            case ">=": b.Above(n, false); return true;
            case ">": b.Above(n, true); return true;
            case "<=": b.Below(n, false); return true;
            case "<": b.Below(n, true); return true;
            case "=":
                b.Above(n, false);
                b.Below(n, false);
                return true;
            case "<>" or "!=": return false;
            default: return false;
        }
    }

    private static string Flip(string op) => op switch { ">=" => "<=", ">" => "<", "<=" => ">=", "<" => ">", _ => op };

    private static string? Find(IReadOnlyCollection<string> columns, string name)
    {
        foreach (var c in columns) if (c == name) return c;
        foreach (var c in columns) if (c.Equals(name, StringComparison.OrdinalIgnoreCase)) return c;
        return null;
    }

    private static bool Is(Token t, string word) => t.Kind == TokenKind.Word && t.Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    private static decimal? Number(Token t)
    {
        if (t.Kind == TokenKind.Number) return decimal.Parse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return null;
    }

    private static List<string>? List(List<Token> t, int start)
    {
        var rest = t.GetRange(start, t.Count - start);
        if (rest.Count < 2 || rest[0].Text != "(" || rest[^1].Text != ")" || rest[0].Kind != TokenKind.Operator) return null;
        return Values(rest.GetRange(1, rest.Count - 2));
    }

    private static List<string>? Values(List<Token> t)
    {
        var result = new List<string>();
        for (var i = 0; i < t.Count; i++)
        {
            if (i % 2 == 1)
            {
                if (t[i].Text != ",") return null;
                continue;
            }
            if (t[i].Kind is not (TokenKind.String or TokenKind.Number)) return null;
            result.Add(t[i].Text);
        }
        return result.Count == 0 ? null : result;
    }

    // Outer parentheses around the whole list.
    private static List<Token> Unwrap(List<Token> t)
    {
        while (t.Count >= 2 && t[0].Text == "(" && t[^1].Text == ")" && t[0].Kind == TokenKind.Operator && Closes(t, 0) == t.Count - 1)
            t = t.GetRange(1, t.Count - 2);
        return t;
    }

    private static int Closes(List<Token> t, int open)
    {
        var depth = 0;
        for (var i = open; i < t.Count; i++)
        {
            if (t[i].Kind != TokenKind.Operator) continue;
            if (t[i].Text is "(" or "[") depth++;
            else if (t[i].Text is ")" or "]" && --depth == 0) return i;
        }
        return -1;
    }

    private static List<List<Token>> SplitTopLevel(List<Token> t, string word, bool skipBetween)
    {
        var parts = new List<List<Token>>();
        var current = new List<Token>();
        var depth = 0;
        var inBetween = false;
        foreach (var token in t)
        {
            if (token.Kind == TokenKind.Operator && token.Text is "(" or "[") depth++;
            if (token.Kind == TokenKind.Operator && token.Text is ")" or "]") depth--;
            if (depth == 0 && Is(token, "BETWEEN")) inBetween = skipBetween;
            if (depth == 0 && Is(token, word))
            {
                if (inBetween)
                {
                    inBetween = false;
                    current.Add(token);
                    continue;
                }
                parts.Add(current);
                current = [];
                continue;
            }
            current.Add(token);
        }
        parts.Add(current);
        return parts;
    }

    // PostgreSQL casts: (0)::numeric, 'a'::character varying, ARRAY[...]::text[]; also a leading minus on a number.
    private static List<Token> StripCasts(List<Token> t)
    {
        var result = new List<Token>();
        for (var i = 0; i < t.Count; i++)
        {
            if (t[i].Kind == TokenKind.Operator && t[i].Text == "::")
            {
                i++;
                // The type name: words, then an optional (n[, m]) and [] pairs.
                while (i + 1 < t.Count && t[i + 1].Kind == TokenKind.Word && !IsKeyword(t[i + 1].Text)) i++;
                if (i + 1 < t.Count && t[i + 1].Text == "(" && Closes(t, i + 1) is var close and > 0 && t.GetRange(i + 2, close - i - 2).All(x => x.Kind == TokenKind.Number || x.Text == ","))
                    i = close;
                while (i + 2 < t.Count && t[i + 1].Text == "[" && t[i + 2].Text == "]") i += 2;
                continue;
            }
            result.Add(t[i]);
        }
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i + 2 < result.Count; i++)
            {
                // (0) → 0, (status) → status; not a function's or an IN list's parentheses.
                if (result[i].Kind == TokenKind.Operator && result[i].Text == "(" && result[i + 1].Kind is TokenKind.Number or TokenKind.String or TokenKind.Word or TokenKind.Quoted
                    && result[i + 2].Kind == TokenKind.Operator && result[i + 2].Text == ")"
                    && (i == 0 || result[i - 1].Kind == TokenKind.Operator && result[i - 1].Text != ")" || result[i - 1].Kind == TokenKind.Word && result[i - 1].Text.ToUpperInvariant() is "AND" or "OR" or "NOT"))
                {
                    result.RemoveAt(i + 2);
                    result.RemoveAt(i);
                    changed = true;
                }
            }
            for (var i = 0; i + 1 < result.Count; i++)
            {
                if (result[i].Text == "-" && result[i + 1].Kind == TokenKind.Number && (i == 0 || result[i - 1].Kind == TokenKind.Operator && result[i - 1].Text != ")"))
                {
                    result[i + 1] = result[i + 1] with { Text = "-" + result[i + 1].Text };
                    result.RemoveAt(i);
                    changed = true;
                }
            }
        }
        return result;
    }

    private static bool IsKeyword(string w) => w.ToUpperInvariant() is "AND" or "OR" or "IN" or "BETWEEN" or "ANY" or "ARRAY" or "IS" or "NOT" or "NULL";

    private enum TokenKind { Word, Quoted, Number, String, Operator }

    private sealed record Token(TokenKind Kind, string Text);

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '$')) i++;
                tokens.Add(new Token(TokenKind.Word, s[start..i]));
                continue;
            }
            if (char.IsDigit(c) || c == '.' && i + 1 < s.Length && char.IsDigit(s[i + 1]))
            {
                var start = i;
                while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.' || (s[i] is 'e' or 'E' && i + 1 < s.Length && (char.IsDigit(s[i + 1]) || s[i + 1] is '-' or '+')) || (s[i] is '-' or '+' && s[i - 1] is 'e' or 'E'))) i++;
                tokens.Add(new Token(TokenKind.Number, s[start..i]));
                continue;
            }
            // [name] quotes an identifier (SQLite), but not in ARRAY[...] or a type's [].
            if (c is '\'' or '"' or '`' or '[' && (c != '[' || (tokens.Count == 0 || !Is(tokens[^1], "ARRAY")) && !(i + 1 < s.Length && s[i + 1] == ']')))
            {
                var close = c == '[' ? ']' : c;
                var text = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= s.Length) throw new FormatException("unterminated quote");
                    if (s[i] == close)
                    {
                        if (i + 1 < s.Length && s[i + 1] == close && close != ']') { text.Append(close); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (s[i] == '\\' && c == '\'' && i + 1 < s.Length) { text.Append(s[i + 1]); i += 2; continue; }
                    text.Append(s[i++]);
                }
                tokens.Add(new Token(c == '\'' ? TokenKind.String : TokenKind.Quoted, text.ToString()));
                continue;
            }
            var two = i + 1 < s.Length ? s.Substring(i, 2) : null;
            if (two is ">=" or "<=" or "<>" or "!=" or "::" or "==")
            {
                tokens.Add(new Token(TokenKind.Operator, two == "==" ? "=" : two));
                i += 2;
                continue;
            }
            if (c is '(' or ')' or '[' or ']' or ',' or '=' or '<' or '>' or '-' or '+')
            {
                tokens.Add(new Token(TokenKind.Operator, c.ToString()));
                i++;
                continue;
            }
            throw new FormatException("unexpected character");
        }
        return tokens;
    }
}
