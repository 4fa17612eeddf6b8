using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Obscura.Core.Schema;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// Chooses a <see cref="FieldWriter"/> for a target column from its wire type and the reader's field type. When the
/// reader already yields the CLR type Npgsql encodes, the value goes through typed getters and the generic
/// <see cref="NpgsqlBinaryImporter.WriteAsync{T}(T, NpgsqlDbType, CancellationToken)"/> without boxing; otherwise it is
/// coerced with <see cref="ValueCoercion.ToCanonical"/> first.
/// </summary>
internal static class BinaryFieldWriters
{
    /// <summary>The writer for one column.</summary>
    public static FieldWriter Create(PostgresType wire, Type source) => wire switch
    {
        PostgresType.Smallint => Smallint(source),
        PostgresType.Integer => Integer(source),
        PostgresType.Bigint => Bigint(source),
        PostgresType.Numeric => Numeric(source),
        PostgresType.Money => source == typeof(decimal)
            ? Typed(static (r, i) => r.GetDecimal(i), NpgsqlDbType.Money)
            : Typed(static (r, i) => (decimal)Coerce(r, i, TypeClass.Decimal), NpgsqlDbType.Money),
        PostgresType.Real => Real(source),
        PostgresType.Double => Double(source),
        PostgresType.Boolean => source == typeof(bool)
            ? Typed(static (r, i) => r.GetBoolean(i), NpgsqlDbType.Boolean)
            : Typed(static (r, i) => (bool)Coerce(r, i, TypeClass.Boolean), NpgsqlDbType.Boolean),
        PostgresType.Date => Date(source),
        PostgresType.Timestamp => Timestamp(source),
        PostgresType.TimestampTz => TimestampTz(source),
        PostgresType.Time => Time(source),
        PostgresType.Uuid => source == typeof(Guid)
            ? Typed(static (r, i) => r.GetGuid(i), NpgsqlDbType.Uuid)
            : Typed(static (r, i) => (Guid)Coerce(r, i, TypeClass.Uuid), NpgsqlDbType.Uuid),
        PostgresType.Json => Json(source, NpgsqlDbType.Json),
        PostgresType.Jsonb => Json(source, NpgsqlDbType.Jsonb),
        PostgresType.Bytea => source == typeof(byte[])
            ? Typed(static (r, i) => r.GetFieldValue<byte[]>(i), NpgsqlDbType.Bytea)
            : Typed(static (r, i) => (byte[])Coerce(r, i, TypeClass.Binary), NpgsqlDbType.Bytea),
        PostgresType.Text => source == typeof(string)
            ? Typed(static (r, i) => r.GetString(i), NpgsqlDbType.Text)
            : Typed(static (r, i) => ValueCoercion.ToText(r.GetValue(i)), NpgsqlDbType.Text),
        _ => throw new ArgumentOutOfRangeException(nameof(wire), wire, "the column needs text COPY"),
    };

    private static FieldWriter Typed<T>(Func<DbDataReader, int, T> get, NpgsqlDbType type) =>
        (importer, reader, ordinal, cancellationToken) => reader.IsDBNull(ordinal)
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(get(reader, ordinal), type, cancellationToken);

    private static object Coerce(DbDataReader reader, int ordinal, TypeClass typeClass) =>
        ValueCoercion.ToCanonical(reader.GetValue(ordinal), typeClass)!;

    // Narrowing uses checked conversions: an OverflowException names the column (never the value) upstream.
    private static FieldWriter Smallint(Type source) =>
        source == typeof(short) ? Typed(static (r, i) => r.GetInt16(i), NpgsqlDbType.Smallint)
        : source == typeof(int) ? Typed(static (r, i) => checked((short)r.GetInt32(i)), NpgsqlDbType.Smallint)
        : source == typeof(long) ? Typed(static (r, i) => checked((short)r.GetInt64(i)), NpgsqlDbType.Smallint)
        : Typed(static (r, i) => checked((short)(long)Coerce(r, i, TypeClass.Integer)), NpgsqlDbType.Smallint);

    private static FieldWriter Integer(Type source) =>
        source == typeof(int) ? Typed(static (r, i) => r.GetInt32(i), NpgsqlDbType.Integer)
        : source == typeof(short) ? Typed(static (r, i) => (int)r.GetInt16(i), NpgsqlDbType.Integer)
        : source == typeof(long) ? Typed(static (r, i) => checked((int)r.GetInt64(i)), NpgsqlDbType.Integer)
        : Typed(static (r, i) => checked((int)(long)Coerce(r, i, TypeClass.Integer)), NpgsqlDbType.Integer);

