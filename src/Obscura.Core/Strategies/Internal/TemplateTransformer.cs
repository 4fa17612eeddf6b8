using System.Text;
using Obscura.Core.Crypto;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>template</c>: builds text from other columns of the row as they will be written (<see cref="RowContext.Current"/>:
/// transformed values when those columns are transformed) with filters applied in a reused buffer; NULL columns read
/// as empty text. A NULL value stays NULL. Results longer than the column are cut. Allocates only the result.
/// </summary>
internal sealed class TemplateTransformer : IRowAwareTransformer, ICollisionRetry
{
    private readonly (string? Literal, RowColumnSlot? Slot, TemplateFilter[] Filters)[] _parts;
    private readonly RowKeyedHash _first;
    private readonly RowKeyedHash _second;
    private readonly int? _maxLength;
    private readonly StringBuilder _builder = new();
    private char[] _scratch = new char[128];

    public TemplateTransformer(List<TemplatePart> parts, SipHash first, SipHash second, Column column)
    {
        _parts = new (string?, RowColumnSlot?, TemplateFilter[])[parts.Count];
        var reads = new List<string>();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            _parts[i] = (part.Literal, part.Column is null ? null : new RowColumnSlot(part.Column), part.Filters);
            if (part.Column is not null && !reads.Contains(part.Column)) reads.Add(part.Column);
        }
        ReadsColumns = reads;
        _first = new RowKeyedHash(first);
        _second = new RowKeyedHash(second);
        _maxLength = column.MaxLength;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ReadsColumns { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Numbers the duplicate the way people do: <c>ravi.kumar@example.org</c> becomes <c>ravi.kumar2@example.org</c>
    /// (before the last <c>@</c> when there is one, else at the end), cutting the text before it to fit the column.
    /// </remarks>
    public object? Retry(object? original, object? produced, int attempt, RowContext? row)
    {
        if (produced is not string text) return null;
        var suffix = (attempt + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var at = text.LastIndexOf('@');
        var head = at < 0 ? text : text[..at];
        var tail = at < 0 ? string.Empty : text[at..];
        var room = (_maxLength ?? int.MaxValue) - tail.Length - suffix.Length;
        if (room < 1) return null;
        if (head.Length > room) head = head[..(char.IsLowSurrogate(head[room]) ? room - 1 : room)];
        return string.Concat(head, suffix, tail);
    }

    /// <inheritdoc />
    public object? Transform(object? value) =>
        value is null || value is DBNull ? value : throw new InvalidOperationException("strategy 'template' reads other columns: call it with the row");

    /// <inheritdoc />
    public object? Transform(object? value, RowContext row)
    {
        if (value is null || value is DBNull) return value;
        var builder = _builder.Clear();
        foreach (var (literal, slot, filters) in _parts)
        {
            if (literal is not null)
            {
                builder.Append(literal);
                continue;
            }
            var current = slot!.Current(row);
            if (current is null || current is DBNull) continue;
            if (filters.Length == 0 && current is string plain)
            {
                builder.Append(plain);
                continue;
            }
            builder.Append(Render(current, filters));
        }
        var max = _maxLength ?? int.MaxValue;
        if (builder.Length > max)
        {
            // Cut at max code points without splitting a surrogate pair.
            var end = 0;
            for (var count = 0; count < max && end < builder.Length; count++)
                end += char.IsHighSurrogate(builder[end]) && end + 1 < builder.Length ? 2 : 1;
            builder.Length = end;
        }
        return builder.ToString();
    }

    private ReadOnlySpan<char> Render(object value, TemplateFilter[] filters)
    {
        var length = Load(value);
        var start = 0;
        foreach (var filter in filters)
        {
            var span = _scratch.AsSpan(start, length);
            switch (filter.Kind)
            {
                case TemplateFilterKind.Lower:
                    for (var i = 0; i < span.Length; i++) span[i] = char.ToLowerInvariant(span[i]);
                    break;
                case TemplateFilterKind.Upper:
                    for (var i = 0; i < span.Length; i++) span[i] = char.ToUpperInvariant(span[i]);
                    break;
                case TemplateFilterKind.Trim:
                {
                    var leading = span.Length - span.TrimStart().Length;
                    start += leading;
                    length = span[leading..].TrimEnd().Length;
                    break;
                }
                case TemplateFilterKind.First:
                    length = span.IsEmpty ? 0 : char.IsHighSurrogate(span[0]) && span.Length > 1 ? 2 : 1;
                    break;
                case TemplateFilterKind.Alnum:
                {
                    var kept = 0;
                    for (var i = 0; i < span.Length; i++) if (char.IsLetterOrDigit(span[i])) span[kept++] = span[i];
                    length = kept;
                    break;
                }
                default:
                {
                    var h1 = _first.Of(span);
                    var h2 = filter.Length > 16 ? _second.Of(span) : 0;
                    EnsureScratch(filter.Length);
                    start = 0;
                    length = filter.Length;
                    HashText.Render(HashAlphabet.Hex, h1, h2, _scratch.AsSpan(0, length));
                    break;
                }
            }
        }
        return _scratch.AsSpan(start, length);
    }

    // Copies the value's text into the scratch buffer; returns its length.
    private int Load(object value)
    {
        if (value is string s)
        {
            EnsureScratch(s.Length);
            s.AsSpan().CopyTo(_scratch);
            return s.Length;
        }
        EnsureScratch(RowValueText.MaxFormattedLength);
        if (RowValueText.TryFormat(value, _scratch, out var written)) return written;
        var text = ValueCoercion.ToText(value);
        EnsureScratch(text.Length);
        text.AsSpan().CopyTo(_scratch);
        return text.Length;
    }

    private void EnsureScratch(int length)
    {
        if (_scratch.Length < length) _scratch = new char[Math.Max(length, _scratch.Length * 2)];
    }
}
