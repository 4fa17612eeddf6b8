using System.Collections;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Data;

/// <summary>
/// A forward-only reader whose values are canonical (see <see cref="ValueCoercion"/>) for known columns: subclasses
/// say how to move to the next row and what a field's value is; every typed getter is derived from that here.
/// </summary>
public abstract class CanonicalValueReader : DbDataReader
{
    /// <summary>Creates the reader over <paramref name="columns"/>.</summary>
    protected CanonicalValueReader(IReadOnlyList<Column> columns) => Columns = columns;

    /// <summary>The columns, in field order.</summary>
    protected IReadOnlyList<Column> Columns { get; }

    /// <summary>The current row's canonical value of a field; null for SQL NULL.</summary>
    protected abstract object? Value(int ordinal);

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

    /// <inheritdoc />
    public override int FieldCount => Columns.Count;
    /// <inheritdoc />
    public override int RecordsAffected => -1;
    /// <inheritdoc />
    public override bool HasRows => true;
    /// <inheritdoc />
    public override int Depth => 0;
    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);
    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));
    /// <inheritdoc />
    public override bool NextResult() => false;
    /// <inheritdoc />
    public override string GetName(int ordinal) => Columns[ordinal].Name;
    /// <inheritdoc />
    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < Columns.Count; i++) if (Columns[i].Name == name) return i;
        throw new ArgumentOutOfRangeException(nameof(name), name, "no such column");
    }
    /// <inheritdoc />
    public override string GetDataTypeName(int ordinal) => Columns[ordinal].DeclaredType;
    /// <inheritdoc />
    [return: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.PublicProperties)]
    public override Type GetFieldType(int ordinal) => CanonicalType(Columns[ordinal].TypeClass);
    /// <inheritdoc />
    public override object GetValue(int ordinal) => Value(ordinal) ?? DBNull.Value;
    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < n; i++) values[i] = GetValue(i);
        return n;
    }
    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => Value(ordinal) is null or DBNull;
    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => (bool)Value(ordinal)!;
    /// <inheritdoc />
    public override byte GetByte(int ordinal) => Convert.ToByte(Value(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var b = (byte[])Value(ordinal)!;
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
    public override DateTime GetDateTime(int ordinal) => Value(ordinal) switch
    {
        DateTime d => d,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTimeOffset o => o.UtcDateTime,
        var v => (DateTime)v!,
    };
    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(Value(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override double GetDouble(int ordinal) => Convert.ToDouble(Value(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override float GetFloat(int ordinal) => Convert.ToSingle(Value(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => (Guid)Value(ordinal)!;
    /// <inheritdoc />
    public override short GetInt16(int ordinal) => Convert.ToInt16(Value(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override int GetInt32(int ordinal) => Convert.ToInt32(Value(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override long GetInt64(int ordinal) => Convert.ToInt64(Value(ordinal), CultureInfo.InvariantCulture);
    /// <inheritdoc />
    public override string GetString(int ordinal) => (string)Value(ordinal)!;
    /// <inheritdoc />
    public override T GetFieldValue<T>(int ordinal) => Value(ordinal) is T t ? t : (T)ValueCoercion.ToCanonical(Value(ordinal), Columns[ordinal].TypeClass)!;
    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => throw new NotSupportedException();
}
