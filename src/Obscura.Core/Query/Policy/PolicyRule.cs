namespace Obscura.Core.Query.Policy;

/// <summary>
/// A classification rule: glob patterns (<c>*</c>, <c>?</c>; alternatives separated by <c>|</c>) over <c>table.column</c>,
/// <c>schema.table.column</c>, <c>schema.table</c> and <c>table</c>, case-insensitive.
/// </summary>
public sealed record PolicyRule
{
    /// <summary>The patterns.</summary>
    public required IReadOnlyList<string> Patterns { get; init; }
    /// <summary>The class given to what matches.</summary>
    public DataClass Class { get; init; }
    /// <summary>The pattern text as written.</summary>
    public string Text => string.Join('|', Patterns);
    /// <summary>Line in the policy file.</summary>
    public int Line { get; init; }

    /// <summary>True when one of the patterns matches one of <paramref name="names"/>.</summary>
    public bool Matches(IEnumerable<string> names) => names.Any(n => Patterns.Any(p => Glob(p, n)));

    private static bool Glob(string pattern, string text)
    {
        // Iterative wildcard match with backtracking to the last '*'.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
