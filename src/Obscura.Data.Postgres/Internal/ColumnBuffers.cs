using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Obscura.Core.Schema;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// Chooses a <see cref="ColumnBuffer"/> for a target column, once per table, from its wire type and the reader's field
/// type. When the reader already yields the CLR type Npgsql encodes, values go through typed getters into a typed buffer
/// and out through the generic <see cref="NpgsqlBinaryImporter.WriteAsync{T}(T, NpgsqlDbType, CancellationToken)"/>,
/// never boxed; otherwise they are coerced with <see cref="ValueCoercion.ToCanonical"/> first.
/// </summary>
internal static class ColumnBuffers
{
    /// <summary>The buffer for one column, with <paramref name="capacity"/> slots.</summary>
    public static ColumnBuffer Create(PostgresType wire, Type source, int capacity) => wire switch
    {
        PostgresType.Smallint => Smallint(source, capacity),
        PostgresType.Integer => Integer(source, capacity),
        PostgresType.Bigint => Bigint(source, capacity),
        PostgresType.Numeric => Numeric(source, capacity),
        PostgresType.Money => source == typeof(decimal)
            ? Typed(capacity, static (r, i) => r.GetDecimal(i), NpgsqlDbType.Money)
            : Typed(capacity, static (r, i) => (decimal)Coerce(r, i, TypeClass.Decimal), NpgsqlDbType.Money),
        PostgresType.Real => Real(source, capacity),
        PostgresType.Double => Double(source, capacity),
        PostgresType.Boolean => source == typeof(bool)
            ? Typed(capacity, static (r, i) => r.GetBoolean(i), NpgsqlDbType.Boolean)
            : Typed(capacity, static (r, i) => (bool)Coerce(r, i, TypeClass.Boolean), NpgsqlDbType.Boolean),
        PostgresType.Date => Date(source, capacity),
        PostgresType.Timestamp => Timestamp(source, capacity),
        PostgresType.TimestampTz => TimestampTz(source, capacity),
        PostgresType.Time => Time(source, capacity),
        PostgresType.Uuid => source == typeof(Guid)
            ? Typed(capacity, static (r, i) => r.GetGuid(i), NpgsqlDbType.Uuid)
            : Typed(capacity, static (r, i) => (Guid)Coerce(r, i, TypeClass.Uuid), NpgsqlDbType.Uuid),
        PostgresType.Json => Json(source, NpgsqlDbType.Json, capacity),
        PostgresType.Jsonb => Json(source, NpgsqlDbType.Jsonb, capacity),
        PostgresType.Bytea => source == typeof(byte[])
            ? Typed(capacity, static (r, i) => r.GetFieldValue<byte[]>(i), NpgsqlDbType.Bytea)
            : Typed(capacity, static (r, i) => (byte[])Coerce(r, i, TypeClass.Binary), NpgsqlDbType.Bytea),
        PostgresType.Text => source == typeof(string)
            ? Typed(capacity, static (r, i) => r.GetString(i), NpgsqlDbType.Text)
            : Typed(capacity, static (r, i) => ValueCoercion.ToText(r.GetValue(i)), NpgsqlDbType.Text),
        _ => throw new ArgumentOutOfRangeException(nameof(wire), wire, "the column needs text COPY"),
    };

    private static ColumnBuffer Typed<T>(int capacity, Func<DbDataReader, int, T> read, NpgsqlDbType type) => new TypedColumnBuffer<T>(read, type, capacity);

    private static object Coerce(DbDataReader reader, int ordinal, TypeClass typeClass) =>
        ValueCoercion.ToCanonical(reader.GetValue(ordinal), typeClass)!;

    // Narrowing uses checked conversions: an OverflowException names the column (never the value) upstream.
    private static ColumnBuffer Smallint(Type source, int capacity) =>
        source == typeof(short) ? Typed(capacity, static (r, i) => r.GetInt16(i), NpgsqlDbType.Smallint)
        : source == typeof(int) ? Typed(capacity, static (r, i) => checked((short)r.GetInt32(i)), NpgsqlDbType.Smallint)
        : source == typeof(long) ? Typed(capacity, static (r, i) => checked((short)r.GetInt64(i)), NpgsqlDbType.Smallint)
        : Typed(capacity, static (r, i) => checked((short)(long)Coerce(r, i, TypeClass.Integer)), NpgsqlDbType.Smallint);

    private static ColumnBuffer Integer(Type source, int capacity) =>
        source == typeof(int) ? Typed(capacity, static (r, i) => r.GetInt32(i), NpgsqlDbType.Integer)
        : source == typeof(short) ? Typed(capacity, static (r, i) => (int)r.GetInt16(i), NpgsqlDbType.Integer)
        : source == typeof(long) ? Typed(capacity, static (r, i) => checked((int)r.GetInt64(i)), NpgsqlDbType.Integer)
        : Typed(capacity, static (r, i) => checked((int)(long)Coerce(r, i, TypeClass.Integer)), NpgsqlDbType.Integer);

