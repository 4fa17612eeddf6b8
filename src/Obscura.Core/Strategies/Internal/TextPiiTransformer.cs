using System.Runtime.InteropServices;
using System.Text;
using Obscura.Core.Discovery;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>text_pii</c> bound to one text or JSON column: scans each value once with a <see cref="PiiScanner"/> and replaces
/// every item found (fake, mask or tag), copying the text between items unchanged. A value without items is returned as
/// the same instance without allocating. When the result would exceed the column's length, the items that grew most fall
/// back to the shorter of tag and mask; a fake is never cut. Not thread-safe (reuses its buffers).
/// </summary>
internal sealed class TextPiiTransformer : IColumnTransformer
{
    private readonly PiiScanner _scanner;
    private readonly TextPiiMode _mode;
    private readonly TextPiiFaker? _faker;
    private readonly int? _maxLength;
    private readonly bool _json;
    private readonly List<TextPiiReplacement> _items = [];
    private readonly StringBuilder _builder = new();

    public TextPiiTransformer(PiiScanner scanner, TextPiiMode mode, TextPiiFaker? faker, int? maxLength, bool json)
    {
        if (mode == TextPiiMode.Fake && faker is null) throw new ArgumentNullException(nameof(faker), "fake mode needs the faker");
        _scanner = scanner;
        _mode = mode;
        _faker = faker;
        _maxLength = maxLength;
        _json = json;
    }

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null or DBNull) return value;
        var text = value as string ?? ValueCoercion.ToText(value);
        if (!_scanner.TryFind(text, 0, out var span)) return value;

        _items.Clear();
        var growth = 0;
        do
        {
            var quoted = _json && _mode != TextPiiMode.Fake && TextPiiText.IsBareJsonNumber(text, span);
            var replacement = Replace(text, span, _mode, quoted);
            _items.Add(new TextPiiReplacement(span, replacement, quoted));
            growth += replacement.Length - span.Length;
        }
        while (_scanner.TryFind(text, span.End, out span));

        var cut = -1;
        if (_maxLength is { } max && text.Length + growth > max)
        {
            var excess = ColumnFit.CharacterCount(text) + growth - max;
            if (excess > 0) excess = FallBack(text, excess);
            if (excess > 0) cut = max;
        }
        return Build(text, cut);
    }

    private string Replace(string text, PiiSpan span, TextPiiMode mode, bool quoted)
    {
        var item = text.AsSpan(span.Start, span.Length);
        var replacement = mode switch
        {
            TextPiiMode.Fake => _faker!.Fake(span.Kind, item.ToString()),
            TextPiiMode.Mask => TextPiiText.Mask(item),
            _ => TextPiiText.Tag(span.Kind),
        };
        return quoted ? TextPiiText.Quote(replacement) : replacement;
    }

    // Replaces the items that grew most by the shorter of tag and mask until the excess is gone; returns what is left.
    private int FallBack(string text, int excess)
    {
        var items = CollectionsMarshal.AsSpan(_items);
        while (excess > 0)
        {
            var best = -1;
            var bestGain = 0;
            string? bestText = null;
            for (var i = 0; i < items.Length; i++)
            {
                var shorter = Shorter(text, items[i]);
                var gain = items[i].Text.Length - shorter.Length;
                if (gain <= bestGain) continue;
                best = i;
                bestGain = gain;
                bestText = shorter;
            }
            if (best < 0) break;
            items[best] = items[best] with { Text = bestText! };
            excess -= bestGain;
        }
        return excess;
    }

    private static string Shorter(string text, TextPiiReplacement item)
    {
        var tag = TextPiiText.Tag(item.Span.Kind);
        var shorter = tag.Length < item.Span.Length ? tag : TextPiiText.Mask(text.AsSpan(item.Span.Start, item.Span.Length));
        return item.Quoted ? TextPiiText.Quote(shorter) : shorter;
    }

    // The output; with cut ≥ 0 (the input alone is longer than the column) at most that many characters, ending before
    // the replacement the limit falls into rather than inside it.
    private string Build(string text, int cut)
    {
        var b = _builder.Clear();
        var at = 0;
        foreach (var item in _items)
        {
            b.Append(text, at, item.Span.Start - at);
            if (cut >= 0 && ColumnFit.CharacterCount(b.ToString()) + item.Text.Length > cut) return Cut(b.ToString(), cut);
            b.Append(item.Text);
            at = item.Span.End;
        }
        b.Append(text, at, text.Length - at);
        var output = b.ToString();
        return cut >= 0 ? Cut(output, cut) : output;
    }

    private static string Cut(string output, int max) => output[..FakerText.IndexOfCharacter(output, max)];
}
