using System.Text.RegularExpressions;
using Obscura.Core.Diagnostics;

namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// The condition of <c>when</c>, tested on a canonical value's invariant text (numbers normalised: 12.50 reads "12.5",
/// booleans "true"/"false", dates "yyyy-MM-dd"), ordinal and case-sensitive. Allocation-free for the common types.
/// </summary>
internal sealed class WhenPredicate
{
    private readonly WhenPredicateKind _kind;
    private readonly string _text;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _set;
    private readonly Regex? _regex;
    private readonly string _where;

    public WhenPredicate(WhenPredicateKind kind, string text, Regex? regex, string where)
    {
        _kind = kind;
        _text = text;
        _regex = regex;
        _where = where;
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (kind == WhenPredicateKind.In) foreach (var item in SplitList(text)) set.Add(item);
        _set = set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The items of an <c>in</c> list: comma-separated, trimmed, empty items dropped.</summary>
    public static List<string> SplitList(string list)
    {
        var items = new List<string>();
        foreach (var item in list.Split(',')) if (item.Trim() is { Length: > 0 } trimmed) items.Add(trimmed);
        return items;
    }

    /// <summary>Whether <paramref name="value"/> (canonical, or null) satisfies the condition.</summary>
    public bool Test(object? value)
    {
        var isNull = value is null || value is DBNull;
        switch (_kind)
        {
            case WhenPredicateKind.IsNull: return isNull;
            case WhenPredicateKind.IsNotNull: return !isNull;
        }
        if (isNull) return _kind == WhenPredicateKind.NotEqualTo;
        if (value is string s) return Test(s.AsSpan());
        Span<char> buffer = stackalloc char[RowValueText.MaxFormattedLength];
        return RowValueText.TryFormat(value!, buffer, out var written) ? Test(buffer[..written]) : Test(RowValueText.ToText(value!).AsSpan());
    }

    private bool Test(ReadOnlySpan<char> text)
    {
        switch (_kind)
        {
            case WhenPredicateKind.EqualTo: return text.SequenceEqual(_text);
            case WhenPredicateKind.NotEqualTo: return !text.SequenceEqual(_text);
            case WhenPredicateKind.In: return _set.Contains(text);
            default:
                try
                {
                    return _regex!.IsMatch(text);
                }
                catch (RegexMatchTimeoutException e)
                {
                    throw new ObscuraException($"the 'matches' pattern of {_where} took longer than {e.MatchTimeout.TotalSeconds:0} s on one value; simplify the pattern", e);
                }
        }
    }
}
