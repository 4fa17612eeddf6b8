using System.Globalization;
using System.Text;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// Parses <c>template</c> text: <c>{column}</c> or <c>{column|filter|filter}</c> placeholders, <c>{{</c> and <c>}}</c>
/// for literal braces. Filters: lower, upper, trim, first, alnum, hash (16 hex characters), hashN (N from 1 to 32).
/// </summary>
internal static class TemplateParser
{
    /// <summary>The longest hashN.</summary>
    public const int MaxHashLength = 32;

    /// <summary>The parts, or null with a problem for users.</summary>
    public static List<TemplatePart>? Parse(string template, out string? problem)
    {
        problem = null;
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}') i++;
                else
                {
                    problem = $"'template' has a '}}' at position {i + 1} without an opening '{{' (write '}}}}' for a literal brace)";
                    return null;
                }
                literal.Append('}');
                continue;
            }
            if (c != '{')
            {
                literal.Append(c);
                continue;
            }
            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                literal.Append('{');
                i++;
                continue;
            }
            var close = template.IndexOf('}', i + 1);
            if (close < 0)
            {
                problem = $"'template' has a '{{' at position {i + 1} that is never closed (write '{{{{' for a literal brace)";
                return null;
            }
            var pieces = template[(i + 1)..close].Split('|');
            var column = pieces[0].Trim();
            if (column.Length == 0)
            {
                problem = $"'template' has an empty placeholder at position {i + 1}; name a column, e.g. {{first_name}}";
                return null;
            }
            var filters = new TemplateFilter[pieces.Length - 1];
            for (var f = 1; f < pieces.Length; f++)
            {
                if (ParseFilter(pieces[f].Trim()) is not { } filter)
                {
                    problem = $"'template' uses the unknown filter '{pieces[f].Trim()}' on {{{column}}}; filters: lower, upper, trim, first, alnum, hash, hash8 (hash1 to hash{MaxHashLength})";
                    return null;
                }
                filters[f - 1] = filter;
            }
            if (literal.Length > 0)
            {
                parts.Add(new TemplatePart(literal.ToString(), null, []));
                literal.Clear();
            }
            parts.Add(new TemplatePart(null, column, filters));
            i = close;
        }
        if (literal.Length > 0) parts.Add(new TemplatePart(literal.ToString(), null, []));
        return parts;
    }

    private static TemplateFilter? ParseFilter(string name)
    {
        switch (name)
        {
            case "lower": return new TemplateFilter(TemplateFilterKind.Lower, 0);
            case "upper": return new TemplateFilter(TemplateFilterKind.Upper, 0);
            case "trim": return new TemplateFilter(TemplateFilterKind.Trim, 0);
            case "first": return new TemplateFilter(TemplateFilterKind.First, 0);
            case "alnum": return new TemplateFilter(TemplateFilterKind.Alnum, 0);
            case "hash": return new TemplateFilter(TemplateFilterKind.Hash, 16);
        }
        if (name.StartsWith("hash", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && length is >= 1 and <= MaxHashLength)
            return new TemplateFilter(TemplateFilterKind.Hash, length);
        return null;
    }
}
