using System.Globalization;
using Obscura.Core.Diagnostics;

namespace Obscura.Engine.Generate.Templates.Internal;

/// <summary>
/// Row counts of a template's tables from the ones <c>--rows</c> names: a named table gets exactly its count; a table
/// that scales with another gets its ratio of that table's rows; a lookup table keeps its vocabulary size; any other
/// table gets its default times the scale asked for (<c>--rows scale=F</c>), else the scale the named tables show against
/// their defaults (their geometric mean).
/// </summary>
internal static class RowPlanner
{
    public static Dictionary<string, long> Resolve(string template, IReadOnlyList<TemplateTable> tables,
        IReadOnlyDictionary<string, long> requested, double? scale, DiagnosticBag diagnostics)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var names = string.Join(", ", tables.Select(t => t.Name));
        foreach (var (name, rows) in requested)
        {
            if (!byName.TryGetValue(name, out var table))
            {
                diagnostics.Error("--rows", DiagnosticCodes.TemplateUnknownTable,
                    $"the {template} template has no table \"{name}\"; its tables are {names}");
                continue;
            }
            if (table.MaxRows is { } max && rows > max)
            {
                diagnostics.Error("--rows", DiagnosticCodes.TemplateLookupTooLarge,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{name} is a lookup table of the {template} template with {max} distinct entries; ask for at most {max} rows (or leave it out: it gets {table.DefaultRows})"));
            }
        }

        var defaults = Plan(byName, new Dictionary<string, long>(StringComparer.Ordinal), 1.0);
        var logSum = 0.0;
        var scaled = 0;
        foreach (var (name, rows) in requested)
        {
            if (!byName.TryGetValue(name, out var table) || table.IsLookup || rows <= 0 || defaults[name] <= 0) continue;
            logSum += Math.Log((double)rows / defaults[name]);
            scaled++;
        }
        var known = requested.Where(r => byName.ContainsKey(r.Key)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        return Plan(byName, known, scale ?? (scaled == 0 ? 1.0 : Math.Exp(logSum / scaled)));
    }

    private static Dictionary<string, long> Plan(Dictionary<string, TemplateTable> tables, Dictionary<string, long> requested, double scale)
    {
        var rows = new Dictionary<string, long>(requested, StringComparer.Ordinal);
        foreach (var table in tables.Values) Rows(table, tables, rows, scale, 0);
        return rows;
    }

    private static long Rows(TemplateTable table, Dictionary<string, TemplateTable> tables, Dictionary<string, long> rows, double scale, int depth)
    {
        if (rows.TryGetValue(table.Name, out var known)) return known;
        if (depth > tables.Count) throw new InvalidOperationException($"template table {table.Name}: ScalesWith forms a cycle");
        long count;
        if (table.IsLookup) count = table.DefaultRows;
        else if (table.ScalesWith is { } parent) count = Math.Max(1, (long)Math.Round(Rows(tables[parent], tables, rows, scale, depth + 1) * table.Ratio));
        else count = Math.Max(1, (long)Math.Round(table.DefaultRows * scale));
        rows[table.Name] = count;
        return count;
    }
}
