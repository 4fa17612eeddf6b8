using System.Collections.Concurrent;
using System.Threading.Channels;
using Obscura.Core.Diagnostics;
using Obscura.Core.Strategies;
using Obscura.Engine.Vault;

namespace Obscura.Engine.Strategies;

/// <summary>
/// One tokenize binding's run state: a bounded channel of new (token, value) pairs that a background task writes to the
/// vault in batches of <see cref="BatchSize"/> (one transaction each), and a bounded cache of tokens already queued so
/// repeated values are queued once. Memory: at most <see cref="Capacity"/> queued pairs plus <see cref="BatchSize"/> in
/// flight plus <see cref="RecentLimit"/> cached tokens, whatever the column's size; a full channel makes the streams wait.
/// </summary>
internal sealed class TokenizePrepared : IPreparedColumn
{
    public const int BatchSize = 5_000;
    public const int Capacity = 2 * BatchSize;
    public const int RecentLimit = 100_000;

    private readonly Tokenizer _tokenizer;
    private readonly TokenVault _vault;
    private readonly DatabaseEndpoint _endpoint;
    private readonly Channel<KeyValuePair<string, string>> _channel =
        Channel.CreateBounded<KeyValuePair<string, string>>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<string, byte> _recent = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _flush;
    private long _written;

    public TokenizePrepared(Tokenizer tokenizer, TokenVault vault, DatabaseEndpoint endpoint)
    {
        _tokenizer = tokenizer;
        _vault = vault;
        _endpoint = endpoint;
        _flush = Task.Run(() => FlushLoopAsync(_abort.Token));
    }

    /// <summary>New entries written to the vault so far (tokens already there are skipped).</summary>
    public long Written => Interlocked.Read(ref _written);

    public IColumnTransformer CreateTransformer() => new TokenizeTransformer(_tokenizer, this);

    /// <summary>Queues a pair unless its token was queued recently; waits when the channel is full.</summary>
    public void Record(string token, string value)
    {
        if (!_recent.TryAdd(token, 0)) return;
        if (_recent.Count > RecentLimit) _recent.Clear();
        var entry = new KeyValuePair<string, string>(token, value);
        if (_channel.Writer.TryWrite(entry)) return;
        try
        {
            // Backpressure: the stream waits for the vault writer rather than letting the buffer grow.
            _channel.Writer.WriteAsync(entry).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException ex)
        {
            throw new ObscuraDatabaseException("writing the token vault failed", ex.InnerException ?? ex);
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        await _flush.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel.Writer.TryComplete()) await _abort.CancelAsync().ConfigureAwait(false);
        try
        {
            await _flush.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObscuraException or System.Data.Common.DbException)
        {
            // The run failed or was cancelled; its error is reported elsewhere.
        }
        _abort.Dispose();
        await _endpoint.DisposeAsync().ConfigureAwait(false);
    }

    private async Task FlushLoopAsync(CancellationToken ct)
    {
        var batch = new List<KeyValuePair<string, string>>(BatchSize);
        try
        {
            var reader = _channel.Reader;
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (batch.Count < BatchSize && reader.TryRead(out var entry)) batch.Add(entry);
                if (batch.Count < BatchSize) continue;
                await WriteAsync(batch, ct).ConfigureAwait(false);
            }
            await WriteAsync(batch, ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _channel.Writer.TryComplete(ex);
            throw;
        }
    }

    private async Task WriteAsync(List<KeyValuePair<string, string>> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var written = await _vault.WriteAsync(batch, ct).ConfigureAwait(false);
        Interlocked.Add(ref _written, written);
        batch.Clear();
    }
}
