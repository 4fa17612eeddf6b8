namespace Obscura.Core.Strategies.Internal;

/// <summary>A piece of a parsed <c>template</c>: literal text, or a column placeholder with its filters.</summary>
internal sealed record TemplatePart(string? Literal, string? Column, TemplateFilter[] Filters);
