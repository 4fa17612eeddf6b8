using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Engine.Discovery;

namespace Obscura.Service.Dashboard.Internal;

/// <summary>
/// The new-operation page's per-column strategy picker: the scan's inventory and drafted rules as choices, and the choices
/// back as config text through <see cref="DraftWriter"/> — the writer <c>obscura scan</c> drafts with, so the same choices
/// give the same YAML. Strategies and their parameters come from the runtime's <see cref="StrategyRegistry"/> only.
/// </summary>
internal static class StrategyPicker
{
    /// <summary>One choice per column of the scanned tables (and per drafted line of other tables), in catalog order.</summary>
    public static List<ColumnChoice> FromScan(ScanResult scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var catalog = scan.Catalog;
        var findings = scan.Findings.ToDictionary(f => (f.Table, f.Column));
        var drafted = new Dictionary<(string, string), DraftColumn>();
        foreach (var t in scan.Draft.Tables)
        {
            foreach (var c in t.Columns) drafted[(t.Key, c.Column)] = c;
        }
        var choices = new List<ColumnChoice>();
        foreach (var table in catalog.Tables)
        {
            var key = DraftWriter.TableKey(catalog, table);
            foreach (var column in table.Columns)
            {
                var finding = findings.GetValueOrDefault((table.Name, column.Name));
                var line = drafted.GetValueOrDefault((key, column.Name));
                if (finding is null && line is null) continue;
                var choice = new ColumnChoice
                {
                    Table = key, Column = column.Name, Type = TypeName(column.TypeClass),
                    Kind = finding?.Kind, Confidence = finding?.Confidence ?? 0, Evidence = finding?.Evidence,
                    Comment = line?.Comment, Follows = line?.Follows, Drafted = line?.Follows is null ? line?.Strategy : null,
                };
                if (choice.Drafted is { } strategy)
                {
                    choice.Strategy = strategy;
                    foreach (var (name, value) in line!.Parameters) choice.Parameters[name] = value;
                }
                choices.Add(choice);
            }
        }
        return choices;
    }

    /// <summary>The strategies a column of this type can take, by name (the registry's order), plus any name already chosen.</summary>
    public static IReadOnlyList<StrategyDefinition> Options(StrategyRegistry registry, ColumnChoice choice)
    {
        var type = Enum.TryParse<TypeClass>(choice.Type, ignoreCase: true, out var t) ? t : (TypeClass?)null;
        return registry.All.Where(s => type is null || s.AcceptedTypes.Contains(type.Value) || s.Name == choice.Strategy).ToList();
    }

    /// <summary>
    /// The config text for the choices (the one function the page submits through) and the choices it cannot write: an
    /// unknown strategy, or a parameter the chosen strategy does not take (OBS955), each with the choice's index.
    /// </summary>
    public static (string Yaml, IReadOnlyList<(int Index, string Message)> Problems) ToYaml(IReadOnlyList<ColumnChoice> choices, StrategyRegistry registry, string source)
    {
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(registry);
        var problems = new List<(int, string)>();
        var tables = new List<DraftTable>();
        var byTable = new Dictionary<string, List<DraftColumn>>(StringComparer.Ordinal);
        for (var i = 0; i < choices.Count; i++)
        {
            var c = choices[i];
            if (!byTable.TryGetValue(c.Table, out var lines))
            {
                byTable[c.Table] = lines = [];
                tables.Add(new DraftTable(c.Table, lines));
            }
            var comment = c.Comment ?? "";
            if (c.Follows is { } parent)
            {
                lines.Add(new DraftColumn(c.Column, comment) { Follows = parent });
                continue;
            }
            var strategy = string.IsNullOrWhiteSpace(c.Strategy) ? ColumnChoice.Keep : c.Strategy.Trim();
            if (strategy == ColumnChoice.Keep)
            {
                // Personal data left in clear stays visible in the config as a comment; other columns kept need no line.
                if (c.Drafted is not null) lines.Add(new DraftColumn(c.Column, Join(comment, "kept unchanged (chosen in the dashboard)")));
                else if (c.IsPii) lines.Add(new DraftColumn(c.Column, comment));
                continue;
            }
            if (registry.Find(strategy) is not { } definition)
            {
                problems.Add((i, $"'{strategy}' is not a strategy: choose one of the list ({DiagnosticCodes.DashboardStrategyChoice})"));
                continue;
            }
            var parameters = new List<KeyValuePair<string, string>>();
            foreach (var p in definition.Parameters)
            {
                if (c.Parameters.GetValueOrDefault(p.Name) is { } value && value.Trim() is { Length: > 0 } text) parameters.Add(KeyValuePair.Create(p.Name, text));
            }
            lines.Add(new DraftColumn(c.Column, c.Drafted is null && comment.Length == 0 ? "chosen in the dashboard" : comment)
            {
                Strategy = definition.Name,
                Parameters = parameters,
            });
        }
        tables.RemoveAll(t => t.Columns.Count == 0);
        return (DraftWriter.Write(tables, source), problems);
    }

    /// <summary>The index of the choice a config diagnostic is about (its path names the column's rule or one of its parameters), or null.</summary>
    public static int? ChoiceOf(IReadOnlyList<ColumnChoice> choices, string detail)
    {
        for (var i = 0; i < choices.Count; i++)
        {
            var path = DraftWriter.PathOf(choices[i].Table, choices[i].Column);
            if (detail.StartsWith(path, StringComparison.Ordinal) && (detail.Length == path.Length || detail[path.Length] is ':' or '.' or ' ')) return i;
        }
        return null;
    }

    /// <summary>A parameter's default as the page shows it (placeholder text), or null.</summary>
    public static string? DefaultText(StrategyParameter p) => p.Default switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString(),
    };

    private static string TypeName(TypeClass type) => type.ToString().ToLowerInvariant();

    private static string Join(string a, string b) => a.Length == 0 ? b : a + "; " + b;
}
