namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>generalize</c> method <c>prefix</c>: keeps the first <c>keep</c> characters (code points) and replaces each of the
/// others with the pad character, or drops them when there is no pad ("560034" → "560***" or "560"). Values no longer
/// than <c>keep</c> stay as they are.
/// </summary>
internal sealed class GeneralizePrefixTransformer(int keep, string pad) : IColumnTransformer
{
    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        var text = value as string ?? RowValueText.ToText(value);
        // Index of the first character to hide, stepping over surrogate pairs.
        var cut = 0;
        for (var kept = 0; kept < keep && cut < text.Length; kept++)
            cut += char.IsHighSurrogate(text[cut]) && cut + 1 < text.Length && char.IsLowSurrogate(text[cut + 1]) ? 2 : 1;
        if (cut >= text.Length) return text;
        if (pad.Length == 0) return text[..cut];
        var hidden = ColumnFit.CharacterCount(text[cut..]);
        return string.Create(cut + hidden, (Text: text, Cut: cut, Pad: pad[0]), static (span, s) =>
        {
            s.Text.AsSpan(0, s.Cut).CopyTo(span);
            span[s.Cut..].Fill(s.Pad);
        });
    }
}
