using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Obscura.Core.Schema;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// Defaults that survive a change of engine: numeric and string literals and the current date/time keywords.
/// Everything else (function calls, engine-specific expressions) is dropped with a warning.
/// </summary>
internal static partial class PortableDefaults
{
    /// <summary>
    /// Translates a default written in another engine's SQL for a column already mapped to PostgreSQL;
    /// null when there is no portable equivalent (or the default is NULL).
    /// </summary>
    public static string? Translate(string? sourceDefault, Column target, out bool dropped)
    {
        dropped = false;
        if (string.IsNullOrWhiteSpace(sourceDefault)) return null;
        var text = StripParentheses(sourceDefault.Trim());
        if (text.Equals("NULL", StringComparison.OrdinalIgnoreCase)) return null;

        if (CurrentKeyword(text) is { } keyword)
        {
            var translated = target.TypeClass switch
            {
                TypeClass.Date => "CURRENT_DATE",
                TypeClass.Time => "LOCALTIME",
                TypeClass.DateTime => "LOCALTIMESTAMP",
                TypeClass.DateTimeOffset => "CURRENT_TIMESTAMP",
                TypeClass.Text => keyword,
                _ => null,
            };
            dropped = translated is null;
            return translated;
        }

        string? literal = null;
        if (BitLiteral().Match(text) is { Success: true } bit) literal = bit.Groups[1].Value == "1" ? "1" : "0";
        else if (NumberLiteral().IsMatch(text)) literal = text;
        else if (StringLiteral().IsMatch(text)) literal = text[1..^1].Replace("''", "'", StringComparison.Ordinal);
        else if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase)) literal = text.ToLowerInvariant();
        if (literal is null || !Fits(literal, target))
        {
            dropped = true;
            return null;
        }
        return Render(literal, target);
    }

    /// <summary>True when a default already in PostgreSQL SQL is portable (a literal or a current date/time keyword).</summary>
    public static bool IsPortable(string expression)
    {
        var text = StripParentheses(expression.Trim());
        return CurrentKeyword(text) is not null || text is "true" or "false" || text.Equals("NULL", StringComparison.OrdinalIgnoreCase)
            || NumberLiteral().IsMatch(text) || StringLiteral().IsMatch(text) || CastLiteral().IsMatch(text);
    }

    private static string? CurrentKeyword(string text) => text.ToUpperInvariant() switch
    {
        "CURRENT_TIMESTAMP" or "CURRENT_TIMESTAMP()" or "NOW()" or "LOCALTIMESTAMP" or "LOCALTIMESTAMP()" or "LOCALTIME" or "LOCALTIME()"
            or "DATETIME('NOW')" or "DATETIME('NOW','LOCALTIME')" or "DATETIME('NOW', 'LOCALTIME')" or "SYSDATE()" => "CURRENT_TIMESTAMP",
        "CURRENT_DATE" or "CURRENT_DATE()" or "CURDATE()" or "DATE('NOW')" => "CURRENT_DATE",
        "CURRENT_TIME" or "CURRENT_TIME()" or "CURTIME()" or "TIME('NOW')" => "CURRENT_TIME",
        var t when CurrentWithPrecision().IsMatch(t) => "CURRENT_TIMESTAMP",
        _ => null,
    };

    private static bool Fits(string literal, Column target) => target.TypeClass switch
    {
        TypeClass.Integer => long.TryParse(literal, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        TypeClass.Decimal or TypeClass.Float => double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        TypeClass.Boolean => literal is "0" or "1" or "true" or "false",
        TypeClass.Date => DateOnly.TryParseExact(literal, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        TypeClass.DateTime or TypeClass.DateTimeOffset => DateTime.TryParse(literal, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year >= 1,
        TypeClass.Time => TimeSpan.TryParse(literal, CultureInfo.InvariantCulture, out var t) && t >= TimeSpan.Zero && t <= TimeSpan.FromHours(24),
        TypeClass.Uuid => Guid.TryParse(literal, out _),
        TypeClass.Json => IsJson(literal),
        TypeClass.Text => target.MaxLength is not { } max || literal.Length <= max,
        _ => false,
    };

    private static string Render(string literal, Column target) => target.TypeClass switch
    {
        TypeClass.Integer or TypeClass.Decimal or TypeClass.Float => literal,
        TypeClass.Boolean => literal is "1" or "true" ? "true" : "false",
        _ => "'" + literal.Replace("'", "''", StringComparison.Ordinal) + "'",
    };

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string StripParentheses(string text)
    {
        while (text.Length >= 2 && text[0] == '(' && text[^1] == ')') text = text[1..^1].Trim();
        return text;
    }

    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"^'(?:[^']|'')*'$", RegexOptions.Singleline)]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^'(?:[^']|'')*'::[a-z ]+(\(\d+(,\d+)?\))?$", RegexOptions.Singleline)]
    private static partial Regex CastLiteral();

    [GeneratedRegex(@"^[bB]'([01])'$")]
    private static partial Regex BitLiteral();

    [GeneratedRegex(@"^CURRENT_TIMESTAMP\(\d\)$|^NOW\(\d\)$")]
    private static partial Regex CurrentWithPrecision();
}
