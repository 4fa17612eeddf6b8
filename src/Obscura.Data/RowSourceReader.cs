using System.Collections;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Obscura.Core.Schema;

namespace Obscura.Data;

/// <summary>
/// A forward-only <see cref="DbDataReader"/> over rows produced in .NET (generators, tests), so they go through
/// the same bulk writers as copied rows. Values are canonical (see <see cref="ValueCoercion"/>); null is SQL NULL.
/// The row array may be reused by the producer between rows: the reader never keeps it.
/// </summary>
public sealed class RowSourceReader : DbDataReader
{
    private readonly IReadOnlyList<Column> _columns;
    private readonly IEnumerator<object?[]> _rows;
    private object?[]? _current;

    /// <summary>Creates a reader over <paramref name="rows"/>, each with one value per column.</summary>
    public RowSourceReader(IReadOnlyList<Column> columns, IEnumerable<object?[]> rows)
    {
        _columns = columns;
        _rows = rows.GetEnumerator();
    }

    /// <inheritdoc />
    public override int FieldCount => _columns.Count;
    /// <inheritdoc />
    public override int RecordsAffected => -1;
    /// <inheritdoc />
    public override bool HasRows => true;
    /// <inheritdoc />
    public override bool IsClosed => false;
    /// <inheritdoc />
    public override int Depth => 0;
    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);
    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <inheritdoc />
    public override bool Read()
    {
        if (!_rows.MoveNext()) { _current = null; return false; }
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
    public override bool NextResult() => false;
    /// <inheritdoc />
    public override string GetName(int ordinal) => _columns[ordinal].Name;
    /// <inheritdoc />
    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < _columns.Count; i++) if (_columns[i].Name == name) return i;
        throw new ArgumentOutOfRangeException(nameof(name), name, "no such column");
    }
    /// <inheritdoc />
    public override string GetDataTypeName(int ordinal) => _columns[ordinal].DeclaredType;
    /// <inheritdoc />
    [return: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.PublicProperties)]
    public override Type GetFieldType(int ordinal) => CanonicalType(_columns[ordinal].TypeClass);
    /// <inheritdoc />
    public override object GetValue(int ordinal) => Row[ordinal] ?? DBNull.Value;
    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        var n = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < n; i++) values[i] = GetValue(i);
        return n;
    }
    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => Row[ordinal] is null or DBNull;
    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => (bool)Row[ordinal]!;
    /// <inheritdoc />
    public override byte GetByte(int ordinal) => Convert.ToByte(Row[ordinal], System.Globalization.CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var b = (byte[])Row[ordinal]!;
        if (buffer is null) return b.Length;
        var n = (int)Math.Min(length, b.Length - dataOffset);
        Array.Copy(b, dataOffset, buffer, bufferOffset, n);
        return n;
    }
    /// <inheritdoc />
    public override char GetChar(int ordinal) => GetString(ordinal)[0];
    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var s = GetString(ordinal);
        if (buffer is null) return s.Length;
        var n = (int)Math.Min(length, s.Length - dataOffset);
        s.CopyTo((int)dataOffset, buffer, bufferOffset, n);
        return n;
    }
    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => Row[ordinal] switch
    {
        DateTime d => d,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTimeOffset o => o.UtcDateTime,
        var v => (DateTime)v!,
    };
    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(Row[ordinal], System.Globalization.CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override double GetDouble(int ordinal) => Convert.ToDouble(Row[ordinal], System.Globalization.CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override float GetFloat(int ordinal) => Convert.ToSingle(Row[ordinal], System.Globalization.CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => (Guid)Row[ordinal]!;
    /// <inheritdoc />
    public override short GetInt16(int ordinal) => Convert.ToInt16(Row[ordinal], System.Globalization.CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override int GetInt32(int ordinal) => Convert.ToInt32(Row[ordinal], System.Globalization.CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override long GetInt64(int ordinal) => Convert.ToInt64(Row[ordinal], System.Globalization.CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override string GetString(int ordinal) => (string)Row[ordinal]!;
    /// <inheritdoc />
    public override T GetFieldValue<T>(int ordinal) => Row[ordinal] is T t ? t : (T)ValueCoercion.ToCanonical(Row[ordinal], _columns[ordinal].TypeClass)!;
    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => throw new NotSupportedException();

    /// <summary>The CLR type of canonical values of a type class.</summary>
    public static Type CanonicalType(TypeClass typeClass) => typeClass switch
    {
        TypeClass.Integer => typeof(long),
        TypeClass.Decimal => typeof(decimal),
        TypeClass.Float => typeof(double),
        TypeClass.Boolean => typeof(bool),
        TypeClass.Date => typeof(DateOnly),
        TypeClass.DateTime => typeof(DateTime),
        TypeClass.DateTimeOffset => typeof(DateTimeOffset),
        TypeClass.Time => typeof(TimeSpan),
        TypeClass.Uuid => typeof(Guid),
        TypeClass.Binary => typeof(byte[]),
        _ => typeof(string),
    };

    private object?[] Row => _current ?? throw new InvalidOperationException("no current row: call Read first");

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _rows.Dispose();
        base.Dispose(disposing);
    }
}
