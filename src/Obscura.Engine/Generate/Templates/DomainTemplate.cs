using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Engine.Generate.Templates.Internal;

namespace Obscura.Engine.Generate.Templates;

/// <summary>
/// A domain template for <c>obscura generate --context</c>: a hand-written schema (tables, keys, portable CHECKs,
/// foreign keys) with a value spec for each column and vocabularies written for the domain. Chosen by keywords, not by a
/// language model.
/// </summary>
public sealed class DomainTemplate
{
    /// <summary>The provider name of template catalogs: not an engine, so every dialect maps the portable types.</summary>
    public const string CatalogProvider = "template";

    private readonly Func<string?, string?, IReadOnlyList<TableBuilder>> _build;

    internal DomainTemplate(string name, string title, IReadOnlyList<TemplateKeyword> keywords, IReadOnlyList<TemplateVariant> variants,
        IReadOnlyList<TemplateTable> tables, Func<string?, string?, IReadOnlyList<TableBuilder>> build)
    {
        Name = name;
        Title = title;
        Keywords = keywords;
        Variants = variants;
        Tables = tables;
        _build = build;
    }

    /// <summary>Short name (<c>ecommerce</c>), also accepted as the context itself.</summary>
    public string Name { get; }

    /// <summary>What the template models, for listings.</summary>
    public string Title { get; }

    /// <summary>Words that point at this template.</summary>
    public IReadOnlyList<TemplateKeyword> Keywords { get; }

    /// <summary>Vocabulary flavours; the first is used when the context names none. Empty when the template has one vocabulary.</summary>
    public IReadOnlyList<TemplateVariant> Variants { get; }

    /// <summary>The tables with their default rows and ratios, parents before children.</summary>
    public IReadOnlyList<TemplateTable> Tables { get; }

    /// <summary>
    /// The generation schema of this template: catalog, column specs and row counts (<paramref name="rows"/> for the
    /// tables it names, derived counts for the others; see <see cref="TemplateTable"/>). Fan-outs are stretched so their
    /// mean matches the resulting ratio of child to parent rows.
    /// </summary>
    /// <param name="variant">A name from <see cref="Variants"/>, or null for the first.</param>
    /// <param name="locale">Faker locale of names and addresses, or null for the run's locale.</param>
    /// <param name="rows">Requested row counts by table name; null or empty for the defaults.</param>
    /// <param name="scale">Factor on the default rows of the tables <paramref name="rows"/> does not name (lookup tables
    /// keep theirs); null: the scale the named tables show against their defaults.</param>
    /// <exception cref="ObscuraConfigException">A requested table is unknown or a lookup table is asked for too many rows.</exception>
    public GenerationSchema Build(string? variant = null, string? locale = null, IReadOnlyDictionary<string, long>? rows = null, double? scale = null)
    {
        if (variant is not null && !Variants.Any(v => v.Name == variant))
        {
            throw new ArgumentException($"the {Name} template has no variant {variant}", nameof(variant));
        }
        var diagnostics = new DiagnosticBag();
        var counts = RowPlanner.Resolve(Name, Tables, rows ?? new Dictionary<string, long>(), scale, diagnostics);
        diagnostics.ThrowIfErrors("--rows");

        var builders = _build(variant ?? (Variants.Count > 0 ? Variants[0].Name : null), locale);
        var tables = builders.Select(b => b.BuildTable()).ToList();
        var specs = new Dictionary<TableName, TableSpec>();
        foreach (var builder in builders)
        {
            var table = tables.First(t => t.Name.Name == builder.Name);
            var spec = builder.BuildSpec(counts[builder.Name]);
            specs[table.Name] = spec with { FanOut = StretchFanOut(table, spec, counts) };
        }
        return new GenerationSchema
        {
            Catalog = new Catalog { Provider = CatalogProvider, Database = Name, Tables = tables },
            Tables = specs,
        };
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static Dictionary<string, FanOutSpec> StretchFanOut(Table table, TableSpec spec, Dictionary<string, long> counts)
    {
        var result = new Dictionary<string, FanOutSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, fanOut) in spec.FanOut)
        {
            var fk = table.ForeignKeys.First(f => string.Join(",", f.Columns) == key);
            var parentRows = counts[fk.ReferencedTable.Name];
            var childRows = counts[table.Name.Name];
            double weight = 0, sum = 0;
            for (var i = 0; i < fanOut.Counts.Count; i++)
            {
                weight += fanOut.Weights[i];
                sum += fanOut.Counts[i] * fanOut.Weights[i];
            }
            var mean = weight > 0 ? sum / weight : 0;
            var wanted = parentRows > 0 ? (double)childRows / parentRows : 0;
            if (mean <= 0 || Math.Abs(wanted / mean - 1) < 0.01)
            {
                result[key] = fanOut;
                continue;
            }
            var factor = wanted / mean;
            result[key] = fanOut with { Counts = [.. fanOut.Counts.Select(c => (int)Math.Round(c * factor))] };
        }
        return result;
    }
}
