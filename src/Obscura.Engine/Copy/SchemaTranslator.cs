using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;

namespace Obscura.Engine.Copy;

/// <summary>
/// Maps source tables into a target dialect: names (a non-default schema becomes a table-name prefix where the
/// target has no schemas), column types through the target dialect's documented mapping, and foreign keys to the
/// mapped names. Lossy choices become warnings; name collisions become errors.
/// </summary>
public static class SchemaTranslator
{
    /// <summary>The target name of a source table.</summary>
    public static TableName MapName(TableName source, string? sourceDefaultSchema, SqlDialect target)
    {
        if (target.SupportsSchemas)
        {
            return new TableName(source.Schema ?? target.DefaultSchema, source.Name);
        }
        return source.Schema is null || source.Schema == sourceDefaultSchema
            ? new TableName(null, source.Name)
            : new TableName(null, source.Schema + "_" + source.Name);
    }

    /// <summary>Translates the selected tables; problems go to <paramref name="diagnostics"/>.</summary>
    public static IReadOnlyList<TableMapping> Translate(IReadOnlyList<Table> tables, Catalog source, SqlDialect target, DiagnosticBag diagnostics)
    {
        var selected = tables.Select(t => t.Name).ToHashSet();
        var seen = new Dictionary<TableName, TableName>();
        var result = new List<TableMapping>(tables.Count);
        foreach (var table in tables)
        {
            var name = MapName(table.Name, source.DefaultSchema, target);
            if (seen.TryGetValue(name, out var other))
            {
                diagnostics.Error(table.Name.ToString(), DiagnosticCodes.TargetNameCollision,
                    $"tables {other} and {table.Name} would both become {name} in the {target.Name} target; copy them in separate runs or rename one");
                continue;
            }
            seen[name] = table.Name;

            var warnings = new List<string>();
            var columns = table.Columns.Select(c => target.MapColumn(c, source.Provider, warnings)).ToList();
            var foreignKeys = new List<ForeignKey>();
            foreach (var fk in table.ForeignKeys)
            {
                if (!selected.Contains(fk.ReferencedTable))
                {
                    warnings.Add($"foreign key {fk.Name ?? string.Join(",", fk.Columns)} references {fk.ReferencedTable}, which is not copied: the constraint is not created");
                    continue;
                }
                foreignKeys.Add(fk with { ReferencedTable = MapName(fk.ReferencedTable, source.DefaultSchema, target) });
            }
            foreach (var w in warnings) diagnostics.Warning(table.Name.ToString(), DiagnosticCodes.MappingWarning, w);
            result.Add(new TableMapping(table, table with
            {
                Name = name,
                Columns = columns,
                ForeignKeys = foreignKeys,
            }));
        }
        return result;
    }
}
