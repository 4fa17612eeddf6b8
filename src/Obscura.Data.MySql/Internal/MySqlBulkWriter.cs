using System.Data.Common;
using System.Globalization;
using MySqlConnector;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Data.MySql.Internal;

/// <summary>
/// Loads rows with <see cref="MySqlBulkCopy"/> (LOAD DATA LOCAL INFILE streamed from the reader). Binary, bit and spatial
/// columns get explicit column mappings (UNHEX, CAST, ST_GeomFromWKB); generated columns are skipped. Because LOAD DATA LOCAL
/// downgrades bad values to warnings, any warning fails the load with a message naming the table and column, never a value.
/// Tables with a YEAR column, which MySqlBulkCopy refuses, go through <see cref="MySqlInsertLoader"/>.
/// </summary>
internal sealed class MySqlBulkWriter : IBulkWriter
{
    private const int ProgressInterval = 10_000;

    /// <inheritdoc />
    public async Task<long> WriteAsync(DbConnection connection, Table table, DbDataReader rows, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        if (connection is not MySqlConnection mysql) throw new ArgumentException("the MySQL bulk writer needs a connection opened by the mysql provider", nameof(connection));
        if (rows.FieldCount != table.Columns.Count)
        {
            throw new ArgumentException($"the rows for table {table.Name} have {rows.FieldCount} columns but the table has {table.Columns.Count}", nameof(rows));
        }

        var storages = new MySqlStorage[table.Columns.Count];
        var generated = new bool[table.Columns.Count];
        for (var i = 0; i < storages.Length; i++)
        {
            storages[i] = MySqlType.Parse(table.Columns[i].DeclaredType).Storage;
            generated[i] = IsGenerated(table.Columns[i]);
        }

        await using var reader = new MySqlCoercingReader(rows, table, storages);
        if (Array.IndexOf(storages, MySqlStorage.Year) >= 0)
        {
            return await MySqlInsertLoader.LoadAsync(mysql, table, reader, storages, generated, progress, cancellationToken).ConfigureAwait(false);
        }

        var bulk = new MySqlBulkCopy(mysql)
        {
            DestinationTableName = MySqlSyntax.Quote(table.Name.Name),
            BulkCopyTimeout = 0,
            NotifyAfter = ProgressInterval,
        };
        // A source column without a mapping is read into a throw-away variable: that is how generated columns are skipped.
        for (var i = 0; i < storages.Length; i++)
        {
            if (!generated[i]) bulk.ColumnMappings.Add(Mapping(i, table.Columns[i].Name, storages[i]));
        }
        bulk.MySqlRowsCopied += (_, e) =>
        {
            if (cancellationToken.IsCancellationRequested) e.Abort = true;
            else progress?.Invoke(e.RowsCopied);
        };

        MySqlBulkCopyResult result;
        try
        {
            result = await bulk.WriteToServerAsync(reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (reader.Failure is not null)
        {
            // The driver aborts LOAD DATA when the reader throws and reports its own error; the reader's says what went wrong.
            throw reader.Failure;
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.BulkCopyFailed)
        {
            throw new ObscuraDatabaseException(
                $"loading table {table.Name}: the server kept fewer rows than were sent ({ex.Message}); " +
                "LOAD DATA LOCAL skips rows with duplicate keys, so check the primary key and unique columns", ex);
        }
        catch (MySqlException ex)
        {
            throw LoadFailure(table.Name, reader.RowsRead, ex);
        }
        cancellationToken.ThrowIfCancellationRequested();

        var problems = result.Warnings.Where(w => !string.Equals(w.Level, "Note", StringComparison.OrdinalIgnoreCase)).ToList();
        if (problems.Count > 0)
        {
            var first = string.Join("; ", problems.Take(3).Select(w => MySqlErrorText.Describe((int)w.ErrorCode, w.Message)));
            throw new ObscuraDatabaseException(
                $"loading table {table.Name}: the server changed or rejected values ({problems.Count.ToString(CultureInfo.InvariantCulture)} warning(s); {first}); " +
                "widen the target columns or transform the data");
        }
        progress?.Invoke(result.RowsInserted);
        return result.RowsInserted;
    }

    /// <summary>True for generated (computed) columns, whose values the server computes and which must not be loaded.</summary>
    internal static bool IsGenerated(Column column) =>
        column.DeclaredType.Contains(" GENERATED ALWAYS AS ", StringComparison.OrdinalIgnoreCase);

    /// <summary>A load failure worded without the server's quoted values.</summary>
    internal static ObscuraDatabaseException LoadFailure(TableName table, long row, MySqlException ex) =>
        new($"loading table {table} failed near row {row.ToString(CultureInfo.InvariantCulture)}: {MySqlErrorText.Describe(ex.Number, ex.Message)}");

    private static MySqlBulkCopyColumnMapping Mapping(int ordinal, string column, MySqlStorage storage)
    {
        var variable = "@v" + ordinal.ToString(CultureInfo.InvariantCulture);
        var target = MySqlSyntax.Quote(column);
        // MySqlBulkCopy writes bytes as hex, so binary-ish columns decode them; bit columns need a number, not a digit string.
        return storage switch
        {
            MySqlStorage.Binary => new MySqlBulkCopyColumnMapping(ordinal, variable, $"{target} = UNHEX({variable})"),
            MySqlStorage.Spatial => new MySqlBulkCopyColumnMapping(ordinal, variable, $"{target} = ST_GeomFromWKB(UNHEX({variable}))"),
            MySqlStorage.Bit or MySqlStorage.BitBoolean => new MySqlBulkCopyColumnMapping(ordinal, variable, $"{target} = CAST({variable} AS UNSIGNED)"),
            _ => new MySqlBulkCopyColumnMapping(ordinal, column),
        };
    }
}
