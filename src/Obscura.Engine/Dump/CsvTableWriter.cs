using System.Data.Common;
using System.Globalization;
using System.Text;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Engine.Dump;

/// <summary>
/// One table as RFC 4180 CSV: a header row of column names, CRLF line ends, fields quoted when they hold a comma, quote
/// or line break. SQL NULL is an empty unquoted field and the empty string is <c>""</c>, so the two stay apart. Values
/// are in their invariant text form (<see cref="ValueCoercion.ToText"/>): ISO dates, UTC offsets, hex bytes.
/// </summary>
internal static class CsvTableWriter
{
    private const int ProgressInterval = 10_000;

    public static async Task<long> WriteAsync(TextWriter output, Table table, DbDataReader rows, Action<long>? progress, CancellationToken cancellationToken)
    {
        var columns = table.Columns;
        var row = new StringBuilder(256);
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0) row.Append(',');
            AppendField(row, columns[i].Name);
        }
        row.Append("\r\n");
        output.Write(row);

        var classes = columns.Select(c => c.TypeClass).ToArray();
        long count = 0;
        var column = -1;
        object? value = null;
        try
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row.Clear();
                for (column = 0; column < classes.Length; column++)
                {
                    if (column > 0) row.Append(',');
                    value = rows.GetValue(column);
                    if (value is DBNull) continue;
                    var canonical = value.GetType() == Data.CanonicalValueReader.CanonicalType(classes[column]) ? value : ValueCoercion.ToCanonical(value, classes[column])!;
                    AppendField(row, ValueCoercion.ToText(canonical));
                }
                column = -1;
                value = null;
                row.Append("\r\n");
                output.Write(row);
                if (++count % ProgressInterval == 0) progress?.Invoke(count);
            }
        }
        catch (Exception ex) when (column >= 0 && ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new ObscuraDatabaseException(
                $"row {(count + 1).ToString(CultureInfo.InvariantCulture)} of table {table.Name}: a {value?.GetType().Name} value of column \"{columns[column].Name}\" " +
                $"cannot be written as {classes[column]} ({ex.GetType().Name})");
        }
        progress?.Invoke(count);
        return count;
    }

    /// <summary>Appends a field, quoted (quotes doubled) when it is empty or holds a comma, quote, CR or LF.</summary>
    internal static void AppendField(StringBuilder row, string text)
    {
        if (text.Length > 0 && text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            row.Append(text);
            return;
        }
        row.Append('"');
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '"') continue;
            row.Append(text, start, i - start).Append("\"\"");
            start = i + 1;
        }
        row.Append(text, start, text.Length - start).Append('"');
    }
}
