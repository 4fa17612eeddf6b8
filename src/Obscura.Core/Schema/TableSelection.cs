using Obscura.Core.Config.Internal;
using Obscura.Core.Diagnostics;

namespace Obscura.Core.Schema;

/// <summary>Resolves the table names a user gave (<c>--tables</c>) against a catalog, with one wording for every command.</summary>
public static class TableSelection
{
    /// <summary>
    /// The named tables in catalog order (all tables when none are named). Each unknown name is an OBS404 error in
    /// <paramref name="diagnostics"/> with close names to try, or the catalog's tables when none is close.
    /// </summary>
    public static List<Table> Select(Catalog catalog, IReadOnlyList<string>? names, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (names is null || names.Count == 0) return [.. catalog.Tables];
        var chosen = new HashSet<Table>();
        foreach (var name in names)
        {
            if (catalog.FindTable(name) is { } table)
            {
                chosen.Add(table);
                continue;
            }
            var all = catalog.Tables.Select(t => t.Name.ToString()).ToList();
            var similar = Similar(name, catalog);
            var hint = similar.Count > 0
                ? $"; did you mean {string.Join(" or ", similar.Select(s => $"'{s}'"))}?"
                : $" (it has {catalog.Tables.Count} table{(catalog.Tables.Count == 1 ? "" : "s")}: {string.Join(", ", all.Order(StringComparer.Ordinal).Take(20))})";
            diagnostics.Error("--tables", DiagnosticCodes.UnknownSelectedTable, $"unknown table '{name}' in the source{hint}");
        }
        // Catalog order, whatever order they were named in.
        return [.. catalog.Tables.Where(chosen.Contains)];
    }

    /// <summary>Table names close to <paramref name="name"/>: same letters ignoring case, a prefix, or a few edits away.</summary>
    private static List<string> Similar(string name, Catalog catalog)
    {
        var scored = new List<(string Name, int Distance)>();
        var bare = name.Contains('.', StringComparison.Ordinal) ? name[(name.LastIndexOf('.') + 1)..] : name;
        foreach (var t in catalog.Tables)
        {
            var full = t.Name.ToString();
            var candidate = t.Name.Name;
            int distance;
            if (string.Equals(candidate, bare, StringComparison.OrdinalIgnoreCase) || string.Equals(full, name, StringComparison.OrdinalIgnoreCase)) distance = 0;
            else if (candidate.StartsWith(bare, StringComparison.OrdinalIgnoreCase) || bare.StartsWith(candidate, StringComparison.OrdinalIgnoreCase)) distance = 1;
            else distance = NameSuggester.Distance(candidate.ToLowerInvariant(), bare.ToLowerInvariant());
            if (distance <= Math.Max(2, bare.Length / 4)) scored.Add((full, distance));
        }
        return [.. scored.OrderBy(s => s.Distance).ThenBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Name).Take(3)];
    }
}
