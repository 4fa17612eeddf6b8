namespace Obscura.Core.Strategies.Internal;

/// <summary>
/// The position of a named column in a <see cref="RowContext"/>, looked up once per context instance
/// (the engine reuses one context per table stream) instead of once per row.
/// </summary>
internal sealed class RowColumnSlot(string name)
{
    private RowContext? _context;
    private int _index = -1;

    /// <summary>The column's name.</summary>
    public string Name { get; } = name;

    /// <summary>The column's index in <paramref name="row"/>.</summary>
    /// <exception cref="InvalidOperationException">The row has no such column (the engine checks this before streaming).</exception>
    public int IndexIn(RowContext row)
    {
        if (ReferenceEquals(row, _context)) return _index;
        var index = row.IndexOf(Name);
        if (index < 0) throw new InvalidOperationException($"the row has no column '{Name}'");
        _context = row;
        _index = index;
        return index;
    }

    /// <summary>The column's original (source) value in this row.</summary>
    public object? Original(RowContext row) => row.Original(IndexIn(row));

    /// <summary>The column's current (transformed when already computed) value in this row.</summary>
    public object? Current(RowContext row) => row.Current(IndexIn(row));
}
