namespace Obscura.Core.Strategies.Internal;

/// <summary>One filter of a placeholder; <see cref="Length"/> is the hex length of <see cref="TemplateFilterKind.Hash"/>.</summary>
internal readonly record struct TemplateFilter(TemplateFilterKind Kind, int Length);
