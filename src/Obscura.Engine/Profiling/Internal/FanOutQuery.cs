using System.Data.Common;
using System.Globalization;
using Obscura.Core.Schema;
using Obscura.Data;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>
/// The children-per-parent distribution of one foreign key, computed by the database in one set-based query: the child
/// table grouped by its key columns, then those group sizes counted; the parent's row count gives the parents without a
/// child (parent rows − distinct referenced keys). Nothing per row crosses the wire.
/// </summary>
internal static class FanOutQuery
{
    /// <summary>The query: rows (children, parents) for each group size, plus (-1, parent rows) and (-2, child rows with a NULL key part).</summary>
    public static string Sql(SqlDialect dialect, Table child, ForeignKey key)
    {
        var columns = string.Join(", ", key.Columns.Select(dialect.Quote));
        var notNull = string.Join(" AND ", key.Columns.Select(c => dialect.Quote(c) + " IS NOT NULL"));
        var anyNull = string.Join(" OR ", key.Columns.Select(c => dialect.Quote(c) + " IS NULL"));
        var table = dialect.Qualify(child.Name);
        return $"SELECT g.n, COUNT(*) FROM (SELECT COUNT(*) AS n FROM {table} WHERE {notNull} GROUP BY {columns}) g GROUP BY g.n"
            + $" UNION ALL SELECT -1, COUNT(*) FROM {dialect.Qualify(key.ReferencedTable)}"
            + $" UNION ALL SELECT -2, COUNT(*) FROM {table} WHERE {anyNull}";
    }

    /// <summary>Runs the query for <paramref name="key"/> of <paramref name="child"/>.</summary>
    public static async Task<FanOutProfile> RunAsync(DbConnection connection, SqlDialect dialect, Table child, ForeignKey key, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql(dialect, child, key);
        cmd.CommandTimeout = 0;
        var counts = new SortedDictionary<long, long>();
        long parentRows = 0, orphans = 0, referenced = 0;
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var children = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                var parents = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                switch (children)
                {
                    case -1: parentRows = parents; break;
                    case -2: orphans = parents; break;
                    default:
                        counts[children] = parents;
                        referenced += parents;
                        break;
                }
            }
        }
        // Keys that match no parent (an unenforced key) are counted as children but cannot make the zero count negative.
        var childless = parentRows - referenced;
        if (childless > 0) counts[0] = childless;
        return new FanOutProfile
        {
            ForeignKey = string.Join(',', key.Columns),
            Parent = key.ReferencedTable.ToString(),
            ParentRows = parentRows,
            Orphans = orphans,
            Counts = counts.Select(c => new FanOutCount(c.Key, c.Value)).ToList(),
        };
    }
}
