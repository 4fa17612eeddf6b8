using System.Globalization;
using System.Text;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// The <c>mask</c> transformer. Works on code points, so the output has exactly as many characters as the input.
/// Separators are whitespace, punctuation and symbols; letters, combining marks, digits and other numbers are masked.
/// </summary>
internal sealed class MaskTransformer(int keepFirst, int keepLast, string mask, bool keepSeparators, MaskDigits digits) : IColumnTransformer
{
    private readonly StringBuilder _builder = new();

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        var text = value as string ?? ValueCoercion.ToText(value);
        if (text.Length == 0) return text;

        var total = ColumnFit.CharacterCount(text);
        var keepFrom = total - keepLast;
        var sb = _builder.Clear();
        var index = 0;
        for (var i = 0; i < text.Length; index++)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used);
            if (index < keepFirst || index >= keepFrom) sb.Append(text, i, used);
            else if (Rune.IsDigit(rune))
            {
                if (digits == MaskDigits.Keep) sb.Append(text, i, used);
                else if (digits == MaskDigits.KeepClass) sb.Append('0');
                else sb.Append(mask);
            }
            else if (keepSeparators && IsSeparator(rune)) sb.Append(text, i, used);
            else sb.Append(mask);
            i += used;
        }
        return sb.ToString();
    }

    private static bool IsSeparator(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || Rune.IsSymbol(rune)) return true;
        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.Control or UnicodeCategory.Format;
    }
}