    private static ColumnBuffer Bigint(Type source, int capacity) =>
        source == typeof(long) ? Typed(capacity, static (r, i) => r.GetInt64(i), NpgsqlDbType.Bigint)
        : source == typeof(int) ? Typed(capacity, static (r, i) => (long)r.GetInt32(i), NpgsqlDbType.Bigint)
        : source == typeof(short) ? Typed(capacity, static (r, i) => (long)r.GetInt16(i), NpgsqlDbType.Bigint)
        : Typed(capacity, static (r, i) => (long)Coerce(r, i, TypeClass.Integer), NpgsqlDbType.Bigint);

    private static ColumnBuffer Numeric(Type source, int capacity) =>
        source == typeof(decimal) ? Typed(capacity, static (r, i) => r.GetDecimal(i), NpgsqlDbType.Numeric)
        // Text numerics (wider than decimal, NaN, infinity) are encoded exactly; bytea writes the bytes as they are.
        : source == typeof(string) ? Typed(capacity, static (r, i) => NumericEncoder.Encode(r.GetString(i)), NpgsqlDbType.Bytea)
        : Typed(capacity, static (r, i) => NumericBytes(r.GetValue(i)), NpgsqlDbType.Bytea);

    private static byte[] NumericBytes(object value) => NumericEncoder.Encode(value as string
        ?? ((decimal)ValueCoercion.ToCanonical(value, TypeClass.Decimal)!).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static ColumnBuffer Real(Type source, int capacity) =>
        source == typeof(float) ? Typed(capacity, static (r, i) => r.GetFloat(i), NpgsqlDbType.Real)
        : source == typeof(double) ? Typed(capacity, static (r, i) => (float)r.GetDouble(i), NpgsqlDbType.Real)
        : Typed(capacity, static (r, i) => (float)(double)Coerce(r, i, TypeClass.Float), NpgsqlDbType.Real);

    private static ColumnBuffer Double(Type source, int capacity) =>
        source == typeof(double) ? Typed(capacity, static (r, i) => r.GetDouble(i), NpgsqlDbType.Double)
        : source == typeof(float) ? Typed(capacity, static (r, i) => (double)r.GetFloat(i), NpgsqlDbType.Double)
        : Typed(capacity, static (r, i) => (double)Coerce(r, i, TypeClass.Float), NpgsqlDbType.Double);

    private static ColumnBuffer Date(Type source, int capacity) =>
        source == typeof(DateOnly) ? Typed(capacity, static (r, i) => r.GetFieldValue<DateOnly>(i), NpgsqlDbType.Date)
        : source == typeof(DateTime) ? Typed(capacity, static (r, i) => DateOnly.FromDateTime(r.GetDateTime(i)), NpgsqlDbType.Date)
        : Typed(capacity, static (r, i) => (DateOnly)Coerce(r, i, TypeClass.Date), NpgsqlDbType.Date);

    private static ColumnBuffer Timestamp(Type source, int capacity) =>
        source == typeof(DateTime) ? Typed(capacity, static (r, i) => Unspecified(r.GetDateTime(i)), NpgsqlDbType.Timestamp)
        : Typed(capacity, static (r, i) => Unspecified((DateTime)Coerce(r, i, TypeClass.DateTime)), NpgsqlDbType.Timestamp);

    private static ColumnBuffer TimestampTz(Type source, int capacity) =>
        source == typeof(DateTime) ? Typed(capacity, static (r, i) => Utc(r.GetDateTime(i)), NpgsqlDbType.TimestampTz)
        : source == typeof(DateTimeOffset) ? Typed(capacity, static (r, i) => r.GetFieldValue<DateTimeOffset>(i).UtcDateTime, NpgsqlDbType.TimestampTz)
        : Typed(capacity, static (r, i) => ((DateTimeOffset)Coerce(r, i, TypeClass.DateTimeOffset)).UtcDateTime, NpgsqlDbType.TimestampTz);

    private static ColumnBuffer Time(Type source, int capacity) =>
        source == typeof(TimeOnly) ? Typed(capacity, static (r, i) => r.GetFieldValue<TimeOnly>(i), NpgsqlDbType.Time)
        : source == typeof(TimeSpan) ? Typed(capacity, static (r, i) => r.GetFieldValue<TimeSpan>(i), NpgsqlDbType.Time)
        : Typed(capacity, static (r, i) => (TimeSpan)Coerce(r, i, TypeClass.Time), NpgsqlDbType.Time);

    private static ColumnBuffer Json(Type source, NpgsqlDbType type, int capacity) =>
        source == typeof(string)
            ? Typed(capacity, static (r, i) => r.GetString(i), type)
            : Typed(capacity, static (r, i) => (string)Coerce(r, i, TypeClass.Json), type);

    private static DateTime Unspecified(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? value : DateTime.SpecifyKind(value, DateTimeKind.Unspecified);

    // A zone-less value is taken as UTC, as ValueCoercion does.
    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
