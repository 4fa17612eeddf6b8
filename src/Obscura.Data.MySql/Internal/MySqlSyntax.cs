using System.Text.RegularExpressions;

namespace Obscura.Data.MySql.Internal;

/// <summary>Quoting and small SQL text helpers shared by the dialect, inspector and writer.</summary>
internal static partial class MySqlSyntax
{
    /// <summary>Longest identifier MySQL and MariaDB accept.</summary>
    public const int MaxIdentifierLength = 64;

    /// <summary>Backtick-quotes an identifier, doubling embedded backticks.</summary>
    public static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary>A single-quoted string literal that reads back as <paramref name="value"/> whatever the sql_mode (backslashes doubled).</summary>
    public static string Literal(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Quoted, comma-separated column list.</summary>
    public static string ColumnList(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    /// <summary>Shortens a generated identifier to the engine's limit, keeping it deterministic.</summary>
    public static string Fit(string identifier)
    {
        if (identifier.Length <= MaxIdentifierLength) return identifier;
        var hash = (uint)StableHash(identifier);
        return identifier[..(MaxIdentifierLength - 9)] + "_" + hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Removes the <c>DEFINER=user@host</c> clause of SHOW CREATE output so the statement runs under any account.</summary>
    public static string StripDefiner(string createStatement) => DefinerClause().Replace(createStatement, string.Empty, 1);

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s) h = (h ^ c) * 16777619;
            return h;
        }
    }

    [GeneratedRegex(@"DEFINER\s*=\s*(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\s@]+)@(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\s]+)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefinerClause();
}
