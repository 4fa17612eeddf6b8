using System.Globalization;
using System.Text;
using MySqlConnector;
using Obscura.Core.Schema;

namespace Obscura.Data.MySql.Internal;

/// <summary>
/// Multi-row INSERTs with parameters, for tables MySqlBulkCopy cannot load (it refuses YEAR columns). Strict sql_mode
/// makes a bad value fail the statement rather than be adjusted.
/// </summary>
internal static class MySqlInsertLoader
{
    private const int MaxParameters = 60_000;
    private const int MaxRowsPerStatement = 1_000;

    /// <summary>Inserts every row of <paramref name="reader"/>; returns the number of rows inserted.</summary>
    public static async Task<long> LoadAsync(MySqlConnection connection, Table table, MySqlCoercingReader reader, MySqlStorage[] storages,
        bool[] generated, Action<long>? progress, CancellationToken cancellationToken)
    {
        var ordinals = Enumerable.Range(0, storages.Length).Where(i => !generated[i]).ToArray();
        var rowsPerStatement = Math.Clamp(MaxParameters / Math.Max(1, ordinals.Length), 1, MaxRowsPerStatement);
        var values = new object[storages.Length];
        var batch = new List<object[]>(rowsPerStatement);
        MySqlCommand? fullBatch = null;
        long inserted = 0;
        try
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                reader.GetValues(values);
                var row = new object[ordinals.Length];
                for (var j = 0; j < ordinals.Length; j++) row[j] = values[ordinals[j]];
                batch.Add(row);
                if (batch.Count < rowsPerStatement) continue;
                fullBatch ??= CreateCommand(connection, table, storages, ordinals, rowsPerStatement);
                inserted += await ExecuteAsync(fullBatch, table, reader.RowsRead, batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
                progress?.Invoke(inserted);
            }
            if (batch.Count > 0)
            {
                await using var last = CreateCommand(connection, table, storages, ordinals, batch.Count);
                inserted += await ExecuteAsync(last, table, reader.RowsRead, batch, cancellationToken).ConfigureAwait(false);
                progress?.Invoke(inserted);
            }
        }
        finally
        {
            if (fullBatch is not null) await fullBatch.DisposeAsync().ConfigureAwait(false);
        }
        return inserted;
    }

    private static async Task<long> ExecuteAsync(MySqlCommand command, Table table, long row, List<object[]> batch, CancellationToken cancellationToken)
    {
        var p = 0;
        foreach (var values in batch)
        {
            foreach (var value in values) command.Parameters[p++].Value = value;
        }
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex)
        {
            throw MySqlBulkWriter.LoadFailure(table.Name, row, ex);
        }
    }

    private static MySqlCommand CreateCommand(MySqlConnection connection, Table table, MySqlStorage[] storages, int[] ordinals, int rows)
    {
        var sql = new StringBuilder("INSERT INTO ").Append(MySqlSyntax.Quote(table.Name.Name)).Append(" (")
            .Append(MySqlSyntax.ColumnList(ordinals.Select(i => table.Columns[i].Name))).Append(") VALUES ");
        var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        var p = 0;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var j = 0; j < ordinals.Length; j++)
            {
                var name = "@p" + p.ToString(CultureInfo.InvariantCulture);
                p++;
                if (j > 0) sql.Append(", ");
                sql.Append(storages[ordinals[j]] == MySqlStorage.Spatial ? $"ST_GeomFromWKB({name})" : name);
                command.Parameters.Add(new MySqlParameter(name, null));
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        return command;
    }
}
