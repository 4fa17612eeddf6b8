using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using System.Text;
using Npgsql;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// Loads rows with <c>COPY ... FROM STDIN (FORMAT BINARY)</c>, one typed buffer per column chosen once per table.
/// Tables with a column that has no binary encoding here (class <see cref="TypeClass.Other"/>, inet, user types
/// other than enums) are loaded with text COPY instead, so PostgreSQL's input functions parse their text exactly.
/// </summary>
internal sealed class PostgresBulkWriter : IBulkWriter
{
    private const int ProgressInterval = 10_000;
    private const int BatchRows = 1024;
    private const int ChunkBytes = 256 << 10;

    private static readonly PostgresDialect Dialect = new();

    /// <inheritdoc />
    public async Task<long> WriteAsync(DbConnection connection, Table table, DbDataReader rows, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var npgsql = connection as NpgsqlConnection
            ?? throw new ArgumentException("the postgres bulk writer needs an Npgsql connection", nameof(connection));
        if (rows.FieldCount != table.Columns.Count)
        {
            throw new ArgumentException($"the reader has {rows.FieldCount} columns but table {table.Name} has {table.Columns.Count}", nameof(rows));
        }

        var wires = table.Columns.Select(PostgresTypeNames.WireType).ToArray();
        var dialect = Dialect;
        var columnList = string.Join(", ", table.Columns.Select(c => dialect.Quote(c.Name)));
        var target = dialect.Qualify(table.Name);
        NpgsqlTransaction? frozen = null;
        try
        {
            frozen = await BeginFrozenLoadAsync(npgsql, target, cancellationToken).ConfigureAwait(false);
            var freeze = frozen is null ? "" : ", FREEZE";
            long count;
            // Raw tuples from PostgreSQL, and rows whose values already are canonical objects (generated rows), are encoded
            // here: no per-value call into Npgsql's importer, and for raw tuples untouched fields are copied as sent.
            if (wires.All(PgBinary.Supports) && (rows is IRawFieldReader { RawFormat: PostgresRawReader.Format } || rows is CanonicalValueReader))
                count = await WriteEncodedAsync(npgsql, table, $"COPY {target} ({columnList}) FROM STDIN (FORMAT BINARY{freeze})", wires, rows, rows as IRawFieldReader, progress, cancellationToken).ConfigureAwait(false);
            else if (wires.Contains(PostgresType.TextCopyOnly))
                count = await WriteTextAsync(npgsql, table, $"COPY {target} ({columnList}) FROM STDIN (FORMAT TEXT{freeze})", wires, rows, progress, cancellationToken).ConfigureAwait(false);
            else
                count = await WriteBinaryAsync(npgsql, table, $"COPY {target} ({columnList}) FROM STDIN (FORMAT BINARY{freeze})", wires, rows, progress, cancellationToken).ConfigureAwait(false);
            if (frozen is not null) await frozen.CommitAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }
        catch (PostgresException ex)
        {
            throw LoadFailed(table, ex);
        }
        finally
        {
            // Not committed: the rollback leaves the table as empty as it was.
            if (frozen is not null) await frozen.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An empty plain table that no foreign key references and no TRUNCATE trigger watches is truncated and loaded in one
    /// transaction with <c>COPY ... FREEZE</c>: its rows are written frozen and all-visible, so the index builds and the
    /// first reads after the load do not write every page again to set hint bits. Otherwise (or when the caller already
    /// holds a transaction) the load runs as an ordinary COPY; null then.
    /// </summary>
    private static async Task<NpgsqlTransaction?> BeginFrozenLoadAsync(NpgsqlConnection connection, string target, CancellationToken cancellationToken)
    {
        NpgsqlTransaction transaction;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return null; // the caller's transaction: its table was not created or truncated by this load
        }
        try
        {
            await using (var check = new NpgsqlCommand(
                $"""
                LOCK TABLE {target} IN ACCESS EXCLUSIVE MODE;
                SELECT c.relkind = 'r'
                   AND NOT EXISTS (SELECT 1 FROM {target})
                   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.confrelid = c.oid AND k.contype = 'f')
                   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid AND (t.tgtype & 32) <> 0)
                FROM pg_catalog.pg_class c WHERE c.oid = @table::regclass
                """, connection, transaction))
            {
                check.Parameters.AddWithValue("table", target);
                if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                    return null;
                }
            }
            await using (var truncate = new NpgsqlCommand($"TRUNCATE ONLY {target}", connection, transaction))
            {
                await truncate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<long> WriteBinaryAsync(
        NpgsqlConnection connection, Table table, string copy, PostgresType[] wires, DbDataReader rows, Action<long>? progress, CancellationToken cancellationToken)
    {
        var fieldTypes = Enumerable.Range(0, wires.Length).Select(rows.GetFieldType).ToArray();
        var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false);
        var completed = false;
        try
        {
            // Reading (and transforming) rows runs on its own task, one batch ahead of the COPY, so both cores work.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pipe = new RowPipe(table, rows, () => new RowBatch(
                Enumerable.Range(0, wires.Length).Select(i => ColumnBuffers.Create(wires[i], fieldTypes[i], BatchRows)).ToArray(), BatchRows));
            var reading = Task.Run(() => pipe.ProduceAsync(stop.Token), CancellationToken.None);
            long count;
            try
            {
                count = await ConsumeAsync(importer, table, fieldTypes, pipe, progress, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // The reader belongs to the caller: it must be idle before this method returns.
                await stop.CancelAsync().ConfigureAwait(false);
                await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            pipe.ThrowIfFailed();
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            completed = true;
            progress?.Invoke(count);
            return count;
        }
        finally
        {
            await CloseAsync(importer, completed).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Binary COPY built by hand: fields of raw PostgreSQL tuples with the same wire type are copied as the server sent
    /// them, every other field (changed by a strategy, or from a reader of canonical values) is encoded from its value
    /// (<see cref="PgBinary.Encode"/>). One task reads, transforms and encodes
    /// into 256 KiB chunks, the caller's task sends them, so both cores work.
    /// </summary>
    private static async Task<long> WriteEncodedAsync(
        NpgsqlConnection connection, Table table, string copy, PostgresType[] wires, DbDataReader rows, IRawFieldReader? raw,
        Action<long>? progress, CancellationToken cancellationToken)
    {
        var same = new bool[wires.Length];
        for (var i = 0; i < wires.Length; i++) same[i] = raw is not null && raw.RawFormat == PostgresRawReader.Format && raw.RawType(i) == wires[i].ToString();
        var chunks = Channel.CreateBounded<ByteBuffer>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var free = new ConcurrentQueue<ByteBuffer>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? failure = null;
        long count = 0;

        async Task ProduceAsync()
        {
            var column = -1;
            try
            {
                var chunk = new ByteBuffer(ChunkBytes + (64 << 10));
                chunk.Write(PgBinary.Header);
                while (await rows.ReadAsync(stop.Token).ConfigureAwait(false))
                {
                    chunk.WriteInt16((short)wires.Length);
                    for (column = 0; column < wires.Length; column++)
                    {
                        if (same[column] && raw!.TryGetRaw(column, out var bytes, out var isNull))
                        {
                            chunk.WriteInt32(isNull ? -1 : bytes.Length);
                            chunk.Write(bytes);
                        }
                        else
                        {
                            PgBinary.Encode(rows.IsDBNull(column) ? null : rows.GetValue(column), wires[column], chunk);
                        }
                    }
                    column = -1;
                    if (++count % ProgressInterval == 0) progress?.Invoke(count);
                    if (chunk.Length < ChunkBytes) continue;
                    await chunks.Writer.WriteAsync(chunk, stop.Token).ConfigureAwait(false);
                    chunk = free.TryDequeue(out var reused) ? reused : new ByteBuffer(ChunkBytes + (64 << 10));
                }
                chunk.WriteInt16(-1);
                await chunks.Writer.WriteAsync(chunk, stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (column >= 0 && IsValueError(ex))
            {
                failure = ValueFailed(table, column, rows.GetFieldType(column), ex);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                chunks.Writer.TryComplete();
            }
        }

        var stream = await connection.BeginRawBinaryCopyAsync(copy, cancellationToken).ConfigureAwait(false);
        var completed = false;
        var producing = Task.Run(ProduceAsync, CancellationToken.None);
        try
        {
            try
            {
                await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    await stream.WriteAsync(chunk.Written, cancellationToken).ConfigureAwait(false);
                    chunk.Clear();
                    free.Enqueue(chunk);
                }
            }
            finally
            {
                // The reader belongs to the caller: it must be idle before this method returns.
                if (!producing.IsCompleted) await stop.CancelAsync().ConfigureAwait(false);
                await producing.ConfigureAwait(false);
            }
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            // Disposing a raw COPY stream that was not cancelled completes the COPY.
            await stream.DisposeAsync().ConfigureAwait(false);
            completed = true;
            progress?.Invoke(count);
            return count;
        }
        finally
        {
            if (!completed)
            {
                try
                {
                    await stream.CancelAsync().ConfigureAwait(false);
                    await stream.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The original failure matters more than a failed cancellation; the caller drops the table.
                }
            }
        }
    }

    private static async Task<long> ConsumeAsync(
        NpgsqlBinaryImporter importer, Table table, Type[] fieldTypes, RowPipe pipe, Action<long>? progress, CancellationToken cancellationToken)
    {
        long count = 0;
        var column = -1;
        try
        {
            await foreach (var batch in pipe.Batches.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var columns = batch.Columns;
                for (var row = 0; row < batch.Count; row++)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    for (column = 0; column < columns.Length; column++)
                    {
                        var write = columns[column].WriteAsync(importer, row, cancellationToken);
                        if (!write.IsCompletedSuccessfully) await write.ConfigureAwait(false);
                    }
                    column = -1;
                    if (++count % ProgressInterval == 0) progress?.Invoke(count);
                }
                pipe.Return(batch);
            }
        }
        catch (Exception ex) when (column >= 0 && IsValueError(ex))
        {
            throw ValueFailed(table, column, fieldTypes[column], ex);
        }
        return count;
    }

    private static async Task<long> WriteTextAsync(
        NpgsqlConnection connection, Table table, string copy, PostgresType[] wires, DbDataReader rows, Action<long>? progress, CancellationToken cancellationToken)
    {
        var writer = (NpgsqlCopyTextWriter)await connection.BeginTextImportAsync(copy, cancellationToken).ConfigureAwait(false);
        var completed = false;
        long count = 0;
        var column = -1;
        var row = new StringBuilder(256);
        try
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row.Clear();
                for (column = 0; column < wires.Length; column++)
                {
                    if (column > 0) row.Append('\t');
                    if (rows.IsDBNull(column)) row.Append("\\N");
                    else TextCopyFormatter.Append(row, rows.GetValue(column), table.Columns[column].TypeClass, wires[column]);
                }
                column = -1;
                row.Append('\n');
                await writer.WriteAsync(row, cancellationToken).ConfigureAwait(false);
                if (++count % ProgressInterval == 0) progress?.Invoke(count);
            }
            // Disposing a text COPY writer completes the COPY.
            await writer.DisposeAsync().ConfigureAwait(false);
            completed = true;
        }
        catch (Exception ex) when (column >= 0 && IsValueError(ex))
        {
            throw ValueFailed(table, column, rows.GetFieldType(column), ex);
        }
        finally
        {
            if (!completed)
            {
                try
                {
                    await writer.CancelAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The original failure matters more than a failed cancellation; the caller drops the table.
                }
            }
        }
        progress?.Invoke(count);
        return count;
    }

    private static async Task CloseAsync(NpgsqlBinaryImporter importer, bool completed)
    {
        try
        {
            // Disposing an importer that was not completed cancels the COPY: nothing of it is kept.
            await importer.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception) when (!completed)
        {
            // The original failure matters more than a failed cancellation; the caller drops the table.
        }
    }

    /// <summary>True for the exceptions a value conversion throws (as opposed to I/O, cancellation or server errors).</summary>
    internal static bool IsValueError(Exception ex) =>
        ex is FormatException or InvalidCastException or OverflowException or ArgumentException;

    /// <summary>A conversion failure, naming table, column and types but never the value.</summary>
    internal static ObscuraDatabaseException ValueFailed(Table table, int column, Type sourceType, Exception ex)
    {
        var target = table.Columns[column];
        var source = sourceType.Name;
        var what = ex is OverflowException
            ? $"a value does not fit in {target.DeclaredType}; widen the target column or transform the value"
            : $"a {source} value could not be read or converted to {target.DeclaredType} ({ex.GetType().Name})";
        // The driver's or parser's message may quote the value, so it is not kept as the inner exception.
        return new ObscuraDatabaseException($"cannot load table {table.Name}, column \"{target.Name}\": {what}");
    }

    private static ObscuraDatabaseException LoadFailed(Table table, PostgresException ex)
    {
        var column = ex.ColumnName is { Length: > 0 } c ? $", column \"{c}\"" : string.Empty;
        if (ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Data exceptions quote the offending value in their message and context: neither is repeated.
            return new ObscuraDatabaseException(
                $"cannot load table {table.Name}{column}: PostgreSQL rejected a value ({WithoutQuotedParts(ex.MessageText)}; SQLSTATE {ex.SqlState})");
        }
        return new ObscuraDatabaseException($"cannot load table {table.Name}{column}: {ex.MessageText} (SQLSTATE {ex.SqlState})", ex);
    }

    private static string WithoutQuotedParts(string message)
    {
        var sb = new StringBuilder(message.Length);
        var quoted = false;
        foreach (var ch in message)
        {
            if (ch == '"')
            {
                if (!quoted) sb.Append("\"…\"");
                quoted = !quoted;
                continue;
            }
            if (!quoted) sb.Append(ch);
        }
        return sb.ToString().TrimEnd(':', ' ');
    }
}
