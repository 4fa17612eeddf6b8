using System.Text;

namespace Obscura.Data.Postgres.Internal;

/// <summary>Splits PostgreSQL's canonical SQL (as <c>format_type</c> and <c>pg_get_indexdef</c> print it) into identifiers.</summary>
internal static class SqlIdentifiers
{
    /// <summary>
    /// Reads one identifier at <paramref name="position"/>: a double-quoted one (with <c>""</c> escapes) or a bare word.
    /// Returns the raw SQL text of the identifier (quotes kept) and moves <paramref name="position"/> past it; null when none.
    /// </summary>
    public static string? ReadIdentifier(string sql, ref int position)
    {
        var start = position;
        if (position < sql.Length && sql[position] == '"')
        {
            position++;
            while (position < sql.Length)
            {
                if (sql[position] == '"')
                {
                    if (position + 1 < sql.Length && sql[position + 1] == '"') { position += 2; continue; }
                    position++;
                    return sql[start..position];
                }
                position++;
            }
            position = start;
            return null;
        }
        while (position < sql.Length && (char.IsLetterOrDigit(sql[position]) || sql[position] is '_' or '$')) position++;
        return position > start ? sql[start..position] : null;
    }

    /// <summary>Reads a possibly schema-qualified name (<c>a.b</c>, <c>"A"."b c"</c>) as raw SQL text; null when none.</summary>
    public static string? ReadQualifiedName(string sql, ref int position)
    {
        var start = position;
        if (ReadIdentifier(sql, ref position) is null) return null;
        while (position < sql.Length && sql[position] == '.')
        {
            position++;
            if (ReadIdentifier(sql, ref position) is null) { position = start; return null; }
        }
        return sql[start..position];
    }

    /// <summary>The parts of a qualified name with quotes removed (<c>"My"."t"</c> → [My, t]); bare parts are folded to lower case.</summary>
    public static IReadOnlyList<string> SplitQualifiedName(string sql)
    {
        var parts = new List<string>();
        var position = 0;
        while (position < sql.Length)
        {
            var raw = ReadIdentifier(sql, ref position);
            if (raw is null) break;
            parts.Add(Unquote(raw));
            if (position < sql.Length && sql[position] == '.') position++;
            else break;
        }
        return parts;
    }

    /// <summary>Skips one expected keyword (case-insensitive) followed by a space; false when it is not there.</summary>
    public static bool SkipKeyword(string sql, ref int position, string keyword)
    {
        if (string.Compare(sql, position, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
        var end = position + keyword.Length;
        if (end < sql.Length && sql[end] != ' ') return false;
        position = Math.Min(end + 1, sql.Length);
        return true;
    }

    private static string Unquote(string raw)
    {
        if (raw.Length < 2 || raw[0] != '"') return raw.ToLowerInvariant();
        var sb = new StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length - 1; i++)
        {
            sb.Append(raw[i]);
            if (raw[i] == '"') i++;
        }
        return sb.ToString();
    }
}
