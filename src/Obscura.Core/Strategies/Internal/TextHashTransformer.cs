using System.Text;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>hash</c> for text and JSON: a 128-bit keyed hash of the UTF-8 bytes rendered in a compact alphabet,
/// <c>length</c> characters long (JSON: wrapped in quotes as a string literal). Empty text stays empty.
/// Allocates only the result string; the byte buffer is reused (transformers are not thread-safe).
/// </summary>
internal sealed class TextHashTransformer : IUtf8TextTransformer, ICollisionRetry
{
    private readonly SipHash _first;
    private readonly SipHash _second;
    private readonly HashAlphabet _alphabet;
    private readonly int _length;
    private readonly bool _json;
    private byte[] _buffer = new byte[256];

    public TextHashTransformer(HashKeys keys, HashAlphabet alphabet, int length, bool json)
    {
        _first = keys.First;
        _second = keys.Second;
        _alphabet = alphabet;
        _length = length;
        _json = json;
    }

    /// <inheritdoc />
    public object? Transform(object? value) => Hash(value, 0);

    /// <inheritdoc />
    public int MaxOutputBytes(int inputBytes) => _length;

    /// <inheritdoc />
    /// <remarks>The hash is over the UTF-8 bytes already, and the alphabets are ASCII: one byte per output character.</remarks>
    public int TransformUtf8(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (_json) return -1;
        if (input.Length == 0) return 0;
        var (h1, h2) = Words(input, 0);
        Span<char> chars = stackalloc char[_length];
        HashText.Render(_alphabet, h1, h2, chars);
        for (var i = 0; i < chars.Length; i++) output[i] = (byte)chars[i];
        return _length;
    }

    /// <inheritdoc />
    public object? Retry(object? original, object? produced, int attempt, RowContext? row) => Hash(original, attempt);

    private object? Hash(object? value, int attempt)
    {
        if (value is null || value is DBNull) return value;
        var text = value as string ?? ValueCoercion.ToText(value);
        if (text.Length == 0 && !_json) return attempt == 0 ? text : null;

        var (h1, h2) = Words(Encode(text), attempt);
        var state = (Alphabet: _alphabet, H1: h1, H2: h2);
        if (!_json) return string.Create(_length, state, static (span, s) => HashText.Render(s.Alphabet, s.H1, s.H2, span));
        return string.Create(_length + 2, state, static (span, s) =>
        {
            span[0] = '"';
            span[^1] = '"';
            HashText.Render(s.Alphabet, s.H1, s.H2, span[1..^1]);
        });
    }

    // The two hash words of the UTF-8 text (the second only when the output needs it), salted for a retry.
    private (ulong H1, ulong H2) Words(ReadOnlySpan<byte> utf8, int attempt)
    {
        var h1 = _first.Compute(utf8);
        var h2 = _length > HashText.CharsPerWord(_alphabet) ? _second.Compute(utf8) : 0;
        if (attempt > 0)
        {
            h1 = RetrySalt.Mix(h1, attempt);
            h2 = RetrySalt.Mix(h2 ^ h1, attempt);
        }
        return (h1, h2);
    }

    private ReadOnlySpan<byte> Encode(string text)
    {
        if (text.Length * 3 > _buffer.Length) _buffer = new byte[Math.Max(text.Length * 3, _buffer.Length * 2)];
        var count = Encoding.UTF8.GetBytes(text, _buffer);
        return _buffer.AsSpan(0, count);
    }
}
