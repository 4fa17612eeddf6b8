using System.Text;
using Obscura.Core.Crypto;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// A keyed PRF (SipHash-2-4) over the invariant text of canonical values (see <see cref="RowValueText"/>), so equal
/// values give equal hashes whatever the column's type. Reuses one byte buffer: not thread-safe, like transformers.
/// </summary>
internal sealed class RowKeyedHash(SipHash prf)
{
    private byte[] _buffer = new byte[128];

    /// <summary>The PRF itself, for callers that hash words directly.</summary>
    public SipHash Prf { get; } = prf;

    /// <summary>Hash of a canonical non-null value's text.</summary>
    public ulong Of(object value)
    {
        if (value is string s) return Of(s.AsSpan());
        Span<char> chars = stackalloc char[RowValueText.MaxFormattedLength];
        if (!RowValueText.TryFormat(value, chars, out var written)) return Of(RowValueText.ToText(value).AsSpan());
        // Formatted numbers, dates and UUIDs are ASCII: narrow them directly (the same bytes UTF-8 would give).
        Span<byte> bytes = stackalloc byte[RowValueText.MaxFormattedLength];
        for (var i = 0; i < written; i++)
        {
            var c = chars[i];
            if (c > 0x7F) return Of(chars[..written]);
            bytes[i] = (byte)c;
        }
        return Prf.Compute(bytes[..written]);
    }

    /// <summary>Hash of text (UTF-8 bytes).</summary>
    public ulong Of(ReadOnlySpan<char> text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max > _buffer.Length) _buffer = new byte[Math.Max(max, _buffer.Length * 2)];
        var count = Encoding.UTF8.GetBytes(text, _buffer);
        return Prf.Compute(_buffer.AsSpan(0, count));
    }

    /// <summary>Hash of one 64-bit word.</summary>
    public ulong Of(ulong word) => Prf.Compute(word);

    /// <summary>Combines two hashes into one keyed hash (order matters).</summary>
    public ulong Combine(ulong first, ulong second) => Prf.Compute(first ^ Prf.Compute(second ^ 0x9E3779B97F4A7C15UL));
}
