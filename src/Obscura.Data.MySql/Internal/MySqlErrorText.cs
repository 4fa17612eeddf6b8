using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Obscura.Data.MySql.Internal;

/// <summary>
/// Server errors and warnings retold without row values: errors about data (which quote the offending value, unescaped)
/// are described by their code plus the column, key and row the server names; other errors keep their text with quoted
/// literals masked.
/// </summary>
internal static partial class MySqlErrorText
{
    /// <summary>A value-free description of server error or warning <paramref name="code"/>.</summary>
    public static string Describe(int code, string message)
    {
        var what = code switch
        {
            1048 => "a NULL went into a NOT NULL column",
            1062 => "duplicate key value",
            1264 => "value out of range",
            1265 => "value truncated",
            1292 => "invalid date or time value",
            1364 => "a NOT NULL column without default got no value",
            1366 => "value not valid for the column's type",
            1406 => "value too long",
            1451 or 1452 => "foreign key violation",
            1690 => "value out of range",
            3819 or 4025 => "CHECK constraint violated",
            4078 => "value not valid for the column's type",
            _ => null,
        };
        if (what is null) return $"server error {code.ToString(CultureInfo.InvariantCulture)}: {MaskLiterals(message)}";
        var sb = new StringBuilder().Append("server error ").Append(code.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(what);
        if (Column().Match(message) is { Success: true } c) sb.Append(" in column '").Append(c.Groups["name"].Value).Append('\'');
        if (Key().Match(message) is { Success: true } k) sb.Append(" on key '").Append(k.Groups["name"].Value).Append('\'');
        if (Constraint().Match(message) is { Success: true } ct) sb.Append(" (constraint '").Append(ct.Groups["name"].Value).Append("')");
        if (Row().Match(message) is { Success: true } r) sb.Append(" at row ").Append(r.Groups[1].Value);
        return sb.ToString();
    }

    /// <summary>Replaces single-quoted literals with <c>'…'</c>, keeping those right after a word that introduces a name.</summary>
    public static string MaskLiterals(string message)
    {
        var sb = new StringBuilder(message.Length);
        var i = 0;
        while (i < message.Length)
        {
            if (message[i] != '\'')
            {
                sb.Append(message[i++]);
                continue;
            }
            var end = message.IndexOf('\'', i + 1);
            if (end < 0) end = message.Length - 1;
            var literal = message[i..(end + 1)];
            sb.Append(NameWord().IsMatch(sb.ToString()) ? literal : "'…'");
            i = end + 1;
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"column (?:`(?:[^`]|``)*`\.)*[`'](?<name>(?:[^`']|``)*)[`']", RegexOptions.CultureInvariant)]
    private static partial Regex Column();

    [GeneratedRegex(@"for key '(?<name>[^']*)'\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Key();

    [GeneratedRegex(@"CONSTRAINT [`'](?<name>[^`']*)[`']", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Constraint();

    [GeneratedRegex(@"at row (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Row();

    [GeneratedRegex(@"\b(?:column|key|table|constraint|index|database|function|procedure|view|user)\s$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameWord();
}
