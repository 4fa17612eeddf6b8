using System.Text;
using System.Text.RegularExpressions;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>regex</c>: replaces every match of a compiled pattern by the parsed replacement (groups, keyed hash, keyed
/// digits); the rest of the value is kept. Results longer than the column are cut to its length.
/// </summary>
internal sealed class RegexTransformer : IColumnTransformer
{
    private readonly Regex _regex;
    private readonly RegexPart[] _parts;
    private readonly RowKeyedHash _first;
    private readonly RowKeyedHash _second;
    private readonly int? _maxLength;
    private readonly string _where;
    private readonly MatchEvaluator _evaluator;
    private readonly StringBuilder _builder = new();

    public RegexTransformer(Regex regex, RegexPart[] parts, SipHash first, SipHash second, Column column, string where)
    {
        _regex = regex;
        _parts = parts;
        _first = new RowKeyedHash(first);
        _second = new RowKeyedHash(second);
        _maxLength = column.MaxLength;
        _where = where;
        _evaluator = Replace;
    }

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        var text = value as string ?? ValueCoercion.ToText(value);
        string result;
        try
        {
            result = _regex.Replace(text, _evaluator);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new ObscuraException($"the 'regex' pattern of {_where} took longer than {e.MatchTimeout.TotalSeconds:0} s on one value; simplify the pattern (avoid nested quantifiers)", e);
        }
        return _maxLength is { } max && ColumnFit.CharacterCount(result) > max ? Cut(result, max) : result;
    }

    private string Replace(Match match)
    {
        var builder = _builder.Clear();
        foreach (var part in _parts)
        {
            switch (part.Kind)
            {
                case RegexPartKind.Literal:
                    builder.Append(part.Text);
                    break;
                case RegexPartKind.Group:
                    builder.Append(match.Groups[part.Number].ValueSpan);
                    break;
                case RegexPartKind.NamedGroup:
                    builder.Append(match.Groups[part.Text].ValueSpan);
                    break;
                case RegexPartKind.Hash:
                {
                    var h1 = _first.Of(match.ValueSpan);
                    var h2 = part.Number > 16 ? _second.Of(match.ValueSpan) : 0;
                    Span<char> hex = stackalloc char[RegexReplacement.MaxHashLength];
                    HashText.Render(HashAlphabet.Hex, h1, h2, hex[..part.Number]);
                    builder.Append(hex[..part.Number]);
                    break;
                }
                default:
                {
                    var state = _second.Of(match.ValueSpan);
                    for (var i = 0; i < match.Length; i++)
                    {
                        state += 0x9E3779B97F4A7C15UL;
                        var z = state;
                        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                        builder.Append((char)('0' + (int)Math.BigMul(z ^ (z >> 31), 10UL, out _)));
                    }
                    break;
                }
            }
        }
        return builder.ToString();
    }

    private static string Cut(string text, int max)
    {
        var end = 0;
        for (var count = 0; count < max && end < text.Length; count++)
            end += char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
        return text[..end];
    }
}
