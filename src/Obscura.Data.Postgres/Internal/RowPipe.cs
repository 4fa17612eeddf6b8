using System.Data.Common;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Obscura.Core.Schema;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// Moves rows from a source reader to the COPY in <see cref="RowBatch"/>es: the producer fills a batch while the
/// consumer writes the previous one. A fixed set of batches circulates, so memory stays bounded and nothing is
/// allocated per row beyond what the reader itself allocates.
/// </summary>
internal sealed class RowPipe
{
    private const int BatchesInFlight = 3;
    // A batch closes early when its values pass this size, so wide rows (large text, blobs) do not pile up.
    private const long MaxBatchBytes = 4 * 1024 * 1024;

    private readonly Table _table;
    private readonly DbDataReader _rows;
    private readonly Func<RowBatch> _newBatch;
    private readonly Channel<RowBatch> _full = Channel.CreateBounded<RowBatch>(new BoundedChannelOptions(BatchesInFlight) { SingleReader = true, SingleWriter = true });
    private readonly Channel<RowBatch> _free = Channel.CreateUnbounded<RowBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private int _created;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Creates a pipe over <paramref name="rows"/>; batches are created on demand by <paramref name="newBatch"/>.</summary>
    public RowPipe(Table table, DbDataReader rows, Func<RowBatch> newBatch)
    {
        _table = table;
        _rows = rows;
        _newBatch = newBatch;
    }

    /// <summary>Filled batches, in row order; completes when the reader is exhausted or fails.</summary>
    public ChannelReader<RowBatch> Batches => _full.Reader;

    /// <summary>Hands a written batch back for reuse.</summary>
    public void Return(RowBatch batch)
    {
        batch.Reset();
        _free.Writer.TryWrite(batch);
    }

    /// <summary>Rethrows what stopped the producer, if anything did.</summary>
    public void ThrowIfFailed() => _failure?.Throw();

    /// <summary>Reads every row into batches. Never throws: a failure is kept for <see cref="ThrowIfFailed"/>.</summary>
    public async Task ProduceAsync(CancellationToken cancellationToken)
    {
        var column = -1;
        try
        {
            var more = true;
            while (more)
            {
                var batch = await NextFreeAsync(cancellationToken).ConfigureAwait(false);
                while (!batch.IsFull(MaxBatchBytes))
                {
                    if (!await _rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        more = false;
                        break;
                    }
                    batch.Add(_rows, ref column);
                }
                if (batch.Count > 0) await _full.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (column >= 0 && PostgresBulkWriter.IsValueError(ex))
        {
            _failure = ExceptionDispatchInfo.Capture(PostgresBulkWriter.ValueFailed(_table, column, _rows.GetFieldType(column), ex));
        }
        catch (Exception ex)
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            _full.Writer.TryComplete();
        }
    }

    private ValueTask<RowBatch> NextFreeAsync(CancellationToken cancellationToken)
    {
        if (_free.Reader.TryRead(out var batch)) return ValueTask.FromResult(batch);
        if (_created < BatchesInFlight + 1)
        {
            _created++;
            return ValueTask.FromResult(_newBatch());
        }
        return _free.Reader.ReadAsync(cancellationToken);
    }
}
