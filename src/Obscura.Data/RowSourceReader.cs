using Obscura.Core.Schema;

namespace Obscura.Data;

/// <summary>
/// A forward-only <see cref="System.Data.Common.DbDataReader"/> over rows produced in .NET (generators, tests), so they go
/// through the same bulk writers as copied rows. Values are canonical (see <see cref="ValueCoercion"/>); null is SQL NULL.
/// The row array may be reused by the producer between rows: the reader never keeps it.
/// </summary>
public sealed class RowSourceReader : CanonicalValueReader
{
    private readonly IEnumerator<object?[]> _rows;
    private object?[]? _current;

    /// <summary>Creates a reader over <paramref name="rows"/>, each with one value per column.</summary>
    public RowSourceReader(IReadOnlyList<Column> columns, IEnumerable<object?[]> rows) : base(columns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _rows = rows.GetEnumerator();
    }

    /// <inheritdoc />
    public override bool IsClosed => false;

    /// <inheritdoc />
    public override bool Read()
    {
        if (!_rows.MoveNext())
        {
            _current = null;
            return false;
        }
        _current = _rows.Current;
        return true;
    }

    /// <inheritdoc />
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read());
    }

    /// <inheritdoc />
    protected override object? Value(int ordinal) =>
        (_current ?? throw new InvalidOperationException("no current row: call Read first"))[ordinal] is var v && v is DBNull ? null : v;

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _rows.Dispose();
        base.Dispose(disposing);
    }
}
