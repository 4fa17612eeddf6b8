using System.Globalization;
using System.Text;

namespace Obscura.Engine.Generate.Templates.Internal;

/// <summary>
/// Turns a context sentence into comparable terms: lower-case words reduced to a crude stem (plural and <c>-ing</c>
/// endings dropped), pairs of neighbouring words (<c>online store</c>), and words written together (<c>e-commerce</c>
/// and <c>web shop</c> also give <c>ecommerce</c> and <c>webshop</c>). Keywords go through the same reduction, so a
/// keyword matches its inflected forms.
/// </summary>
internal static class KeywordText
{
    /// <summary>Every term of a context sentence.</summary>
    public static HashSet<string> Terms(string text)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        var words = new List<string>();
        foreach (var raw in text.ToLower(CultureInfo.InvariantCulture).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = Parts(raw);
            if (parts.Count == 0) continue;
            foreach (var part in parts) terms.Add(Stem(part));
            if (parts.Count > 1)
            {
                // e-commerce, point-of-sale: the parts written together count as one word as well.
                var joined = Stem(string.Concat(parts));
                terms.Add(joined);
            }
            words.AddRange(parts);
        }
        for (var i = 0; i + 1 < words.Count; i++)
        {
            terms.Add(Stem(words[i]) + " " + Stem(words[i + 1]));
            terms.Add(Stem(words[i] + words[i + 1]));
        }
        return terms;
    }

    /// <summary>The comparable form of a keyword phrase.</summary>
    public static string Normalize(string phrase) =>
        string.Join(' ', phrase.ToLower(CultureInfo.InvariantCulture)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Stem(string.Concat(Parts(w)))));

    /// <summary>Sum of the weights of <paramref name="keywords"/> found in <paramref name="terms"/>, and which were found.</summary>
    public static (int Score, IReadOnlyList<string> Matched) Score(HashSet<string> terms, IReadOnlyList<TemplateKeyword> keywords)
    {
        var score = 0;
        var matched = new List<string>();
        var counted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keyword in keywords)
        {
            // Two spellings of one stem (sell, selling) count once.
            var normalized = Normalize(keyword.Phrase);
            if (!terms.Contains(normalized) || !counted.Add(normalized)) continue;
            score += keyword.Weight;
            matched.Add(keyword.Phrase);
        }
        return (score, matched);
    }

    /// <summary>A crude English stem: enough to let plurals and -ing forms meet their keyword.</summary>
    internal static string Stem(string word)
    {
        var w = word;
        if (w.Length > 5 && w.EndsWith("ing", StringComparison.Ordinal))
        {
            w = w[..^3];
            // shopping → shop, but selling and billing keep their double l.
            if (w.Length > 3 && w[^1] == w[^2] && "bdgmnprt".Contains(w[^1], StringComparison.Ordinal)) w = w[..^1];
            return w;
        }
        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal)) return w[..^3] + "y";
        if (w.Length > 4 && (w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("ches", StringComparison.Ordinal)
                             || w.EndsWith("shes", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal)))
        {
            return w[..^2];
        }
        if (w.Length > 3 && w[^1] == 's' && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal)
            && !w.EndsWith("is", StringComparison.Ordinal))
        {
            return w[..^1];
        }
        return w;
    }

    private static List<string> Parts(string raw)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (var c in raw)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
                continue;
            }
            if (c == '\'') continue; // patient's → patients
            if (current.Length > 0) parts.Add(current.ToString());
            current.Clear();
        }
        if (current.Length > 0) parts.Add(current.ToString());
        return parts;
    }
}
