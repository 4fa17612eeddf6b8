using Obscura.Core.Schema;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>DEFAULT clauses: SQLite's own re-emitted safely, other engines' translated when they are simple.</summary>
internal static class SqliteDefaults
{
    private static readonly HashSet<string> LiteralWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "NULL", "TRUE", "FALSE", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP",
    };

    private static readonly HashSet<string> TimestampFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "NOW", "GETDATE", "GETUTCDATE", "SYSDATE", "SYSDATETIME", "UTC_TIMESTAMP",
        "STATEMENT_TIMESTAMP", "TRANSACTION_TIMESTAMP", "CLOCK_TIMESTAMP",
    };

    private static readonly HashSet<string> DateFunctions = new(StringComparer.OrdinalIgnoreCase) { "CURRENT_DATE", "CURDATE", "UTC_DATE" };

    private static readonly HashSet<string> TimeFunctions = new(StringComparer.OrdinalIgnoreCase) { "CURRENT_TIME", "CURTIME", "LOCALTIME", "UTC_TIME" };

    /// <summary>
    /// A default as SQLite reported it, ready to follow DEFAULT: literals as they are, expressions in parentheses
    /// (<c>pragma table_xinfo</c> drops the parentheses that <c>DEFAULT (expr)</c> requires).
    /// </summary>
    public static string Format(string expression)
    {
        var text = expression.Trim();
        var tokens = SqlTokenizer.Tokenize(text);
        if (IsLiteral(tokens)) return text;
        if (tokens.Count > 0 && tokens[0].Kind == SqlTokenKind.OpenParen && SqlTokenizer.MatchingParen(tokens, 0) == tokens.Count - 1) return text;
        return "(" + text + ")";
    }

    /// <summary>
    /// Translates another engine's default into SQLite: numbers, strings, booleans, NULL and the current date/time.
    /// Returns null when there is no default; <paramref name="untranslated"/> is set when one was given but cannot be kept.
    /// </summary>
    public static string? Translate(string? expression, TypeClass typeClass, out bool untranslated)
    {
        untranslated = false;
        if (string.IsNullOrWhiteSpace(expression)) return null;
        var text = StripCasts(expression.Trim());
        var tokens = SqlTokenizer.Tokenize(text);
        while (tokens.Count > 2 && tokens[0].Kind == SqlTokenKind.OpenParen && SqlTokenizer.MatchingParen(tokens, 0) == tokens.Count - 1)
        {
            text = text[tokens[0].End..tokens[^1].Start].Trim();
            tokens = SqlTokenizer.Tokenize(text);
        }
        if (tokens.Count == 1)
        {
            var t = tokens[0];
            switch (t.Kind)
            {
                case SqlTokenKind.Number or SqlTokenKind.Blob:
                    return text;
                case SqlTokenKind.String:
                    if (typeClass == TypeClass.Boolean && Boolean(t.Value) is { } b) return b;
                    return text;
                case SqlTokenKind.Word when t.IsKeyword("NULL"):
                    return null;
                case SqlTokenKind.Word when t.IsKeyword("TRUE"):
                    return "1";
                case SqlTokenKind.Word when t.IsKeyword("FALSE"):
                    return "0";
                case SqlTokenKind.Word when TimestampFunctions.Contains(t.Value):
                    return "CURRENT_TIMESTAMP";
                case SqlTokenKind.Word when DateFunctions.Contains(t.Value):
                    return "CURRENT_DATE";
                case SqlTokenKind.Word when TimeFunctions.Contains(t.Value):
                    return "CURRENT_TIME";
            }
        }
        if (tokens.Count == 2 && tokens[0].Kind == SqlTokenKind.Symbol && tokens[0].Value is "-" or "+" && tokens[1].Kind == SqlTokenKind.Number)
        {
            return text;
        }
        // now(), current_timestamp(6), curdate() ...
        if (tokens.Count >= 3 && tokens[0].Kind == SqlTokenKind.Word && tokens[1].Kind == SqlTokenKind.OpenParen &&
            SqlTokenizer.MatchingParen(tokens, 1) == tokens.Count - 1)
        {
            if (TimestampFunctions.Contains(tokens[0].Value)) return "CURRENT_TIMESTAMP";
            if (DateFunctions.Contains(tokens[0].Value)) return "CURRENT_DATE";
            if (TimeFunctions.Contains(tokens[0].Value)) return "CURRENT_TIME";
        }
        untranslated = true;
        return null;
    }

    private static bool IsLiteral(List<SqlToken> tokens) => tokens.Count switch
    {
        1 => tokens[0].Kind is SqlTokenKind.Number or SqlTokenKind.String or SqlTokenKind.Blob ||
             (tokens[0].Kind == SqlTokenKind.Word && LiteralWords.Contains(tokens[0].Value)),
        2 => tokens[0].Kind == SqlTokenKind.Symbol && tokens[0].Value is "-" or "+" && tokens[1].Kind == SqlTokenKind.Number,
        _ => false,
    };

    /// <summary>Removes PostgreSQL-style <c>::type</c> casts that are outside parentheses and quotes.</summary>
    private static string StripCasts(string text)
    {
        var tokens = SqlTokenizer.Tokenize(text);
        var depth = 0;
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Kind == SqlTokenKind.OpenParen) depth++;
            else if (tokens[i].Kind == SqlTokenKind.CloseParen) depth--;
            else if (depth == 0 && tokens[i].Value == ":" && tokens[i + 1].Value == ":" && tokens[i + 1].Start == tokens[i].End)
            {
                return text[..tokens[i].Start].Trim();
            }
        }
        return text;
    }

    private static string? Boolean(string value) => value.Trim().ToUpperInvariant() switch
    {
        "1" or "T" or "TRUE" or "Y" or "YES" or "ON" => "1",
        "0" or "F" or "FALSE" or "N" or "NO" or "OFF" => "0",
        _ => null,
    };
}
