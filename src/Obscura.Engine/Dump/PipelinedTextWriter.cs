using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading.Channels;

namespace Obscura.Engine.Dump;

/// <summary>
/// A text writer that hands full chunks of characters to a background task, which encodes (and compresses) them into
/// the inner writer: formatting rows and encoding/compressing/writing them overlap on two cores. At most
/// <see cref="QueuedChunks"/> chunks wait, so memory stays bounded; the producer waits when the disk is slower.
/// </summary>
internal sealed class PipelinedTextWriter : TextWriter
{
    private const int ChunkChars = 1 << 16;
    private const int QueuedChunks = 4;
    private readonly TextWriter _inner;
    private readonly Channel<(char[] Buffer, int Length)> _chunks =
        Channel.CreateBounded<(char[], int)>(new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true });
    private readonly Task _consumer;
    private char[] _buffer = ArrayPool<char>.Shared.Rent(ChunkChars);
    private int _length;
    private bool _completed;

    public PipelinedTextWriter(TextWriter inner)
    {
        _inner = inner;
        _consumer = Task.Run(ConsumeAsync);
    }

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value)
    {
        if (_length == _buffer.Length) Hand();
        _buffer[_length++] = value;
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (_length == _buffer.Length) Hand();
            var n = Math.Min(buffer.Length, _buffer.Length - _length);
            buffer[..n].CopyTo(_buffer.AsSpan(_length));
            _length += n;
            buffer = buffer[n..];
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(StringBuilder? value)
    {
        if (value is null) return;
        foreach (var chunk in value.GetChunks()) Write(chunk.Span);
    }

    /// <summary>Writes what is buffered, waits for the background task and flushes the inner writer.</summary>
    public async Task CompleteAsync()
    {
        if (_length > 0) Hand();
        _chunks.Writer.TryComplete();
        await _consumer.ConfigureAwait(false);
        await _inner.FlushAsync().ConfigureAwait(false);
        _completed = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_completed)
            {
                _inner.Dispose();
            }
            else
            {
                // A failed dump: stop the background task before closing what it writes to; the file is deleted anyway.
                _chunks.Writer.TryComplete();
                try
                {
                    _consumer.GetAwaiter().GetResult();
                }
                catch (Exception)
                {
                    // Its failure already reached the producer (or the dump failed for another reason first).
                }
                try
                {
                    _inner.Dispose();
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidDataException)
                {
                    // Closing a half-written file can fail again (disk full).
                }
            }
        }
        base.Dispose(disposing);
    }

    private void Hand()
    {
        var chunk = (_buffer, _length);
        if (!_chunks.Writer.TryWrite(chunk))
        {
            try
            {
                _chunks.Writer.WriteAsync(chunk).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException ex) when (ex.InnerException is not null)
            {
                // The background task failed (disk full, ...): its exception is the one that matters.
                ExceptionDispatchInfo.Throw(ex.InnerException);
            }
        }
        _buffer = ArrayPool<char>.Shared.Rent(ChunkChars);
        _length = 0;
    }

    private async Task ConsumeAsync()
    {
        try
        {
            await foreach (var (buffer, length) in _chunks.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                _inner.Write(buffer, 0, length);
                ArrayPool<char>.Shared.Return(buffer);
            }
        }
        catch (Exception ex)
        {
            _chunks.Writer.TryComplete(ex);
            throw;
        }
    }
}
