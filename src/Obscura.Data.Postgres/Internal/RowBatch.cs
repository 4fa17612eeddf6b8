using System.Data.Common;

namespace Obscura.Data.Postgres.Internal;

/// <summary>A block of rows read ahead of the COPY: one <see cref="ColumnBuffer"/> per column.</summary>
internal sealed class RowBatch(ColumnBuffer[] columns, int capacity)
{
    /// <summary>The column buffers, in table order.</summary>
    public ColumnBuffer[] Columns { get; } = columns;

    /// <summary>Rows held.</summary>
    public int Count { get; private set; }

    /// <summary>Approximate bytes held.</summary>
    public long Bytes { get; private set; }

    /// <summary>True when no further row should be added.</summary>
    public bool IsFull(long maxBytes) => Count == capacity || Bytes >= maxBytes;

    /// <summary>Copies the reader's current row in; <paramref name="column"/> tracks the column being read, for error messages.</summary>
    public void Add(DbDataReader reader, ref int column)
    {
        for (column = 0; column < Columns.Length; column++) Bytes += Columns[column].Load(reader, column, Count);
        column = -1;
        Count++;
    }

    /// <summary>Empties the batch for reuse.</summary>
    public void Reset()
    {
        foreach (var buffer in Columns) buffer.Clear(Count);
        Count = 0;
        Bytes = 0;
    }
}
