using System.Text;
using System.Text.RegularExpressions;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// Parses a <c>regex</c> replacement: .NET substitutions <c>$1</c>, <c>${name}</c>, <c>$0</c> / <c>$&amp;</c> and
/// <c>$$</c>, plus <c>{hash}</c> (16 hex characters of a keyed hash of the match), <c>{hash:N}</c> (N characters, 1 to 32),
/// <c>{digits}</c> (keyed digits, one per character of the match) and <c>{{</c> for a literal brace.
/// Anything else is literal text.
/// </summary>
internal static class RegexReplacement
{
    /// <summary>Default length of <c>{hash}</c>.</summary>
    public const int DefaultHashLength = 16;

    /// <summary>The longest <c>{hash:N}</c>.</summary>
    public const int MaxHashLength = 32;

    /// <summary>The parts of <paramref name="replacement"/>, or null with a problem for users.</summary>
    public static RegexPart[]? Parse(string replacement, Regex regex, out string? problem)
    {
        problem = null;
        var parts = new List<RegexPart>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < replacement.Length)
        {
            var c = replacement[i];
            if (c == '$' && i + 1 < replacement.Length)
            {
                var next = replacement[i + 1];
                if (next == '$')
                {
                    literal.Append('$');
                    i += 2;
                    continue;
                }
                if (next == '&')
                {
                    Flush(parts, literal);
                    parts.Add(new RegexPart(RegexPartKind.Group, "", 0));
                    i += 2;
                    continue;
                }
                if (char.IsAsciiDigit(next))
                {
                    // The longest run of digits that names a group, as .NET reads it.
                    var end = i + 1;
                    while (end < replacement.Length && char.IsAsciiDigit(replacement[end])) end++;
                    var taken = false;
                    for (var stop = end; stop > i + 1; stop--)
                    {
                        if (!int.TryParse(replacement.AsSpan(i + 1, stop - i - 1), out var number) || !regex.GetGroupNumbers().Contains(number)) continue;
                        Flush(parts, literal);
                        parts.Add(new RegexPart(RegexPartKind.Group, "", number));
                        i = stop;
                        taken = true;
                        break;
                    }
                    if (taken) continue;
                }
                if (next == '{')
                {
                    var close = replacement.IndexOf('}', i + 2);
                    if (close < 0)
                    {
                        problem = "'replacement' has '${' without a closing '}'";
                        return null;
                    }
                    var name = replacement[(i + 2)..close];
                    Flush(parts, literal);
                    if (int.TryParse(name, out var number) && regex.GetGroupNumbers().Contains(number)) parts.Add(new RegexPart(RegexPartKind.Group, "", number));
                    else if (regex.GroupNumberFromName(name) >= 0) parts.Add(new RegexPart(RegexPartKind.NamedGroup, name, 0));
                    else
                    {
                        problem = $"'replacement' refers to group '{name}', which the pattern does not have (groups: {string.Join(", ", regex.GetGroupNames())})";
                        return null;
                    }
                    i = close + 1;
                    continue;
                }
            }
            if (c == '{')
            {
                if (i + 1 < replacement.Length && replacement[i + 1] == '{')
                {
                    literal.Append('{');
                    i += 2;
                    continue;
                }
                var close = replacement.IndexOf('}', i + 1);
                var token = close < 0 ? "" : replacement[(i + 1)..close];
                if (token == "digits")
                {
                    Flush(parts, literal);
                    parts.Add(new RegexPart(RegexPartKind.Digits, "", 0));
                    i = close + 1;
                    continue;
                }
                if (token == "hash" || token.StartsWith("hash:", StringComparison.Ordinal))
                {
                    var length = DefaultHashLength;
                    if (token.Length > 4 && (!int.TryParse(token.AsSpan(5), out length) || length < 1 || length > MaxHashLength))
                    {
                        problem = $"'replacement' has '{{{token}}}': the hash length must be a whole number from 1 to {MaxHashLength}";
                        return null;
                    }
                    Flush(parts, literal);
                    parts.Add(new RegexPart(RegexPartKind.Hash, "", length));
                    i = close + 1;
                    continue;
                }
            }
            literal.Append(c);
            i++;
        }
        Flush(parts, literal);
        return [.. parts];
    }

    private static void Flush(List<RegexPart> parts, StringBuilder literal)
    {
        if (literal.Length == 0) return;
        parts.Add(new RegexPart(RegexPartKind.Literal, literal.ToString(), 0));
        literal.Clear();
    }
}
