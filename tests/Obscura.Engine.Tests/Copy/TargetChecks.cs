using System.Globalization;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Data.Tests.Infrastructure;

namespace Obscura.Engine.Tests.Copy;

/// <summary>Checks on a copied database, written against the catalog so they work on any engine.</summary>
internal static class TargetChecks
{
    public static async Task<Catalog> InspectAsync(DatabaseUri uri)
    {
        var provider = TestDatabases.Registry.Resolve(uri);
        await using var ds = provider.CreateDataSource(uri);
        await using var conn = await provider.OpenAsync(ds, uri, CancellationToken.None);
        return await provider.InspectAsync(conn, CancellationToken.None);
    }

    /// <summary>Rows per table name (without schema), counted exactly.</summary>
    public static async Task<Dictionary<string, long>> CountsAsync(DatabaseUri uri)
    {
        var provider = TestDatabases.Registry.Resolve(uri);
        var catalog = await InspectAsync(uri);
        var result = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in catalog.Tables)
            result[t.Name.Name] = await TestDatabases.CountAsync(uri, provider.Dialect.CountRows(t.Name));
        return result;
    }

    /// <summary>For every foreign key, the number of child rows whose non-null key has no parent row.</summary>
    public static async Task<Dictionary<string, long>> OrphansAsync(DatabaseUri uri)
    {
        var provider = TestDatabases.Registry.Resolve(uri);
        var d = provider.Dialect;
        var catalog = await InspectAsync(uri);
        var result = new Dictionary<string, long>();
        foreach (var t in catalog.Tables)
        {
            foreach (var fk in t.ForeignKeys)
            {
                var sql = Obscura.Engine.Validation.ForeignKeyCheck.OrphanCountSql(d, t.Name, fk);
                result[$"{t.Name}({string.Join(",", fk.Columns)})"] = await TestDatabases.CountAsync(uri, sql);
            }
        }
        return result;
    }

    /// <summary>Values of one column in a stable order (by the given column).</summary>
    public static async Task<List<string?>> ColumnAsync(DatabaseUri uri, string table, string column, string orderBy)
    {
        var provider = TestDatabases.Registry.Resolve(uri);
        var catalog = await InspectAsync(uri);
        var t = catalog.FindTable(table) ?? throw new ArgumentException($"no table {table}");
        var d = provider.Dialect;
        var rows = await TestDatabases.QueryAsync(uri, $"SELECT {d.Quote(column)} FROM {d.Qualify(t.Name)} ORDER BY {d.Quote(orderBy)}");
        return rows.Select(r => r[0] is null ? null : Convert.ToString(r[0], CultureInfo.InvariantCulture)).ToList();
    }
}
