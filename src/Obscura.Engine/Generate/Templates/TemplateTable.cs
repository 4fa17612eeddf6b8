namespace Obscura.Engine.Generate.Templates;

/// <summary>
/// One table of a template and how many rows it gets when <c>--rows</c> does not name it: <see cref="Ratio"/> times
/// the rows of <see cref="ScalesWith"/> (order lines per order), else <see cref="DefaultRows"/> scaled like the tables
/// that were named. A lookup table (<see cref="MaxRows"/> set: one row per vocabulary entry) keeps its
/// <see cref="DefaultRows"/> and takes at most <see cref="MaxRows"/>.
/// </summary>
public sealed record TemplateTable(string Name, long DefaultRows, string? ScalesWith = null, double Ratio = 1, long? MaxRows = null)
{
    /// <summary>True for lookup tables, whose rows come from a vocabulary.</summary>
    public bool IsLookup => MaxRows is not null;
}
