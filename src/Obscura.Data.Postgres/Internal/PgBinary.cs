using System.Buffers.Binary;
using System.Text;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// PostgreSQL's binary COPY field formats for the types the raw copy path handles: decoding to canonical values
/// (for columns a strategy reads) and encoding canonical values back (for columns it changed). Everything else in a
/// raw copy moves as the bytes PostgreSQL sent.
/// </summary>
internal static class PgBinary
{
    /// <summary>COPY BINARY file header: signature, flags, header-extension length.</summary>
    public static ReadOnlySpan<byte> Header => HeaderBytes;

    private static readonly byte[] HeaderBytes = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly int EpochDay = new DateOnly(2000, 1, 1).DayNumber;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>True when values of this wire type can be decoded and encoded here.</summary>
    public static bool Supports(PostgresType type) => type is PostgresType.Smallint or PostgresType.Integer or PostgresType.Bigint
        or PostgresType.Real or PostgresType.Double or PostgresType.Boolean or PostgresType.Date or PostgresType.Timestamp
        or PostgresType.TimestampTz or PostgresType.Uuid or PostgresType.Text or PostgresType.Json or PostgresType.Jsonb or PostgresType.Bytea;

    /// <summary>The canonical value of a non-NULL field.</summary>
    public static object Decode(ReadOnlySpan<byte> field, PostgresType type) => type switch
    {
        PostgresType.Smallint => (long)BinaryPrimitives.ReadInt16BigEndian(field),
        PostgresType.Integer => (long)BinaryPrimitives.ReadInt32BigEndian(field),
        PostgresType.Bigint => BinaryPrimitives.ReadInt64BigEndian(field),
        PostgresType.Real => (double)BinaryPrimitives.ReadSingleBigEndian(field),
        PostgresType.Double => BinaryPrimitives.ReadDoubleBigEndian(field),
        PostgresType.Boolean => field[0] != 0,
        PostgresType.Date => DecodeDate(BinaryPrimitives.ReadInt32BigEndian(field)),
        PostgresType.Timestamp => DecodeTimestamp(BinaryPrimitives.ReadInt64BigEndian(field), DateTimeKind.Unspecified),
        PostgresType.TimestampTz => new DateTimeOffset(DecodeTimestamp(BinaryPrimitives.ReadInt64BigEndian(field), DateTimeKind.Unspecified), TimeSpan.Zero),
        PostgresType.Uuid => new Guid(field, bigEndian: true),
        PostgresType.Text or PostgresType.Json => Utf8.GetString(field),
        // jsonb: a version byte (1), then the text.
        PostgresType.Jsonb => Utf8.GetString(field[1..]),
        PostgresType.Bytea => field.ToArray(),
        _ => throw new NotSupportedException($"no raw decoding for {type}"),
    };

