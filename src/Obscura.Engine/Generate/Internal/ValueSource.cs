namespace Obscura.Engine.Generate.Internal;

/// <summary>Values of other columns of a table at a row (for templates and foreign keys).</summary>
internal interface IRowLookup
{
    /// <summary>The canonical value of column <paramref name="column"/> (by ordinal) at <paramref name="row"/>.</summary>
    object? Value(int column, long row);
}

/// <summary>
/// One column's values as a pure function of the row number (and other columns of the same row). Instances may keep
/// buffers, so each stream creates its own; the values never depend on which instance or in which order rows are asked.
/// </summary>
internal abstract class ValueSource
{
    /// <summary>True when distinct rows always get distinct values, so the column may be unique.</summary>
    public virtual bool Injective => false;

    /// <summary>The canonical value at <paramref name="row"/> (0-based); null for SQL NULL.</summary>
    public abstract object? At(long row, IRowLookup rowValues);
}
