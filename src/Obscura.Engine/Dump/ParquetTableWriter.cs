using System.Data.Common;
using System.Globalization;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Parquet;
using Parquet.Schema;

namespace Obscura.Engine.Dump;

/// <summary>
/// One table as a Parquet file with typed columns: integers int64, decimals of known precision (≤ 38) DECIMAL, floats
/// double, booleans, dates DATE, date-times TIMESTAMP (microseconds; instants adjusted to UTC), times TIME, bytes
/// BINARY; text, JSON, UUIDs, other types and decimals of unknown precision UTF-8 strings. Rows are buffered per column
/// and written as row groups of at most <see cref="RowGroupRows"/> rows or about <see cref="RowGroupBytes"/> of
/// variable-length data, so memory stays bounded whatever the table's size.
/// </summary>
internal static class ParquetTableWriter
{
    /// <summary>Most rows in one row group.</summary>
    public const int RowGroupRows = 100_000;

    /// <summary>Approximate variable-length bytes (text, blobs) buffered before a row group is written.</summary>
    public const long RowGroupBytes = 64L << 20;

    private const int ProgressInterval = 10_000;

    public static async Task<long> WriteAsync(Stream output, Table table, DbDataReader rows, bool gzip, Action<long>? progress, CancellationToken cancellationToken)
    {
        var buffers = table.Columns.Select(CreateBuffer).ToArray();
        var schema = new ParquetSchema(buffers.Select(b => b.Field));
        var options = new ParquetOptions { CompressionMethod = gzip ? CompressionMethod.Gzip : CompressionMethod.Snappy };
        await using var writer = await ParquetWriter.CreateAsync(schema, output, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        long count = 0;
        var buffered = 0;
        long bytes = 0;
        var column = -1;
        object? value = null;
        try
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                for (column = 0; column < buffers.Length; column++)
                {
                    value = rows.GetValue(column);
                    bytes += buffers[column].Add(value is DBNull ? null : value);
                }
                column = -1;
                value = null;
                count++;
                if (++buffered >= RowGroupRows || bytes >= RowGroupBytes)
                {
                    await FlushAsync(writer, buffers, buffered, cancellationToken).ConfigureAwait(false);
                    buffered = 0;
                    bytes = 0;
                }
                if (count % ProgressInterval == 0) progress?.Invoke(count);
            }
        }
        catch (Exception ex) when (column >= 0 && ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new ObscuraDatabaseException(
                $"row {(count + 1).ToString(CultureInfo.InvariantCulture)} of table {table.Name}: a {value?.GetType().Name} value of column \"{table.Columns[column].Name}\" " +
                $"cannot be written to Parquet as {table.Columns[column].TypeClass} ({ex.GetType().Name})");
        }
        // An empty table still gets one (empty) row group, so readers see its schema and zero rows.
        if (buffered > 0 || count == 0) await FlushAsync(writer, buffers, buffered, cancellationToken).ConfigureAwait(false);
        progress?.Invoke(count);
        return count;
    }

    private static async Task FlushAsync(ParquetWriter writer, ColumnBuffer[] buffers, int rows, CancellationToken ct)
    {
        using var group = writer.CreateRowGroup();
        foreach (var b in buffers) await b.WriteAsync(group, rows, ct).ConfigureAwait(false);
        group.CompleteValidate();
    }

    private static ColumnBuffer CreateBuffer(Column column)
    {
        var name = column.Name;
        return column.TypeClass switch
        {
            TypeClass.Integer => new StructBuffer<long>(new DataField<long?>(name), TypeClass.Integer, v => (long)v),
            TypeClass.Decimal when column.Precision is > 0 and <= 38 && column.Scale is >= 0 && column.Scale <= column.Precision =>
                new StructBuffer<decimal>(new DecimalDataField(name, column.Precision.Value, column.Scale.Value, isNullable: true), TypeClass.Decimal, v => (decimal)v),
            TypeClass.Float => new StructBuffer<double>(new DataField<double?>(name), TypeClass.Float, v => (double)v),
            TypeClass.Boolean => new StructBuffer<bool>(new DataField<bool?>(name), TypeClass.Boolean, v => (bool)v),
            TypeClass.Date => new StructBuffer<DateTime>(new DateTimeDataField(name, DateTimeFormat.Date, isNullable: true), TypeClass.Date,
                v => ((DateOnly)v).ToDateTime(TimeOnly.MinValue)),
            TypeClass.DateTime => new StructBuffer<DateTime>(new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: true),
                TypeClass.DateTime, v => (DateTime)v),
            TypeClass.DateTimeOffset => new StructBuffer<DateTime>(new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
                TypeClass.DateTimeOffset, v => ((DateTimeOffset)v).UtcDateTime),
            // TIME(MICROS) is stored as microseconds since midnight.
            TypeClass.Time => new StructBuffer<long>(new TimeDataField(name, TimeUnitPrecision.Micros, isNullable: true), TypeClass.Time,
                v => ((TimeSpan)v).Ticks / (TimeSpan.TicksPerMillisecond / 1000)),
            TypeClass.Binary => new BytesBuffer(new DataField<byte[]>(name, nullable: true)),
            var other => new StringBuffer(new DataField<string>(name, nullable: true), other),
        };
    }

    private abstract class ColumnBuffer(DataField field)
    {
        public DataField Field { get; } = field;

        /// <summary>Adds a value (null for SQL NULL); returns the variable-length bytes it holds.</summary>
        public abstract long Add(object? value);

        public abstract Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken ct);
    }

    private sealed class StructBuffer<T>(DataField field, TypeClass typeClass, Func<object, T> convert) : ColumnBuffer(field) where T : struct
    {
        private readonly T?[] _values = new T?[RowGroupRows];
        private int _count;

        public override long Add(object? value)
        {
            _values[_count++] = value is null ? null : convert(value.GetType() == Data.CanonicalValueReader.CanonicalType(typeClass) ? value : ValueCoercion.ToCanonical(value, typeClass)!);
            return 0;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken ct)
        {
            await group.WriteAsync(Field, new ReadOnlyMemory<T?>(_values, 0, rows), cancellationToken: ct).ConfigureAwait(false);
            _count = 0;
        }
    }

    private sealed class StringBuffer(DataField field, TypeClass typeClass) : ColumnBuffer(field)
    {
        private readonly List<string?> _values = new(1024);

        public override long Add(object? value)
        {
            if (value is null)
            {
                _values.Add(null);
                return 0;
            }
            var text = value as string ?? ValueCoercion.ToText(ValueCoercion.ToCanonical(value, typeClass)!);
            _values.Add(text);
            return text.Length * 2L;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken ct)
        {
            await group.WriteAsync(Field, _values!).ConfigureAwait(false);
            _values.Clear();
        }
    }

    private sealed class BytesBuffer(DataField field) : ColumnBuffer(field)
    {
        private readonly List<byte[]?> _values = new(1024);

        public override long Add(object? value)
        {
            var bytes = value is null ? null : value as byte[] ?? (byte[])ValueCoercion.ToCanonical(value, TypeClass.Binary)!;
            _values.Add(bytes);
            return bytes?.Length ?? 0;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, int rows, CancellationToken ct)
        {
            await group.WriteAsync(Field, _values!).ConfigureAwait(false);
            _values.Clear();
        }
    }
}
