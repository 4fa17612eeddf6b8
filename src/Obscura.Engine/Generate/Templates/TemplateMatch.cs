namespace Obscura.Engine.Generate.Templates;

/// <summary>The template a context chose, the vocabulary variant, and why (the keywords that matched and their scores).</summary>
public sealed record TemplateMatch
{
    /// <summary>The chosen template.</summary>
    public required DomainTemplate Template { get; init; }
    /// <summary>The chosen variant's name, or null when the template has none.</summary>
    public string? Variant { get; init; }
    /// <summary>The locale the schema's faker specs use (null: the run's locale).</summary>
    public string? Locale { get; init; }
    /// <summary>One line for the user: the template, the variant and the keywords that chose them.</summary>
    public required string Why { get; init; }

    /// <summary>The template's name.</summary>
    public string Name => Template.Name;

    /// <summary>The schema with default row counts.</summary>
    public GenerationSchema Schema => Template.Build(Variant, Locale);

    /// <summary>
    /// The schema with <paramref name="rows"/> for the tables named there and derived counts for the rest (their
    /// defaults times <paramref name="scale"/> when given).
    /// </summary>
    /// <exception cref="Obscura.Core.Diagnostics.ObscuraConfigException">A table is unknown, or a lookup table is asked for too many rows.</exception>
    public GenerationSchema WithRows(IReadOnlyDictionary<string, long> rows, double? scale = null) => Template.Build(Variant, Locale, rows, scale);
}
