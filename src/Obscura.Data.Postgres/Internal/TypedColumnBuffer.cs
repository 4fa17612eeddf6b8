using System.Data.Common;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace Obscura.Data.Postgres.Internal;

/// <summary>A <see cref="ColumnBuffer"/> of <typeparamref name="T"/>, the CLR type Npgsql encodes as <see cref="NpgsqlDbType"/>.</summary>
internal sealed class TypedColumnBuffer<T> : ColumnBuffer
{
    private readonly Func<DbDataReader, int, T> _read;
    private readonly NpgsqlDbType _type;
    private readonly T[] _values;
    private readonly bool[] _nulls;

    /// <summary>Creates a buffer of <paramref name="capacity"/> slots filled by <paramref name="read"/>.</summary>
    public TypedColumnBuffer(Func<DbDataReader, int, T> read, NpgsqlDbType type, int capacity)
    {
        _read = read;
        _type = type;
        _values = new T[capacity];
        _nulls = new bool[capacity];
    }

    /// <inheritdoc />
    public override int Load(DbDataReader reader, int ordinal, int row)
    {
        if (reader.IsDBNull(ordinal))
        {
            _nulls[row] = true;
            return 1;
        }
        _nulls[row] = false;
        var value = _read(reader, ordinal);
        _values[row] = value;
        // Only variable-length values count beyond a word; the type tests fold away for value types.
        return value switch
        {
            string s => 16 + s.Length * 2,
            byte[] b => 16 + b.Length,
            _ => 8,
        };
    }

    /// <inheritdoc />
    public override Task WriteAsync(NpgsqlBinaryImporter importer, int row, CancellationToken cancellationToken) =>
        _nulls[row] ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(_values[row], _type, cancellationToken);

    /// <inheritdoc />
    public override void Clear(int count)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(_values, 0, count);
    }
}
