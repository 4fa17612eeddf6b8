using System.Globalization;
using System.Text;
using Obscura.Core.Diagnostics;
using Obscura.Engine.Generate.Templates.Domains;
using Obscura.Engine.Generate.Templates.Internal;

namespace Obscura.Engine.Generate.Templates;

/// <summary>
/// The library of domain templates behind <c>obscura generate --context</c>. A context sentence chooses a template by
/// keywords: every template scores the weights of its keywords found in the sentence (plurals and -ing forms count),
/// the highest score wins, a tie goes to the template listed first. This is a keyword-matched template library, not a
/// language model: the same sentence always gives the same template.
/// </summary>
public static class DomainTemplates
{
    /// <summary>Every template, in the order ties are broken.</summary>
    public static IReadOnlyList<DomainTemplate> All { get; } =
    [
        ECommerceTemplate.Create(),
        HealthcareTemplate.Create(),
        BankingTemplate.Create(),
        SaasCrmTemplate.Create(),
        HrTemplate.Create(),
    ];

    /// <summary>A template by its exact name, or null.</summary>
    public static DomainTemplate? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Chooses the template (and its vocabulary variant) for a context sentence.</summary>
    /// <param name="context">Free text such as <c>e-commerce platform selling electronics</c>, or a template's name.</param>
    /// <param name="locale">Faker locale for names and addresses, or null for the run's locale.</param>
    /// <exception cref="ObscuraConfigException">No template's keywords occur in the context (OBS780, listing the templates).</exception>
    public static TemplateMatch Match(string context, string? locale = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var terms = KeywordText.Terms(context);
        DomainTemplate? best = null;
        var bestScore = 0;
        IReadOnlyList<string> bestMatched = [];
        var scores = new List<(DomainTemplate Template, int Score)>();
        foreach (var template in All)
        {
            var (score, matched) = KeywordText.Score(terms, template.Keywords);
            // A product line alone ("a grocery delivery app") points at its template too.
            var (variantScore, variantMatched) = BestVariant(template, terms);
            if (variantScore > 0)
            {
                score += variantScore;
                matched = [.. matched, .. variantMatched.Where(v => !matched.Contains(v))];
            }
            if (terms.Contains(KeywordText.Normalize(template.Name)) && !matched.Contains(template.Name))
            {
                score += 3;
                matched = [.. matched, template.Name];
            }
            scores.Add((template, score));
            if (score > bestScore)
            {
                best = template;
                bestScore = score;
                bestMatched = matched;
            }
        }
        if (best is null)
        {
            var bag = new DiagnosticBag();
            bag.Error("--context", DiagnosticCodes.NoTemplateMatches,
                $"no domain template matches the context \"{context.Trim()}\" (templates are chosen by keywords, not understood by a language model). Available templates: {Describe()}");
            bag.ThrowIfErrors("--context");
        }

        var why = new StringBuilder();
        why.Append(CultureInfo.InvariantCulture, $"template {best!.Name} ({best.Title}): keywords {List(bestMatched, [.. best.Keywords, .. best.Variants.SelectMany(v => v.Keywords)])}, score {bestScore}");
        var runnerUp = scores.Where(s => s.Template != best && s.Score > 0).OrderByDescending(s => s.Score).FirstOrDefault();
        if (runnerUp.Template is not null)
        {
            why.Append(CultureInfo.InvariantCulture, $"; next best {runnerUp.Template.Name} with score {runnerUp.Score}");
            if (runnerUp.Score == bestScore) why.Append(" (a tie goes to the template listed first)");
        }

        string? variant = null;
        if (best.Variants.Count > 0)
        {
            var (_, variantMatched, chosen) = BestVariantOf(best, terms);
            if (chosen is null)
            {
                variant = best.Variants[0].Name;
                why.Append(CultureInfo.InvariantCulture, $"; vocabulary {variant} (no keyword of {string.Join(", ", best.Variants.Skip(1).Select(v => v.Name))} found)");
            }
            else
            {
                variant = chosen.Name;
                why.Append(CultureInfo.InvariantCulture, $"; vocabulary {variant}: keywords {List(variantMatched, chosen.Keywords)}");
            }
        }
        return new TemplateMatch { Template = best, Variant = variant, Locale = locale, Why = why.ToString() };
    }

    private static (int Score, IReadOnlyList<string> Matched) BestVariant(DomainTemplate template, HashSet<string> terms)
    {
        var (score, matched, _) = BestVariantOf(template, terms);
        return (score, matched);
    }

    /// <summary>The variant whose keywords score highest (a tie goes to the one listed first), or null when none scores.</summary>
    private static (int Score, IReadOnlyList<string> Matched, TemplateVariant? Variant) BestVariantOf(DomainTemplate template, HashSet<string> terms)
    {
        TemplateVariant? chosen = null;
        var best = 0;
        IReadOnlyList<string> bestMatched = [];
        foreach (var v in template.Variants)
        {
            var (score, matched) = KeywordText.Score(terms, v.Keywords);
            if (score <= best) continue;
            chosen = v;
            best = score;
            bestMatched = matched;
        }
        return (best, bestMatched, chosen);
    }

    /// <summary>One line per template: name, title and its strongest keywords (for errors and --help).</summary>
    public static string Describe() =>
        string.Join("; ", All.Select(t => $"{t.Name} ({string.Join(", ", t.Keywords.Where(k => k.Weight >= 2).Take(8).Select(k => k.Phrase))})"));

    private static string List(IReadOnlyList<string> matched, IReadOnlyList<TemplateKeyword> keywords) =>
        string.Join(", ", matched.Select(m => string.Create(CultureInfo.InvariantCulture,
            $"\"{m}\" ({keywords.FirstOrDefault(k => k.Phrase == m)?.Weight ?? 3})")));
}