    private static FieldWriter Bigint(Type source) =>
        source == typeof(long) ? Typed(static (r, i) => r.GetInt64(i), NpgsqlDbType.Bigint)
        : source == typeof(int) ? Typed(static (r, i) => (long)r.GetInt32(i), NpgsqlDbType.Bigint)
        : source == typeof(short) ? Typed(static (r, i) => (long)r.GetInt16(i), NpgsqlDbType.Bigint)
        : Typed(static (r, i) => (long)Coerce(r, i, TypeClass.Integer), NpgsqlDbType.Bigint);

    private static FieldWriter Numeric(Type source) =>
        source == typeof(decimal) ? Typed(static (r, i) => r.GetDecimal(i), NpgsqlDbType.Numeric)
        // Text numerics (wider than decimal, NaN, infinity) are encoded exactly; bytea writes the bytes as they are.
        : source == typeof(string) ? Typed(static (r, i) => NumericEncoder.Encode(r.GetString(i)), NpgsqlDbType.Bytea)
        : Typed(static (r, i) => r.GetValue(i) is string s ? NumericEncoder.Encode(s) : NumericBytes((decimal)Coerce(r, i, TypeClass.Decimal)), NpgsqlDbType.Bytea);

    private static byte[] NumericBytes(decimal value) => NumericEncoder.Encode(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static FieldWriter Real(Type source) =>
        source == typeof(float) ? Typed(static (r, i) => r.GetFloat(i), NpgsqlDbType.Real)
        : source == typeof(double) ? Typed(static (r, i) => (float)r.GetDouble(i), NpgsqlDbType.Real)
        : Typed(static (r, i) => (float)(double)Coerce(r, i, TypeClass.Float), NpgsqlDbType.Real);

    private static FieldWriter Double(Type source) =>
        source == typeof(double) ? Typed(static (r, i) => r.GetDouble(i), NpgsqlDbType.Double)
        : source == typeof(float) ? Typed(static (r, i) => (double)r.GetFloat(i), NpgsqlDbType.Double)
        : Typed(static (r, i) => (double)Coerce(r, i, TypeClass.Float), NpgsqlDbType.Double);

    private static FieldWriter Date(Type source) =>
        source == typeof(DateOnly) ? Typed(static (r, i) => r.GetFieldValue<DateOnly>(i), NpgsqlDbType.Date)
        : source == typeof(DateTime) ? Typed(static (r, i) => DateOnly.FromDateTime(r.GetDateTime(i)), NpgsqlDbType.Date)
        : Typed(static (r, i) => (DateOnly)Coerce(r, i, TypeClass.Date), NpgsqlDbType.Date);

    private static FieldWriter Timestamp(Type source) =>
        source == typeof(DateTime) ? Typed(static (r, i) => Unspecified(r.GetDateTime(i)), NpgsqlDbType.Timestamp)
        : Typed(static (r, i) => Unspecified((DateTime)Coerce(r, i, TypeClass.DateTime)), NpgsqlDbType.Timestamp);

    private static FieldWriter TimestampTz(Type source) =>
        source == typeof(DateTime) ? Typed(static (r, i) => Utc(r.GetDateTime(i)), NpgsqlDbType.TimestampTz)
        : source == typeof(DateTimeOffset) ? Typed(static (r, i) => r.GetFieldValue<DateTimeOffset>(i).UtcDateTime, NpgsqlDbType.TimestampTz)
        : Typed(static (r, i) => ((DateTimeOffset)Coerce(r, i, TypeClass.DateTimeOffset)).UtcDateTime, NpgsqlDbType.TimestampTz);

    private static FieldWriter Time(Type source) =>
        source == typeof(TimeOnly) ? Typed(static (r, i) => r.GetFieldValue<TimeOnly>(i), NpgsqlDbType.Time)
        : source == typeof(TimeSpan) ? Typed(static (r, i) => r.GetFieldValue<TimeSpan>(i), NpgsqlDbType.Time)
        : Typed(static (r, i) => (TimeSpan)Coerce(r, i, TypeClass.Time), NpgsqlDbType.Time);

    private static FieldWriter Json(Type source, NpgsqlDbType type) =>
        source == typeof(string)
            ? Typed(static (r, i) => r.GetString(i), type)
            : Typed(static (r, i) => (string)Coerce(r, i, TypeClass.Json), type);

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
