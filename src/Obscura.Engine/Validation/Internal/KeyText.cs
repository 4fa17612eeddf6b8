using Obscura.Core.Schema;

namespace Obscura.Engine.Validation.Internal;

/// <summary>How a row is named in examples: its key in the target, <c>id=42</c> or <c>order_id=7, line=2</c>.</summary>
internal static class KeyText
{
    private const int MaxValueLength = 64;

    /// <summary>The text for one row's key values (in the order of <paramref name="keys"/>).</summary>
    public static string Format(IReadOnlyList<string> keys, ReadOnlySpan<object?> values)
    {
        if (keys.Count == 0) return NoKey;
        var parts = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++) parts[i] = keys[i] + "=" + Value(values[i]);
        return string.Join(", ", parts);
    }

    /// <summary>For tables without a primary or unique key.</summary>
    public const string NoKey = "(the table has no key)";

    /// <summary>Replaces a key that would reveal an original value.</summary>
    public const string Withheld = "(key withheld: it contains an original value)";

    /// <summary>A row position, for leakage hits in tables without a key.</summary>
    public static string Row(long position) => "row " + (position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Value(object? value)
    {
        if (value is null or DBNull) return "NULL";
        var text = ValueCoercion.ToText(value);
        return text.Length <= MaxValueLength ? text : text[..MaxValueLength] + "…";
    }

    /// <summary>The key columns of a target table: its primary key, else its first unique key, else none.</summary>
    public static IReadOnlyList<string> KeyColumns(Table table) =>
        table.PrimaryKey?.Columns ?? (table.UniqueKeys.Count > 0 ? table.UniqueKeys[0].Columns : []);
}
