using System.Data.Common;
using System.Globalization;
using Obscura.Core.Schema;
using Obscura.Data;

namespace Obscura.Engine.Validation;

/// <summary>
/// Counts orphaned rows per foreign key with one set-based anti-join each: rows whose non-null key has no parent.
/// Used after a copy (constraints may be added without validation for speed, and SQLite never enforces them during load).
/// </summary>
public static class ForeignKeyCheck
{
    /// <summary>The anti-join that counts orphans of one foreign key of <paramref name="table"/>.</summary>
    public static string OrphanCountSql(SqlDialect dialect, TableName table, ForeignKey foreignKey)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(foreignKey);
        var notNull = string.Join(" AND ", foreignKey.Columns.Select(c => $"c.{dialect.Quote(c)} IS NOT NULL"));
        var match = string.Join(" AND ", foreignKey.Columns.Zip(foreignKey.ReferencedColumns, (c, p) => $"p.{dialect.Quote(p)} = c.{dialect.Quote(c)}"));
        return $"SELECT COUNT(*) FROM {dialect.Qualify(table)} c WHERE {notNull} AND NOT EXISTS " +
               $"(SELECT 1 FROM {dialect.Qualify(foreignKey.ReferencedTable)} p WHERE {match})";
    }

    /// <summary>Orphan counts for every foreign key of the given tables (only non-zero counts are returned).</summary>
    public static async Task<IReadOnlyList<(TableName Table, ForeignKey ForeignKey, long Orphans)>> FindOrphansAsync(
        DbConnection connection, SqlDialect dialect, IEnumerable<Table> tables, CancellationToken cancellationToken)
    {
        var result = new List<(TableName, ForeignKey, long)>();
        foreach (var table in tables)
        {
            foreach (var fk in table.ForeignKeys)
            {
                var count = Convert.ToInt64(await DatabaseEndpoint.ScalarAsync(connection, OrphanCountSql(dialect, table.Name, fk), cancellationToken).ConfigureAwait(false),
                    CultureInfo.InvariantCulture);
                if (count > 0) result.Add((table.Name, fk, count));
            }
        }
        return result;
    }
}
