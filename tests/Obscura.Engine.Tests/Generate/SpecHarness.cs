using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Engine.Generate;
using Obscura.Engine.Generate.Internal;

namespace Obscura.Engine.Tests.Generate;

/// <summary>Plans a hand-made schema and computes its rows in memory (no database), as the generator's streams do.</summary>
internal static class SpecHarness
{
    public static Column Col(string name, TypeClass type, bool nullable = true, int? max = null, int? precision = null, int? scale = null, int? bits = null) =>
        new() { Name = name, DeclaredType = type.ToString().ToLowerInvariant(), TypeClass = type, IsNullable = nullable, MaxLength = max, Precision = precision, Scale = scale, IntegerBits = bits };

    public static Table Table(string name, params Column[] columns) => new()
    {
        Name = new TableName(null, name),
        Columns = columns.Select((c, i) => c with { Ordinal = i + 1 }).ToList(),
    };

    public static Catalog Catalog(params Table[] tables) => new() { Provider = "sqlite", Database = "test", Tables = tables };

    public static Dictionary<TableName, TablePlan> Plan(GenerationSchema schema, IReadOnlyDictionary<string, long> rows, long seed, out DiagnosticBag diagnostics, string locale = "en")
    {
        diagnostics = new DiagnosticBag();
        var counts = rows.ToDictionary(r => new TableName(null, r.Key), r => r.Value);
        return GenerationPlanner.Plan(schema, counts, seed, locale, diagnostics);
    }

    /// <summary>Every row of one table.</summary>
    public static List<object?[]> Rows(Dictionary<TableName, TablePlan> plans, string table)
    {
        var plan = plans[new TableName(null, table)];
        var generator = new TableGenerator(plan, new GeneratorScope(plans));
        var result = new List<object?[]>();
        for (long r = 0; r < plan.Rows; r++)
        {
            var row = new object?[plan.Columns.Length];
            generator.Fill(r, row);
            result.Add(row);
        }
        return result;
    }

    /// <summary>Rows of a one-table schema with the given specs.</summary>
    public static List<object?[]> Make(Table table, long rows, long seed = 1, params (string Column, ValueSpec Spec)[] specs)
    {
        var schema = new GenerationSchema
        {
            Catalog = Catalog(table),
            Tables = new Dictionary<TableName, TableSpec>
            {
                [table.Name] = new TableSpec { Columns = specs.ToDictionary(s => s.Column, s => s.Spec, StringComparer.OrdinalIgnoreCase) },
            },
        };
        var plans = Plan(schema, new Dictionary<string, long> { [table.Name.Name] = rows }, seed, out var diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return Rows(plans, table.Name.Name);
    }
}
