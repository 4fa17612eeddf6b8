using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Obscura.Engine.Validation.Internal;

/// <summary>A batch of rows copied out of a reader: values row-major, <see cref="Fields"/> per row.</summary>
internal sealed class RowBatch(int fields, int capacity)
{
    public object?[] Values { get; } = new object?[fields * capacity];
    public int Fields { get; } = fields;
    public int Capacity { get; } = capacity;
    public int Rows { get; set; }
    /// <summary>Position of the batch's first row in the stream (for deterministic example order).</summary>
    public long FirstRow { get; set; }
}

/// <summary>
/// One reader, several workers: the calling task reads rows into pooled batches and a bounded channel hands them to
/// <c>workers</c> tasks, so parsing on the driver's side and hashing on ours overlap on all cores.
/// </summary>
internal static class RowPump
{
    private const int BatchRows = 2048;

    public static async Task<long> RunAsync(DbDataReader reader, int workers, Action<RowBatch> process, CancellationToken ct)
    {
        var fields = reader.FieldCount;
        var channel = Channel.CreateBounded<RowBatch>(new BoundedChannelOptions(workers * 2) { SingleWriter = true });
        var pool = new ConcurrentBag<RowBatch>();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tasks = Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in channel.Reader.ReadAllAsync(failed.Token).ConfigureAwait(false))
                {
                    process(batch);
                    pool.Add(batch);
                }
            }
            catch
            {
                // Stop the reader too; the first exception is rethrown by WhenAll below.
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, failed.Token)).ToList();

        long rows = 0;
        try
        {
            var batch = Take(pool, fields);
            while (await reader.ReadAsync(failed.Token).ConfigureAwait(false))
            {
                var offset = batch.Rows * fields;
                for (var i = 0; i < fields; i++)
                {
                    var v = reader.GetValue(i);
                    batch.Values[offset + i] = v is DBNull ? null : v;
                }
                if (++batch.Rows == batch.Capacity)
                {
                    batch.FirstRow = rows;
                    rows += batch.Rows;
                    await channel.Writer.WriteAsync(batch, failed.Token).ConfigureAwait(false);
                    batch = Take(pool, fields);
                }
            }
            if (batch.Rows > 0)
            {
                batch.FirstRow = rows;
                rows += batch.Rows;
                await channel.Writer.WriteAsync(batch, failed.Token).ConfigureAwait(false);
            }
            channel.Writer.Complete();
        }
        catch (Exception ex)
        {
            channel.Writer.TryComplete(ex);
            await failed.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // inspected below
            }
            // The reader stopped because a worker failed: report the worker's exception, the real cause.
            var cause = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).FirstOrDefault(e => e is not OperationCanceledException);
            if (cause is not null && ex is OperationCanceledException && !ct.IsCancellationRequested) ExceptionDispatchInfo.Capture(cause).Throw();
            throw;
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return rows;
    }

    private static RowBatch Take(ConcurrentBag<RowBatch> pool, int fields)
    {
        if (pool.TryTake(out var batch))
        {
            batch.Rows = 0;
            return batch;
        }
        return new RowBatch(fields, BatchRows);
    }
}
