namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// <c>generalize</c> method <c>map</c>: looks the value's invariant text up in the map file's table (exact, ordinal;
/// numbers normalised so 12.50 finds "12.5") and returns the generalised value, already converted to the column's
/// type; unmapped values become the fallback or stay as they are.
/// </summary>
internal sealed class GeneralizeMapTransformer : IColumnTransformer
{
    private readonly Dictionary<string, object>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly object? _fallback;

    public GeneralizeMapTransformer(Dictionary<string, object> map, object? fallback)
    {
        _lookup = map.GetAlternateLookup<ReadOnlySpan<char>>();
        _fallback = fallback;
    }

    /// <inheritdoc />
    public object? Transform(object? value)
    {
        if (value is null || value is DBNull) return value;
        if (value is string s) return _lookup.TryGetValue(s, out var hit) ? hit : _fallback ?? value;
        Span<char> text = stackalloc char[RowValueText.MaxFormattedLength];
        if (RowValueText.TryFormat(value, text, out var written))
            return _lookup.TryGetValue(text[..written], out var found) ? found : _fallback ?? value;
        return _lookup.TryGetValue(RowValueText.ToText(value), out var other) ? other : _fallback ?? value;
    }
}
