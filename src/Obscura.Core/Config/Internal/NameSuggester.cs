namespace Obscura.Core.Config.Internal;

/// <summary>"Did you mean" suggestions: case-insensitive matches first, then the nearest names by edit distance.</summary>
internal static class NameSuggester
{
    /// <summary>Up to <paramref name="max"/> candidates close to <paramref name="name"/>, best first.</summary>
    public static List<string> Suggest(string name, IEnumerable<string> candidates, int max = 3)
    {
        var limit = Math.Max(2, name.Length / 3);
        var scored = new List<(int Distance, string Candidate)>();
        foreach (var candidate in candidates)
        {
            var distance = string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase)
                ? 0
                : Distance(name.ToUpperInvariant(), candidate.ToUpperInvariant()) + 1;
            if (distance <= limit + 1) scored.Add((distance, candidate));
        }
        scored.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Candidate, b.Candidate));
        var result = new List<string>(Math.Min(max, scored.Count));
        foreach (var (_, candidate) in scored)
        {
            if (result.Count == max) break;
            if (!result.Contains(candidate)) result.Add(candidate);
        }
        return result;
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
