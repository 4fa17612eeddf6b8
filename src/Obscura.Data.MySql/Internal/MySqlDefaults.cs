using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Obscura.Data.MySql.Internal;

/// <summary>
/// Carries column defaults written in another engine's SQL over to MySQL: plain literals (numbers, strings, booleans)
/// and the current timestamp only. Anything else (functions, sequences, casts of expressions) is dropped by the caller with a warning.
/// </summary>
internal static partial class MySqlDefaults
{
    /// <summary>The MySQL DEFAULT expression for <paramref name="expression"/> on a column of <paramref name="type"/>, or null when it cannot be carried.</summary>
    /// <param name="expression">The default as the source engine reports it.</param>
    /// <param name="type">The target column's MySQL type.</param>
    /// <param name="isNullDefault">True when the default is just NULL (nothing to declare, nothing to warn about).</param>
    public static string? Translate(string expression, MySqlType type, out bool isNullDefault)
    {
        isNullDefault = false;
        var d = Unwrap(expression);
        if (d.Equals("NULL", StringComparison.OrdinalIgnoreCase))
        {
            isNullDefault = true;
            return null;
        }
        var storage = type.Storage;
        if (CurrentTimestamp().IsMatch(d))
        {
            return storage switch
            {
                // MySQL wants the default's fractional precision to match the column's.
                MySqlStorage.DateTime => type.FirstNumber is > 0 and var p ? $"CURRENT_TIMESTAMP({p})" : "CURRENT_TIMESTAMP",
                MySqlStorage.Date => "(CURRENT_DATE)",
                _ => null,
            };
        }
        if (CurrentDate().IsMatch(d)) return storage == MySqlStorage.Date ? "(CURRENT_DATE)" : null;

        string? text = null;
        if (d.Length >= 2 && d[0] == '\'' && d[^1] == '\'') text = Unquote(d);
        if (text is null && !NumberLiteral().IsMatch(d) && !IsBooleanWord(d)) return null;
        var raw = text ?? d;

        switch (storage)
        {
            case MySqlStorage.Boolean or MySqlStorage.BitBoolean:
                return ParseBoolean(raw) is { } b ? (b ? "1" : "0") : null;
            case MySqlStorage.Integer or MySqlStorage.Decimal or MySqlStorage.Float or MySqlStorage.Year or MySqlStorage.Bit:
                return NumberLiteral().IsMatch(raw.Trim()) ? raw.Trim() : null;
            case MySqlStorage.Text or MySqlStorage.Uuid or MySqlStorage.Json:
                if (text is null && IsBooleanWord(d)) return null;
                // MySQL 8 accepts a literal default on TEXT/JSON only as an expression.
                return type.IsLob || storage == MySqlStorage.Json ? "(" + MySqlSyntax.Literal(raw) + ")" : MySqlSyntax.Literal(raw);
            case MySqlStorage.Date or MySqlStorage.DateTime or MySqlStorage.Time:
                return text is null ? null : MySqlSyntax.Literal(raw);
            default:
                return null;
        }
    }

    private static string Unwrap(string expression)
    {
        var d = expression.Trim();
        while (true)
        {
            var before = d;
            if (d.Length >= 2 && d[0] == '(' && d[^1] == ')' && Balanced(d[1..^1])) d = d[1..^1].Trim();
            var cast = PostgresCast().Match(d);
            if (cast.Success) d = cast.Groups[1].Value.Trim();
            if (d == before) return d;
        }
    }

    private static bool Balanced(string s)
    {
        var depth = 0;
        var quoted = false;
        foreach (var c in s)
        {
            if (c == '\'') quoted = !quoted;
            if (quoted) continue;
            if (c == '(') depth++;
            else if (c == ')' && --depth < 0) return false;
        }
        return depth == 0 && !quoted;
    }

    private static string? Unquote(string literal)
    {
        var sb = new StringBuilder(literal.Length);
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (c == '\'')
            {
                if (i + 1 < literal.Length - 1 && literal[i + 1] == '\'') { sb.Append('\''); i++; continue; }
                return null; // two literals or an expression: not a plain literal
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool IsBooleanWord(string s) => s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static bool? ParseBoolean(string s) => s.Trim().ToLowerInvariant() switch
    {
        "1" or "t" or "true" or "y" or "yes" or "on" => true,
        "0" or "f" or "false" or "n" or "no" or "off" => false,
        var other when decimal.TryParse(other, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n != 0,
        _ => null,
    };

    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"^(.*)::\s*""?[A-Za-z_][A-Za-z0-9_ ""]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?(\[\])?$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex PostgresCast();

    [GeneratedRegex(@"^(current_timestamp|localtimestamp|now|transaction_timestamp|statement_timestamp|sysdate|getdate|utc_timestamp)\s*(\(\s*\d*\s*\))?$|^datetime\s*\(\s*'now'\s*\)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CurrentTimestamp();

    [GeneratedRegex(@"^(current_date|curdate\s*\(\s*\)|date\s*\(\s*'now'\s*\))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CurrentDate();
}
