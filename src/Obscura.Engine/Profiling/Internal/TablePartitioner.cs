using System.Data.Common;
using System.Globalization;
using Obscura.Core.Schema;
using Obscura.Data;

namespace Obscura.Engine.Profiling.Internal;

/// <summary>
/// Splits a large table into primary-key ranges read in parallel: one integer key column, MIN/MAX read through its index,
/// then equal-width ranges. The first and last ranges are open-ended, so together they cover every row whatever its key.
/// </summary>
internal static class TablePartitioner
{
    /// <summary>WHERE clauses of the partitions (one null entry: read the table as one stream).</summary>
    public static async Task<IReadOnlyList<string?>> PlanAsync(
        DbConnection connection, SqlDialect dialect, Table table, int maxPartitions, long minPartitionRows, CancellationToken cancellationToken)
    {
        string?[] whole = [null];
        if (maxPartitions < 2 || table.PrimaryKey is not { Columns.Count: 1 } pk) return whole;
        var key = table.FindColumn(pk.Columns[0]);
        if (key is not { TypeClass: TypeClass.Integer }) return whole;
        if (table.RowEstimate >= 0 && table.RowEstimate < 2 * minPartitionRows) return whole;

        var quoted = dialect.Quote(key.Name);
        decimal min, max;
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT MIN({quoted}), MAX({quoted}) FROM {dialect.Qualify(table.Name)}";
            cmd.CommandTimeout = 0;
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(0)) return whole;
            min = Convert.ToDecimal(reader.GetValue(0), CultureInfo.InvariantCulture);
            max = Convert.ToDecimal(reader.GetValue(1), CultureInfo.InvariantCulture);
        }
        var range = max - min + 1;
        // Without statistics (a never-analyzed table), the key range stands in for the row count.
        var rows = table.RowEstimate >= 0 ? table.RowEstimate : range;
        var count = (int)Math.Min(Math.Min(maxPartitions, Math.Ceiling(rows / minPartitionRows)), range);
        if (count < 2) return whole;

        var bounds = new decimal[count - 1];
        for (var i = 1; i < count; i++) bounds[i - 1] = min + Math.Floor(range * i / count);
        var result = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var lower = i == 0 ? null : $"{quoted} >= {bounds[i - 1].ToString(CultureInfo.InvariantCulture)}";
            var upper = i == count - 1 ? null : $"{quoted} < {bounds[i].ToString(CultureInfo.InvariantCulture)}";
            result[i] = lower is null ? upper : upper is null ? lower : lower + " AND " + upper;
        }
        return result;
    }
}
