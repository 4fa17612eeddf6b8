namespace Obscura.Engine.Generate.Templates;

/// <summary>A flavour of a template's vocabulary (electronics, fashion, ...) chosen by its own keywords.</summary>
public sealed record TemplateVariant(string Name, string Description, IReadOnlyList<TemplateKeyword> Keywords);
