using System.Data.Common;
using System.Globalization;
using Obscura.Core.Schema;

namespace Obscura.Engine.Sampling.Internal;

/// <summary>What a column is to the sampler.</summary>
internal enum FieldKind
{
    /// <summary>Integers, decimals, floats: compared as numbers.</summary>
    Number,
    /// <summary>Dates, timestamps, times of day: compared as seconds (days for dates).</summary>
    Temporal,
    /// <summary>false/true as 0/1.</summary>
    Boolean,
    /// <summary>Text: lengths, empty strings, categories.</summary>
    Text,
    /// <summary>Anything else: only NULL or not (PII filled, NULL boundaries).</summary>
    Opaque,
}

/// <summary>
/// One selected column of the sampled table and how its values are read: as a number (<see cref="Number"/>) for numbers,
/// times and booleans, as text for text. Typed driver getters are used where the driver's field type allows it, so a scan
/// of millions of rows does not box every value; anything else goes through <see cref="ValueCoercion"/>.
/// </summary>
internal sealed class SampleField
{
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private Getter _getter = Getter.Unknown;

    public SampleField(Column column, int ordinal)
    {
        Column = column;
        Ordinal = ordinal;
        Kind = column.TypeClass switch
        {
            TypeClass.Integer or TypeClass.Decimal or TypeClass.Float => FieldKind.Number,
            TypeClass.Date or TypeClass.DateTime or TypeClass.DateTimeOffset or TypeClass.Time => FieldKind.Temporal,
            TypeClass.Boolean => FieldKind.Boolean,
            TypeClass.Text => FieldKind.Text,
            _ => FieldKind.Opaque,
        };
    }

    public Column Column { get; }
    public string Name => Column.Name;
    /// <summary>The column's position in the scan's SELECT.</summary>
    public int Ordinal { get; }
    public FieldKind Kind { get; }
    public bool IsNumeric => Kind is FieldKind.Number or FieldKind.Temporal or FieldKind.Boolean;

    private enum Getter { Unknown, Int64, Int32, Int16, Byte, Double, Single, Decimal, Boolean, DateTime, DateTimeOffset, String, Generic }

    /// <summary>
    /// Text read as its length only (the scan selects <c>char_length(column)</c>): the scoring pass needs no more of text
    /// that is not a category, and an integer crosses the wire and the driver far cheaper than the string.
    /// </summary>
    public bool LengthOnly { get; set; }

    /// <summary>Decides the typed getter from the driver's field type (SQLite's types vary by row: always the generic path).</summary>
    public void Bind(DbDataReader reader, bool typed)
    {
        if (!typed)
        {
            _getter = Getter.Generic;
            return;
        }
        var type = reader.GetFieldType(Ordinal);
        _getter = Kind switch
        {
            FieldKind.Text when !LengthOnly => type == typeof(string) ? Getter.String : Getter.Generic,
            FieldKind.Opaque => Getter.Generic,
            _ when type == typeof(long) => Getter.Int64,
            _ when type == typeof(int) => Getter.Int32,
            _ when type == typeof(short) => Getter.Int16,
            _ when type == typeof(byte) => Getter.Byte,
            _ when type == typeof(double) => Getter.Double,
            _ when type == typeof(float) => Getter.Single,
            _ when type == typeof(decimal) => Getter.Decimal,
            _ when type == typeof(bool) => Getter.Boolean,
            _ when type == typeof(DateTime) => Getter.DateTime,
            _ when type == typeof(DateTimeOffset) => Getter.DateTimeOffset,
            _ => Getter.Generic,
        };
    }

    /// <summary>The value as a number (NaN for NULL or a value that does not convert); for text, its length.</summary>
    public double Number(DbDataReader reader)
    {
        if (reader.IsDBNull(Ordinal)) return double.NaN;
        try
        {
            return _getter switch
            {
                Getter.Int64 => reader.GetInt64(Ordinal),
                Getter.Int32 => reader.GetInt32(Ordinal),
                Getter.Int16 => reader.GetInt16(Ordinal),
                Getter.Byte => reader.GetByte(Ordinal),
                Getter.Double => reader.GetDouble(Ordinal),
                Getter.Single => reader.GetFloat(Ordinal),
                Getter.Decimal => (double)reader.GetDecimal(Ordinal),
                Getter.Boolean => reader.GetBoolean(Ordinal) ? 1 : 0,
                Getter.DateTime => Seconds(reader.GetDateTime(Ordinal)),
                Getter.DateTimeOffset => Seconds(reader.GetFieldValue<DateTimeOffset>(Ordinal).UtcDateTime),
                Getter.String => reader.GetString(Ordinal).Length,
                _ => ToNumber(reader.GetValue(Ordinal)),
            };
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            return double.NaN;
        }
    }

    /// <summary>The value as a 64-bit integer when the driver returns an integer type (no boxing); false otherwise.</summary>
    public bool TryInteger(DbDataReader reader, out long value)
    {
        switch (_getter)
        {
            case Getter.Int64:
                value = reader.GetInt64(Ordinal);
                return true;
            case Getter.Int32:
                value = reader.GetInt32(Ordinal);
                return true;
            case Getter.Int16:
                value = reader.GetInt16(Ordinal);
                return true;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>The value as text (null for NULL): text columns and stratum labels.</summary>
    public string? Text(DbDataReader reader)
    {
        if (reader.IsDBNull(Ordinal)) return null;
        if (_getter == Getter.String) return reader.GetString(Ordinal);
        var value = reader.GetValue(Ordinal);
        return value switch
        {
            string s => s,
            DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            byte[] b => Convert.ToHexString(b),
            _ => value.ToString(),
        };
    }

    private double ToNumber(object value)
    {
        if (LengthOnly) return value is IConvertible c ? c.ToDouble(CultureInfo.InvariantCulture) : double.NaN;
        object? canonical;
        try
        {
            canonical = ValueCoercion.ToCanonical(value, Column.TypeClass);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            return double.NaN;
        }
        return canonical switch
        {
            null => double.NaN,
            long l => l,
            decimal m => (double)m,
            double d => d,
            bool b => b ? 1 : 0,
            // Dates in days, timestamps in seconds since 2000: doubles keep microseconds exact for centuries around it.
            DateOnly d => d.DayNumber,
            DateTime t => Seconds(t),
            DateTimeOffset o => Seconds(o.UtcDateTime),
            TimeSpan s => s.TotalSeconds,
            string s => s.Length,
            _ => double.NaN,
        };
    }

    private static double Seconds(DateTime value) => (value.Ticks - Epoch.Ticks) / (double)TimeSpan.TicksPerSecond;
}
