using Obscura.Core.Schema;

namespace Obscura.Core.Strategies.Internal;

/// <summary>Look-ups of other columns of the row at bind time, with a hint for near misses.</summary>
internal static class RowColumnLookup
{
    /// <summary>The column named exactly <paramref name="name"/> among <paramref name="columns"/>, or null.</summary>
    public static Column? Find(IReadOnlyList<Column> columns, string name)
    {
        foreach (var c in columns) if (c.Name == name) return c;
        return null;
    }

    /// <summary>"the table has no column 'x'" plus a case-insensitive match or the list of columns.</summary>
    public static string Missing(StrategyBinding binding, string name)
    {
        var where = $"{binding.Table} has no column '{name}'";
        if (binding.RowColumns.Count == 0) return where + " (no columns of the row are known to this binding)";
        foreach (var c in binding.RowColumns)
            if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return $"{where}; did you mean '{c.Name}'? (names are case-sensitive)";
        var names = new List<string>(binding.RowColumns.Count);
        foreach (var c in binding.RowColumns) names.Add(c.Name);
        return $"{where}; it has: {string.Join(", ", names)}";
    }
}
