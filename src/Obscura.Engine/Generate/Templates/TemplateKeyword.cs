namespace Obscura.Engine.Generate.Templates;

/// <summary>
/// A word or phrase that points at a template or variant, with its weight: 3 for words that name the domain outright
/// (<c>ecommerce</c>, <c>hospital</c>, <c>payroll</c>), 2 for strong hints, 1 for words other domains share.
/// Plurals and <c>-ing</c> forms match too (<c>stores</c>, <c>selling</c>).
/// </summary>
public sealed record TemplateKeyword(string Phrase, int Weight);
