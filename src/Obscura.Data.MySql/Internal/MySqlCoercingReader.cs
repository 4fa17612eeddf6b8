using System.Collections;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Data.MySql.Internal;

/// <summary>
/// Wraps the rows handed to the bulk writer and converts, in <see cref="GetValues"/>, only the values whose runtime type
/// does not suit the target column (see <see cref="MySqlValueCoercer"/>). Never owns or disposes the inner reader.
/// </summary>
internal sealed class MySqlCoercingReader : DbDataReader
{
    private readonly DbDataReader _inner;
    private readonly TableName _table;
    private readonly IReadOnlyList<Column> _columns;
    private readonly MySqlStorage[] _storages;
    private long _row;

    /// <summary>Creates the wrapper for rows going into <paramref name="table"/>.</summary>
    public MySqlCoercingReader(DbDataReader inner, Table table, MySqlStorage[] storages)
    {
        _inner = inner;
        _table = table.Name;
        _columns = table.Columns;
        _storages = storages;
    }

    /// <summary>The conversion failure this reader threw, if any (the bulk-copy driver may hide it behind its own error).</summary>
    public ObscuraDatabaseException? Failure { get; private set; }

    /// <summary>Rows read so far.</summary>
    public long RowsRead => _row;

    /// <inheritdoc />
    public override int FieldCount => _columns.Count;
    /// <inheritdoc />
    public override int RecordsAffected => -1;
    /// <inheritdoc />
    public override bool HasRows => _inner.HasRows;
    /// <inheritdoc />
    public override bool IsClosed => _inner.IsClosed;
    /// <inheritdoc />
    public override int Depth => 0;
    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);
    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <inheritdoc />
    public override bool Read()
    {
        if (!_inner.Read()) return false;
        _row++;
        return true;
    }

    /// <inheritdoc />
    public override async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await _inner.ReadAsync(cancellationToken).ConfigureAwait(false)) return false;
        _row++;
        return true;
    }

    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        var n = _inner.GetValues(values);
        for (var i = 0; i < n && i < _storages.Length; i++)
        {
            var v = values[i];
            if (v is not DBNull && v is not null) values[i] = Coerce(v, i);
            else values[i] = DBNull.Value;
        }
        return n;
    }

    /// <inheritdoc />
    public override object GetValue(int ordinal)
    {
        var v = _inner.GetValue(ordinal);
        return v is DBNull || v is null ? DBNull.Value : Coerce(v, ordinal);
    }

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => _inner.IsDBNull(ordinal);
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
    public override Type GetFieldType(int ordinal) => _inner.GetFieldType(ordinal);
    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => Convert.ToBoolean(GetValue(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override byte GetByte(int ordinal) => Convert.ToByte(GetValue(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        _inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
    /// <inheritdoc />
    public override char GetChar(int ordinal) => GetString(ordinal)[0];
    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        _inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => Convert.ToDateTime(GetValue(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(GetValue(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override double GetDouble(int ordinal) => Convert.ToDouble(GetValue(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override float GetFloat(int ordinal) => Convert.ToSingle(GetValue(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => _inner.GetGuid(ordinal);
    /// <inheritdoc />
    public override short GetInt16(int ordinal) => Convert.ToInt16(GetValue(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override int GetInt32(int ordinal) => Convert.ToInt32(GetValue(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override long GetInt64(int ordinal) => Convert.ToInt64(GetValue(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override string GetString(int ordinal) => Convert.ToString(GetValue(ordinal), CultureInfo.InvariantCulture) ?? string.Empty;
    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => throw new NotSupportedException();

    private object Coerce(object value, int ordinal)
    {
        try
        {
            return MySqlValueCoercer.Coerce(value, _storages[ordinal]);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            // The driver's message can quote the value, so it is not kept as the inner exception.
            var column = _columns[ordinal];
            throw Failure = new ObscuraDatabaseException(
                $"row {_row.ToString(CultureInfo.InvariantCulture)} of table {_table}: a {value.GetType().Name} value of column '{column.Name}' " +
                $"cannot be stored as {column.DeclaredType} ({ex.GetType().Name}); map the column to a compatible type or transform it");
        }
    }
}
