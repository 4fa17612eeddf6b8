using Obscura.Core.Schema;

namespace Obscura.Core.Strategies;

/// <summary>
/// The current row, for strategies that read other columns (a date shift keyed on the patient, an email built from
/// the row's fake names). One instance per table stream, refilled per row by the engine; never stored by transformers.
/// </summary>
public sealed class RowContext
{
    private readonly object?[] _originals;
    private readonly object?[] _current;

    /// <summary>Creates a context over a table's columns.</summary>
    public RowContext(IReadOnlyList<Column> columns)
    {
        Columns = columns;
        _originals = new object?[columns.Count];
        _current = new object?[columns.Count];
    }

    /// <summary>The table's columns, in row order.</summary>
    public IReadOnlyList<Column> Columns { get; }

    /// <summary>Position of a column by exact name, or -1.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++) if (Columns[i].Name == column) return i;
        return -1;
    }

    /// <summary>The source value (canonical) of a column in this row, before any transform.</summary>
    public object? Original(int index) => _originals[index];

    /// <summary>
    /// The value a column will be written with: its transformed value when it is transformed and has already been
    /// computed for this row (the engine orders transforms so a column's inputs come first), else the original.
    /// </summary>
    public object? Current(int index) => _current[index];

    /// <summary>Engine use: sets a column's original value for the row (current starts equal to it).</summary>
    public void SetOriginal(int index, object? value)
    {
        _originals[index] = value;
        _current[index] = value;
    }

    /// <summary>Engine use: records a column's transformed value.</summary>
    public void SetCurrent(int index, object? value) => _current[index] = value;
}
