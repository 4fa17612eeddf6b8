using System.Globalization;
using System.Text;
using Obscura.Core.Schema;

namespace Obscura.Engine.Discovery;

/// <summary>
/// Writes a drafted <c>obscura.yaml</c> from its tables and column lines: the one writer behind <c>obscura scan</c>'s draft
/// and the dashboard's strategy picker, so the same choices give the same text.
/// </summary>
public static class DraftWriter
{
    private static readonly HashSet<string> YamlWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "~",
    };

    /// <summary>The config text: a header naming <paramref name="source"/>, then each table with at least one line.</summary>
    /// <param name="tables">Tables in catalog order.</param>
    /// <param name="source">Where the draft comes from (a URI without password, or a data source's name).</param>
    public static string Write(IReadOnlyList<DraftTable> tables, string source)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(source);
        var sb = new StringBuilder();
        sb.Append("# obscura.yaml drafted from a scan of ").Append(OneLine(source)).Append('\n');
        sb.Append("# Every rule is a suggestion: review it before use. Kinds, confidences and evidence are in pii-inventory.csv.\n");
        sb.Append("# Columns not listed are copied unchanged; columns referencing a transformed key follow it automatically.\n");
        sb.Append("# Keyed strategies need the run secret when you copy: set OBSCURA_SECRET or pass --secret-file.\n");
        var any = false;
        foreach (var table in tables)
        {
            if (table.Columns.Count == 0) continue;
            if (!any) sb.Append("tables:\n");
            any = true;
            sb.Append("  ").Append(YamlKey(table.Key)).Append(":\n");
            sb.Append(table.Columns.Any(c => c.Strategy is not null && c.Follows is null) ? "    columns:\n" : "    columns: {}\n");
            foreach (var column in table.Columns)
            {
                if (column.Follows is { } parent)
                {
                    sb.Append("      # ").Append(OneLine(column.Column)).Append(" follows ").Append(OneLine(parent)).Append(" (foreign key): no rule needed\n");
                }
                else if (column.Strategy is not { } strategy)
                {
                    sb.Append("      # ").Append(OneLine(column.Column)).Append(": ").Append(OneLine(column.Comment)).Append('\n');
                }
                else
                {
                    sb.Append("      ").Append(YamlKey(column.Column)).Append(": { strategy: ").Append(YamlValue(strategy));
                    foreach (var (key, value) in column.Parameters) sb.Append(", ").Append(YamlKey(key)).Append(": ").Append(YamlValue(value));
                    sb.Append(" }");
                    if (column.Comment.Length > 0) sb.Append("   # ").Append(OneLine(column.Comment));
                    sb.Append('\n');
                }
            }
        }
        if (!any) sb.Append("tables: {}   # no personal data found\n");
        return sb.ToString();
    }

    /// <summary>How the config names a table: its name alone, or <c>schema.table</c> when the name alone finds another table.</summary>
    public static string TableKey(Catalog catalog, Table table)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(table);
        return catalog.FindTable(table.Name.Name) == table ? table.Name.Name : table.Name.ToString();
    }

    /// <summary>The config path of a column's rule, as the planner's diagnostics name it.</summary>
    public static string PathOf(string tableKey, string column) => $"tables.{tableKey}.columns.{column}";

    /// <summary>A mapping key: plain when it is a simple identifier, else double-quoted.</summary>
    internal static string YamlKey(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') && !YamlWords.Contains(key)
            ? key
            : Quote(key);

    /// <summary>A scalar value: plain for simple words and numbers, else double-quoted (and "null" always quoted).</summary>
    internal static string YamlValue(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') && !YamlWords.Contains(value)
        && (value[0] != '-' || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? value
            : Quote(value);

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ');
}
