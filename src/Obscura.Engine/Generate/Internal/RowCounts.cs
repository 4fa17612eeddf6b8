using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Engine.Generate.Internal;

/// <summary>
/// Decides how many rows each table gets: <c>--rows TABLE=N</c>, else the schema's <see cref="TableSpec.Rows"/>, else
/// (with <c>scale</c>) the source's rows times the scale; then every table a generated table's NOT NULL foreign key
/// needs, from the source's ratio of the two tables' rows when both are known.
/// </summary>
internal static class RowCounts
{
    public static Dictionary<TableName, long> Resolve(GenerationSchema schema, GenerateOptions options, DiagnosticBag diagnostics)
    {
        var catalog = schema.Catalog;
        var rows = new Dictionary<TableName, long>();
        foreach (var (reference, count) in options.Rows)
        {
            var table = catalog.FindTable(reference);
            if (table is null)
            {
                var near = catalog.Tables.FirstOrDefault(t => t.Name.Name.Equals(reference, StringComparison.OrdinalIgnoreCase) || t.Name.ToString().Equals(reference, StringComparison.OrdinalIgnoreCase));
                var hint = near is not null ? $"; did you mean {near.Name}?"
                    : $" (its tables: {string.Join(", ", catalog.Tables.Take(12).Select(t => t.Name.ToString()))}{(catalog.Tables.Count > 12 ? ", ..." : "")})";
                diagnostics.Error("--rows", DiagnosticCodes.GenerateUnknownTable, $"--rows names {reference}, which is not a table of the schema{hint}");
                continue;
            }
            rows[table.Name] = count;
        }
        foreach (var (name, spec) in schema.Tables)
        {
            if (spec.Rows is not { } n || rows.ContainsKey(name)) continue;
            if (catalog.FindTable(name) is null)
            {
                diagnostics.Error(name.ToString(), DiagnosticCodes.GenerateUnknownTable, $"the generation schema describes {name}, which is not a table of its catalog");
                continue;
            }
            if (n < 0) diagnostics.Error(name.ToString(), DiagnosticCodes.GenerateInvalidOption, $"the generation schema asks for {n} rows of {name}");
            rows[name] = Math.Max(0, n);
        }
        if (options.Scale is { } scale)
        {
            foreach (var table in catalog.Tables)
            {
                if (rows.ContainsKey(table.Name)) continue;
                if (table.RowEstimate < 0)
                {
                    diagnostics.Error(table.Name.ToString(), DiagnosticCodes.GenerateNoParents,
                        $"--rows scale={scale.ToString(CultureInfo.InvariantCulture)}: the row count of {table.Name} is not known; give it --rows {table.Name}=N");
                    continue;
                }
                rows[table.Name] = (long)Math.Round(table.RowEstimate * scale, MidpointRounding.AwayFromZero);
            }
        }
        if (rows.Count == 0 && !diagnostics.HasErrors)
        {
            diagnostics.Error("--rows", DiagnosticCodes.GenerateInvalidOption, "nothing to generate: give --rows TABLE=N[,TABLE=N...] or --rows scale=F");
            return rows;
        }

        // Parents that NOT NULL foreign keys need, transitively.
        var queue = new Queue<TableName>(rows.Keys);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            var table = catalog.FindTable(name)!;
            foreach (var fk in table.ForeignKeys)
            {
                if (fk.ReferencedTable == name || rows.ContainsKey(fk.ReferencedTable)) continue;
                var nullable = fk.Columns.All(c => table.FindColumn(c)?.IsNullable != false);
                if (nullable) continue;
                var parent = catalog.FindTable(fk.ReferencedTable);
                if (parent is null)
                {
                    diagnostics.Error(name.ToString(), DiagnosticCodes.GenerateNoParents,
                        $"{name}({string.Join(", ", fk.Columns)}) references {fk.ReferencedTable}, which is not in the schema");
                    continue;
                }
                if (table.RowEstimate > 0 && parent.RowEstimate >= 0)
                {
                    var derived = (long)Math.Round((double)rows[name] * parent.RowEstimate / table.RowEstimate, MidpointRounding.AwayFromZero);
                    rows[parent.Name] = Math.Max(rows[name] > 0 ? 1 : 0, derived);
                    queue.Enqueue(parent.Name);
                    continue;
                }
                diagnostics.Error(parent.Name.ToString(), DiagnosticCodes.GenerateNoParents,
                    $"{parent.Name} needs a row count: {name}({string.Join(", ", fk.Columns)}) references it NOT NULL and the source's row counts do not say how many; add --rows {parent.Name}=N");
            }
        }
        return rows;
    }
}
