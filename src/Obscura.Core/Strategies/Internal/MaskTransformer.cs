using System.Globalization;
using System.Text;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// The <c>mask</c> transformer. Works on code points, so the output has exactly as many characters as the input.
/// Separators are whitespace, punctuation and symbols; letters, combining marks, digits and other numbers are masked.
/// </summary>
internal sealed class MaskTransformer(int keepFirst, int keepLast, string mask, bool keepSeparators, MaskDigits digits) : IUtf8TextTransformer
{
    private readonly StringBuilder _builder = new();
    private readonly int _keepFirst = keepFirst;
    private readonly int _keepLast = keepLast;
    private readonly string _mask = mask;
    private readonly bool _keepSeparators = keepSeparators;
    private readonly MaskDigits _digits = digits;

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        var text = value as string ?? ValueCoercion.ToText(value);
        if (text.Length == 0) return text;

        if (_mask.Length == 1 && System.Text.Ascii.IsValid(text)) return MaskAscii(text);

        var total = ColumnFit.CharacterCount(text);
        var keepFrom = total - _keepLast;
        var sb = _builder.Clear();
        var index = 0;
        for (var i = 0; i < text.Length; index++)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used);
            if (index < _keepFirst || index >= keepFrom) sb.Append(text, i, used);
            else if (Rune.IsDigit(rune))
            {
                if (_digits == MaskDigits.Keep) sb.Append(text, i, used);
                else if (_digits == MaskDigits.KeepClass) sb.Append('0');
                else sb.Append(_mask);
            }
            else if (_keepSeparators && IsSeparator(rune)) sb.Append(text, i, used);
            else sb.Append(_mask);
            i += used;
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public int MaxOutputBytes(int inputBytes) => inputBytes;

    /// <inheritdoc />
    /// <remarks>ASCII text with an ASCII mask character only (one byte per character, as in <see cref="MaskAscii"/>); anything else takes the ordinary path.</remarks>
    public int TransformUtf8(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (_mask.Length != 1 || _mask[0] > 127 || !System.Text.Ascii.IsValid(input)) return -1;
        var keepFrom = input.Length - _keepLast;
        var maskByte = (byte)_mask[0];
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            var c = (char)b;
            if (i < _keepFirst || i >= keepFrom) output[i] = b;
            else if (char.IsAsciiDigit(c)) output[i] = _digits switch { MaskDigits.Keep => b, MaskDigits.KeepClass => (byte)'0', _ => maskByte };
            else if (_keepSeparators && !char.IsAsciiLetter(c)) output[i] = b;
            else output[i] = maskByte;
        }
        return input.Length;
    }

    // ASCII text with a one-character mask (the common case): one char per code point, no rune decoding, one allocation.
    private string MaskAscii(string text) =>
        string.Create(text.Length, (Self: this, Text: text), static (span, s) =>
        {
            var (self, text) = s;
            var keepFrom = text.Length - self._keepLast;
            var maskChar = self._mask[0];
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (i < self._keepFirst || i >= keepFrom) span[i] = c;
                else if (char.IsAsciiDigit(c)) span[i] = self._digits switch { MaskDigits.Keep => c, MaskDigits.KeepClass => '0', _ => maskChar };
                // ASCII separators: whitespace, punctuation, symbols and control characters (everything but letters and digits).
                else if (self._keepSeparators && !char.IsAsciiLetter(c)) span[i] = c;
                else span[i] = maskChar;
            }
        });

    private static bool IsSeparator(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || Rune.IsSymbol(rune)) return true;
        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.Control or UnicodeCategory.Format;
    }
}
