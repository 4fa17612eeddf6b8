using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>json</c>: reads the document with <see cref="Utf8JsonReader"/>, applies the first matching rule's inner
/// transformer to each selected string or number leaf, and splices the new literals into the original bytes, so
/// everything else (spacing, member order, escapes, number spelling) is kept byte for byte. A value that is not valid
/// JSON stops the run with an error naming the column, never the value.
/// </summary>
internal sealed class JsonTransformer : IRowAwareTransformer
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private readonly JsonLeafRule[] _rules;
    private readonly string _where;
    private readonly int? _maxLength;
    private readonly ArrayBufferWriter<byte> _output = new(256);
    private byte[] _input = new byte[256];
    private JsonPathFrame[] _frames = new JsonPathFrame[16];

    public JsonTransformer(JsonLeafRule[] rules, Column column, string where)
    {
        _rules = rules;
        _where = where;
        _maxLength = column.MaxLength;
        var reads = new List<string>();
        foreach (var rule in rules)
        {
            foreach (var inner in (ReadOnlySpan<IColumnTransformer?>)[rule.Text, rule.Number])
            {
                if (inner is not IRowAwareTransformer rowAware) continue;
                foreach (var name in rowAware.ReadsColumns) if (!reads.Contains(name)) reads.Add(name);
            }
        }
        ReadsColumns = reads;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ReadsColumns { get; }

    /// <inheritdoc />
    public object? Transform(object? value) => Transform(value, null);

    /// <inheritdoc />
    public object? Transform(object? value, RowContext? row)
    {
        if (value is null || value is DBNull) return value;
        var text = value as string ?? ValueCoercion.ToText(value);
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max > _input.Length) _input = new byte[Math.Max(max, _input.Length * 2)];
        var length = Encoding.UTF8.GetBytes(text, _input);
        var json = _input.AsSpan(0, length);

        _output.ResetWrittenCount();
        var copied = 0;
        var depth = 0;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    {
                        ref var top = ref _frames[depth - 1];
                        top.NameStart = (int)reader.TokenStartIndex + 1;
                        top.NameLength = reader.ValueSpan.Length;
                        top.Unescaped = reader.ValueIsEscaped ? reader.GetString() : null;
                        break;
                    }
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextElement(depth);
                        if (depth == _frames.Length) Array.Resize(ref _frames, depth * 2);
                        _frames[depth++] = new JsonPathFrame { IsArray = reader.TokenType == JsonTokenType.StartArray, Index = -1 };
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        depth--;
                        break;
                    case JsonTokenType.String or JsonTokenType.Number:
                        NextElement(depth);
                        Leaf(ref reader, json, depth, row, ref copied);
                        break;
                    default:
                        NextElement(depth);
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            // The reader's message quotes the offending character: keep it (and the value) out of the error and its causes.
            throw new ObscuraException($"{_where} holds a value that is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}); the 'json' strategy cannot leave it half-anonymised: fix the data or use another strategy for this column");
        }
        if (copied == 0 && _output.WrittenCount == 0) return text;
        _output.Write(json[copied..]);
        var result = Encoding.UTF8.GetString(_output.WrittenSpan);
        if (_maxLength is { } limit && ColumnFit.CharacterCount(result) > limit)
            throw new ObscuraException($"the anonymised JSON of {_where} is longer than the column's {limit} characters; use shorter inner outputs (e.g. a smaller hash 'length') or a wider column");
        return result;
    }

    private void NextElement(int depth)
    {
        if (depth > 0 && _frames[depth - 1].IsArray) _frames[depth - 1].Index++;
    }

    private void Leaf(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int depth, RowContext? row, ref int copied)
    {
        JsonLeafRule? rule = null;
        foreach (var candidate in _rules)
        {
            if (!candidate.Path.Matches(_frames.AsSpan(0, depth), json)) continue;
            rule = candidate;
            break;
        }
        if (rule is null) return;

        var isString = reader.TokenType == JsonTokenType.String;
        var start = (int)reader.TokenStartIndex;
        var end = start + reader.ValueSpan.Length + (isString ? 2 : 0);
        object? result;
        var fromText = false;
        if (isString)
        {
            if (rule.Text is null) return;
            var original = reader.GetString()!;
            result = Apply(rule.Text, original, row);
            if (result is string same && same == original) return;
        }
        else if (rule.Number is not null && reader.TryGetDecimal(out var number))
        {
            result = Apply(rule.Number, number, row);
        }
        else if (rule.Text is not null)
        {
            result = Apply(rule.Text, Encoding.UTF8.GetString(reader.ValueSpan), row);
            fromText = true;
        }
        else
        {
            return;
        }

        _output.Write(json[copied..start]);
        WriteLiteral(result, numberFromText: fromText);
        copied = end;
    }

    private static object? Apply(IColumnTransformer transformer, object value, RowContext? row) =>
        transformer is IRowAwareTransformer rowAware && row is not null ? rowAware.Transform(value, row) : transformer.Transform(value);

    private void WriteLiteral(object? value, bool numberFromText)
    {
        switch (value)
        {
            case null or DBNull:
                _output.Write("null"u8);
                return;
            case string s when numberFromText && IsJsonNumber(s):
                WriteUtf8(s);
                return;
            case string s:
                WriteString(s);
                return;
            case bool b:
                _output.Write(b ? "true"u8 : "false"u8);
                return;
            case long or decimal or int:
                WriteUtf8(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                return;
            case double d when double.IsFinite(d):
                WriteUtf8(d.ToString("R", CultureInfo.InvariantCulture));
                return;
            default:
                WriteString(RowValueText.ToText(value));
                return;
        }
    }

    private void WriteString(string s)
    {
        _output.Write("\""u8);
        _output.Write(JsonEncodedText.Encode(s, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes);
        _output.Write("\""u8);
    }

    private void WriteUtf8(string s)
    {
        var span = _output.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length));
        _output.Advance(Encoding.UTF8.GetBytes(s, span));
    }

    // JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private static bool IsJsonNumber(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-') i++;
        if (i >= s.Length || !char.IsAsciiDigit(s[i])) return false;
        if (s[i] == '0') i++;
        else while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (i >= s.Length || !char.IsAsciiDigit(s[i])) return false;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            if (i >= s.Length || !char.IsAsciiDigit(s[i])) return false;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        }
        return i == s.Length;
    }
}
