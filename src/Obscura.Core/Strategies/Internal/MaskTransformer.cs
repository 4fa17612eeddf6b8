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
        for (var i = 0; i < input.Length; i++) output[i] = (byte)MaskAsciiChar((char)input[i], i, keepFrom);
        return input.Length;
    }

    // ASCII text with a one-character mask (the common case): one char per code point, no rune decoding, one allocation.
    private string MaskAscii(string text) =>
        string.Create(text.Length, (Self: this, Text: text), static (span, s) =>
        {
            var keepFrom = s.Text.Length - s.Self._keepLast;
            for (var i = 0; i < s.Text.Length; i++) span[i] = s.Self.MaskAsciiChar(s.Text[i], i, keepFrom);
        });

    // The rule for one ASCII character at position i; separators are everything but letters and digits
    // (whitespace, punctuation, symbols, controls), as IsSeparator says for ASCII.
    private char MaskAsciiChar(char c, int i, int keepFrom)
    {
        if (i < _keepFirst || i >= keepFrom) return c;
        if (char.IsAsciiDigit(c)) return _digits switch { MaskDigits.Keep => c, MaskDigits.KeepClass => '0', _ => _mask[0] };
        return _keepSeparators && !char.IsAsciiLetter(c) ? c : _mask[0];
    }

    private static bool IsSeparator(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || Rune.IsSymbol(rune)) return true;
        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.Control or UnicodeCategory.Format;
    }
}
