using System.Runtime.CompilerServices;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;

namespace Obscura.Engine.Copy;

/// <summary>Answers <see cref="IColumnSource"/> questions with set-based queries in the source database.</summary>
internal sealed class SourceColumn(DatabaseEndpoint source, TableName table, Column column) : IColumnSource
{
    public async IAsyncEnumerable<(object? Value, long Count)> ValueCountsAsync(long minCount, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var d = source.Dialect;
        var c = d.SelectExpression(column);
        var name = d.Quote(column.Name);
        var sql = $"SELECT {c}, COUNT(*) FROM {d.Qualify(table)} GROUP BY {name} HAVING COUNT(*) >= {minCount.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        await using var conn = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await source.Provider.ReadAsync(conn, sql, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var value = ValueCoercion.ToCanonical(reader.IsDBNull(0) ? null : reader.GetValue(0), column.TypeClass);
            yield return (value, Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