    /// <summary>
    /// Writes a field (length prefix and bytes; -1 for NULL) for a canonical value into <paramref name="output"/>.
    /// </summary>
    /// <exception cref="InvalidCastException">The value is not of the column's canonical type.</exception>
    /// <exception cref="OverflowException">The value does not fit the wire type.</exception>
    public static void Encode(object? value, PostgresType type, ByteBuffer output)
    {
        if (value is null or DBNull)
        {
            output.WriteInt32(-1);
            return;
        }
        switch (type)
        {
            case PostgresType.Smallint:
                output.WriteInt32(2);
                output.WriteInt16(checked((short)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case PostgresType.Integer:
                output.WriteInt32(4);
                output.WriteInt32(checked((int)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case PostgresType.Bigint:
                output.WriteInt32(8);
                output.WriteInt64(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case PostgresType.Real:
                output.WriteInt32(4);
                output.WriteInt32(BitConverter.SingleToInt32Bits((float)Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case PostgresType.Double:
                output.WriteInt32(8);
                output.WriteInt64(BitConverter.DoubleToInt64Bits(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case PostgresType.Boolean:
                output.WriteInt32(1);
                output.WriteByte((bool)value ? (byte)1 : (byte)0);
                break;
            case PostgresType.Date:
                output.WriteInt32(4);
                output.WriteInt32(EncodeDate(value));
                break;
            case PostgresType.Timestamp:
                output.WriteInt32(8);
                output.WriteInt64(EncodeTimestamp(value switch
                {
                    DateTime t => t,
                    DateTimeOffset o => o.UtcDateTime,
                    DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                    _ => throw new InvalidCastException($"a {value.GetType().Name} is not a timestamp"),
                }));
                break;
            case PostgresType.TimestampTz:
                output.WriteInt32(8);
                output.WriteInt64(EncodeTimestamp(value switch
                {
                    DateTimeOffset o => o.UtcDateTime,
                    DateTime t => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t,
                    DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                    _ => throw new InvalidCastException($"a {value.GetType().Name} is not a timestamp"),
                }));
                break;
            case PostgresType.Uuid:
                output.WriteInt32(16);
                ((Guid)value).TryWriteBytes(output.Reserve(16), bigEndian: true, out _);
                break;
            case PostgresType.Text or PostgresType.Json:
                output.WriteText(value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!, prefix: null);
                break;
            case PostgresType.Jsonb:
                output.WriteText((string)value, prefix: 1);
                break;
            case PostgresType.Bytea:
                var bytes = (byte[])value;
                output.WriteInt32(bytes.Length);
                bytes.CopyTo(output.Reserve(bytes.Length));
                break;
            default:
                throw new NotSupportedException($"no raw encoding for {type}");
        }
    }

    /// <summary>A date field.</summary>
    public static DateOnly DecodeDay(ReadOnlySpan<byte> field) => DecodeDate(BinaryPrimitives.ReadInt32BigEndian(field));

    /// <summary>A timestamptz field as a UTC instant.</summary>
    public static DateTimeOffset DecodeInstant(ReadOnlySpan<byte> field) =>
        new(DecodeTimestamp(BinaryPrimitives.ReadInt64BigEndian(field), DateTimeKind.Unspecified), TimeSpan.Zero);

    // PostgreSQL's infinity dates and timestamps have no .NET value: they come out as the ends of the range.
    private static DateOnly DecodeDate(int days) => days switch
    {
        int.MaxValue => DateOnly.MaxValue,
        int.MinValue => DateOnly.MinValue,
        _ => DateOnly.FromDayNumber(EpochDay + days),
    };

    private static int EncodeDate(object value)
    {
        var day = value switch
        {
            DateOnly d => d,
            DateTime t => DateOnly.FromDateTime(t),
            DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
            _ => throw new InvalidCastException($"a {value.GetType().Name} is not a date"),
        };
        if (day == DateOnly.MaxValue) return int.MaxValue;
        if (day == DateOnly.MinValue) return int.MinValue;
        return day.DayNumber - EpochDay;
    }

    private static DateTime DecodeTimestamp(long micros, DateTimeKind kind) => micros switch
    {
        long.MaxValue => DateTime.SpecifyKind(DateTime.MaxValue, kind),
        long.MinValue => DateTime.SpecifyKind(DateTime.MinValue, kind),
        _ => new DateTime(Epoch.Ticks + micros * 10, kind),
    };

    private static long EncodeTimestamp(DateTime t)
    {
        if (t == DateTime.MaxValue) return long.MaxValue;
        if (t == DateTime.MinValue) return long.MinValue;
        return (t.Ticks - Epoch.Ticks) / 10;
    }
}

/// <summary>A growable big-endian byte buffer for building COPY data.</summary>
internal sealed class ByteBuffer(int capacity)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _bytes = new byte[capacity];

    /// <summary>Bytes written.</summary>
    public int Length { get; private set; }

    /// <summary>The written bytes.</summary>
    public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, Length);

    /// <summary>Forgets the content, keeping the memory.</summary>
    public void Clear() => Length = 0;

    /// <summary>Room for <paramref name="count"/> bytes at the end, counted as written.</summary>
    public Span<byte> Reserve(int count)
    {
        if (Length + count > _bytes.Length) Array.Resize(ref _bytes, Math.Max(Length + count, _bytes.Length * 2));
        var span = _bytes.AsSpan(Length, count);
        Length += count;
        return span;
    }

    public void WriteByte(byte value) => Reserve(1)[0] = value;
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);
    public void Write(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>A text field: length prefix, optional version byte, UTF-8 bytes.</summary>
    public void WriteText(string text, byte? prefix)
    {
        var extra = prefix is null ? 0 : 1;
        var max = Utf8.GetMaxByteCount(text.Length);
        if (Length + 4 + extra + max > _bytes.Length) Array.Resize(ref _bytes, Math.Max(Length + 4 + extra + max, _bytes.Length * 2));
        var lengthAt = Length;
        Length += 4;
        if (prefix is { } p) _bytes[Length++] = p;
        var written = Utf8.GetBytes(text, _bytes.AsSpan(Length));
        Length += written;
        BinaryPrimitives.WriteInt32BigEndian(_bytes.AsSpan(lengthAt), written + extra);
    }
}
