using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Engine.Generate;
using Obscura.Engine.Generate.Internal;
using Obscura.Engine.Generate.Profiled;
using Obscura.Engine.Profiling;

namespace Obscura.Engine.Tests.Generate;

/// <summary>Rows the generator makes from a profile's specs, computed by its own table generators.</summary>
public sealed class Generated
{
    private readonly Dictionary<string, GeneratedTable> _tables;

    private Generated(Dictionary<string, GeneratedTable> tables) => _tables = tables;

    /// <summary>The rows of a table (by bare name).</summary>
    public GeneratedTable Table(string name) => _tables[name];

    /// <summary>Plans the catalog with the profile's specs and computes every row.</summary>
    public static Generated From(ProfileReport report, Catalog catalog, long seed)
    {
        var diagnostics = new DiagnosticBag();
        var specs = ProfileSpecs.Build(report, catalog, diagnostics);
        var schema = new GenerationSchema { Catalog = catalog, Tables = specs };
        var rows = specs.ToDictionary(s => s.Key, s => s.Value.Rows!.Value);
        var plans = GenerationPlanner.Plan(schema, rows, seed, "en", diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        var tables = new Dictionary<string, GeneratedTable>();
        foreach (var (name, plan) in plans)
        {
            var generator = new TableGenerator(plan, new GeneratorScope(plans));
            var data = new List<object?[]>();
            for (long r = 0; r < plan.Rows; r++)
            {
                var row = new object?[plan.Columns.Length];
                generator.Fill(r, row);
                data.Add(row);
            }
            tables[name.Name] = new GeneratedTable(plan.Table, data);
        }
        return new Generated(tables);
    }
}

/// <summary>One generated table's rows.</summary>
public sealed class GeneratedTable(Table table, List<object?[]> rows)
{
    /// <summary>A column's values (NULLs as null).</summary>
    public List<object?> Values(string column)
    {
        var i = table.Columns.ToList().FindIndex(c => c.Name == column);
        return rows.Select(r => r[i]).ToList();
    }

    /// <summary>Non-null values as numbers: dates as day numbers, timestamps as seconds since 0001-01-01.</summary>
    public List<double> Numbers(string column) => Values(column).Where(v => v is not null).Select(v => v switch
    {
        DateOnly d => d.DayNumber,
        DateTime t => t.Ticks / 1e7,
        DateTimeOffset o => o.UtcTicks / 1e7,
        _ => Convert.ToDouble(v, CultureInfo.InvariantCulture),
    }).ToList();

    /// <summary>Non-null values as text.</summary>
    public List<string> Texts(string column) => Values(column).Where(v => v is not null).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!).ToList();

    /// <summary>Share of NULLs.</summary>
    public double NullRatio(string column) => rows.Count == 0 ? 0 : Values(column).Count(v => v is null) / (double)rows.Count;
}
