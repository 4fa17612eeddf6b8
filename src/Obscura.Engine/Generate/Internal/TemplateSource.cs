using System.Globalization;
using System.Text;

namespace Obscura.Engine.Generate.Internal;

/// <summary>
/// <see cref="TemplateValueSpec"/>: literal text and placeholders. <c>{column}</c> is another column of the same row
/// (lower-cased, letters and digits only, accents folded), <c>{kind}</c> a faker kind drawn for the row when no column has
/// that name, <c>{#}</c> the row's 1-based number.
/// </summary>
internal sealed class TemplateSource : ValueSource
{
    private readonly TemplatePiece[] _pieces;
    private readonly StringBuilder _text = new();

    public TemplateSource(TemplatePiece[] pieces) => _pieces = pieces;

    public override bool Injective
    {
        get
        {
            foreach (var p in _pieces) if (p.RowNumber) return true;
            return false;
        }
    }

    public override object? At(long row, IRowLookup rowValues)
    {
        _text.Clear();
        foreach (var piece in _pieces)
        {
            if (piece.Literal is { } literal) _text.Append(literal);
            else if (piece.RowNumber) _text.Append((row + 1).ToString(CultureInfo.InvariantCulture));
            else
            {
                var value = piece.Source is { } source ? source.At(row, rowValues) : rowValues.Value(piece.Column, row);
                if (value is not null) AppendFolded(_text, value as string ?? Core.Schema.ValueCoercion.ToText(value));
            }
        }
        return _text.ToString();
    }

    /// <summary>Lower-case ASCII letters and digits of <paramref name="value"/> (accents folded, everything else dropped).</summary>
    private static void AppendFolded(StringBuilder text, string value)
    {
        var ascii = true;
        foreach (var c in value) if (c > 127) ascii = false;
        if (!ascii) value = value.Normalize(NormalizationForm.FormD);
        foreach (var c in value)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') text.Append(c);
            else if (c is >= 'A' and <= 'Z') text.Append((char)(c + 32));
        }
    }

    /// <summary>Splits a template into literal text and <c>{...}</c> placeholder names (<c>{{</c> and <c>}}</c> are braces).</summary>
    public static List<(string Text, bool Placeholder)> Parse(string template, out string? error)
    {
        var result = new List<(string, bool)>();
        var literal = new StringBuilder();
        error = null;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (c == '}') { error = $"'}}' at position {i + 1} closes nothing"; return result; }
            if (c != '{') { literal.Append(c); continue; }
            var end = template.IndexOf('}', i + 1);
            if (end < 0) { error = $"'{{' at position {i + 1} is not closed"; return result; }
            if (literal.Length > 0) { result.Add((literal.ToString(), false)); literal.Clear(); }
            var name = template[(i + 1)..end].Trim();
            if (name.Length == 0) { error = $"empty placeholder at position {i + 1}"; return result; }
            result.Add((name, true));
            i = end;
        }
        if (literal.Length > 0) result.Add((literal.ToString(), false));
        return result;
    }
}

/// <summary>One piece of a template: literal text, another column (by ordinal), a faker draw, or the row number.</summary>
internal sealed record TemplatePiece(string? Literal, int Column = -1, ValueSource? Source = null, bool RowNumber = false);
