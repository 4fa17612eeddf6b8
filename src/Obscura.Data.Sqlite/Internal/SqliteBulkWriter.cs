using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>
/// Loads rows with one prepared INSERT per table, its parameters created once and re-bound for every row, committing
/// in large transactions. Values are stored as <see cref="SqliteValues"/> describes.
/// </summary>
internal sealed class SqliteBulkWriter : IBulkWriter
{
    /// <summary>Rows per transaction.</summary>
    internal const int RowsPerTransaction = 50_000;

    /// <summary>Approximate bound parameter bytes per transaction (keeps the page cache and journal bounded for wide rows).</summary>
    internal const long BytesPerTransaction = 64L * 1024 * 1024;

    /// <summary>Rows between progress callbacks.</summary>
    internal const int ProgressInterval = 10_000;

    /// <inheritdoc />
    public async Task<long> WriteAsync(DbConnection connection, Table table, DbDataReader rows, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        if (connection is not SqliteConnection sqlite)
            throw new ArgumentException($"the SQLite bulk writer needs a SqliteConnection, not a {connection.GetType().Name}", nameof(connection));
        var columns = table.Columns;
        if (rows.FieldCount != columns.Count)
            throw new ArgumentException($"the rows have {rows.FieldCount} columns but {table.Name} has {columns.Count}", nameof(rows));

        var classes = new TypeClass[columns.Count];
        var affinities = new SqliteAffinity[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            classes[i] = columns[i].TypeClass;
            affinities[i] = SqliteTypes.Affinity(columns[i].DeclaredType);
        }

        await using var command = sqlite.CreateCommand();
        // The default command timeout stays: it bounds how long a row waits for another connection's lock.
        command.CommandText = InsertSql(table);
        var parameters = new SqliteParameter[columns.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            // No SqliteType: each value binds as its runtime type (long, double, string, byte[] or NULL).
            parameters[i] = new SqliteParameter { ParameterName = "$p" + i, Value = DBNull.Value };
            command.Parameters.Add(parameters[i]);
        }

        long written = 0;
        var batchRows = 0;
        long batchBytes = 0;
        var transaction = sqlite.BeginTransaction();
        try
        {
            command.Transaction = transaction;
            command.Prepare();
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < parameters.Length; i++)
                {
                    var value = Convert(rows.GetValue(i), classes[i], affinities[i], table, columns[i], written + 1);
                    parameters[i].Value = value;
                    batchBytes += value switch
                    {
                        string s => s.Length * 2L,
                        byte[] b => b.Length,
                        _ => 8,
                    };
                }
                Execute(command, table, written + 1);
                written++;
                if (++batchRows >= RowsPerTransaction || batchBytes >= BytesPerTransaction)
                {
                    Commit(transaction, table, written);
                    await transaction.DisposeAsync().ConfigureAwait(false);
                    transaction = sqlite.BeginTransaction();
                    command.Transaction = transaction;
                    batchRows = 0;
                    batchBytes = 0;
                }
                if (written % ProgressInterval == 0) progress?.Invoke(written);
            }
            Commit(transaction, table, written);
        }
        finally
        {
            // Rolls back whatever was not committed (cancellation, a failed row); a no-op after commit.
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        if (written % ProgressInterval != 0) progress?.Invoke(written);
        return written;
    }

    /// <summary>INSERT INTO "table" ("a", "b") VALUES ($p0, $p1).</summary>
    internal static string InsertSql(Table table)
    {
        var sb = new StringBuilder("INSERT INTO ").Append(SqliteDialect.QuoteIdentifier(table.Name.Name)).Append(" (");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(SqliteDialect.QuoteIdentifier(table.Columns[i].Name));
        }
        sb.Append(") VALUES (");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append("$p").Append(i);
        }
        return sb.Append(')').ToString();
    }

    private static object Convert(object? value, TypeClass typeClass, SqliteAffinity affinity, Table table, Column column, long row)
    {
        try
        {
            return SqliteValues.ToStorage(value, typeClass, affinity);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            // The driver's message may quote the value: only its type is named, and the cause is not attached.
            throw new ObscuraDatabaseException(
                $"row {row} of {table.Name}: a {value?.GetType().Name} value of column \"{column.Name}\" cannot be stored as {typeClass}");
        }
    }

    private static void Execute(SqliteCommand command, Table table, long row)
    {
        try
        {
            // Synchronous on purpose: Microsoft.Data.Sqlite does no asynchronous I/O, and a Task per row only costs.
            command.ExecuteNonQuery();
        }
        catch (SqliteException ex)
        {
            throw new ObscuraDatabaseException($"writing row {row} into {table.Name} failed: {ex.Message}", ex);
        }
    }

    private static void Commit(SqliteTransaction transaction, Table table, long rows)
    {
        try
        {
            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw new ObscuraDatabaseException($"committing rows up to {rows} into {table.Name} failed: {ex.Message}", ex);
        }
    }
}
