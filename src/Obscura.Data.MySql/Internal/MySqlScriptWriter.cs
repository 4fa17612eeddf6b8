using System.Buffers;
using System.Globalization;
using System.Text;
using MySqlConnector;
using Obscura.Core.Schema;

namespace Obscura.Data.MySql.Internal;

/// <summary>
/// MariaDB/MySQL scripts for <c>mariadb db &lt; file</c>: multi-row INSERTs whose values are first made to suit each
/// column's storage by <see cref="MySqlValueCoercer"/> (as the bulk writer does), then written as literals: strings
/// with backslash escapes (the header fixes sql_mode without NO_BACKSLASH_ESCAPES), bytes as <c>X'..'</c>, geometry
/// through <c>ST_GeomFromWKB</c>, date-times in UTC (the header sets the session time zone to +00:00).
/// </summary>
internal sealed class MySqlScriptWriter : InsertScriptWriter
{
    private static readonly SearchValues<char> Escaped = SearchValues.Create("\\'\0\n\r\u001a");

    public MySqlScriptWriter(MySqlDialect dialect) : base(dialect)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Header { get; } =
    [
        "SET NAMES utf8mb4",
        "SET time_zone = '+00:00'",
        // Explicit, so a server default of NO_BACKSLASH_ESCAPES or ANSI_QUOTES cannot change how the literals read.
        "SET sql_mode = 'STRICT_TRANS_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'",
        "SET foreign_key_checks = 0",
        "SET unique_checks = 0",
    ];

    /// <inheritdoc />
    public override IReadOnlyList<string> Footer { get; } = ["SET foreign_key_checks = 1", "SET unique_checks = 1"];

    /// <inheritdoc />
    protected override bool IsWritten(Column column) => !MySqlBulkWriter.IsGenerated(column);

    /// <inheritdoc />
    protected override LiteralWriter CreateLiteral(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var storage = MySqlType.Parse(column.DeclaredType).Storage;
        return storage == MySqlStorage.Spatial
            ? (sql, value) => AppendGeometry(sql, MySqlValueCoercer.Coerce(value, storage))
            : (sql, value) => AppendLiteral(sql, MySqlValueCoercer.Coerce(value, storage));
    }

    private static void AppendGeometry(StringBuilder sql, object value)
    {
        sql.Append("ST_GeomFromWKB(");
        if (value is MySqlGeometry g) AppendBytes(sql, g.WKB.ToArray());
        else AppendLiteral(sql, value);
        sql.Append(')');
    }

    private static void AppendLiteral(StringBuilder sql, object value)
    {
        switch (value)
        {
            case string s:
                AppendString(sql, s);
                break;
            case bool b:
                sql.Append(b ? '1' : '0');
                break;
            case long or int or short or sbyte or byte or ushort or uint or ulong or decimal:
                sql.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                break;
            case double d:
                // MariaDB has no NaN or infinity: such a value cannot be loaded, so the dump stops here, naming the column.
                if (!double.IsFinite(d)) throw new OverflowException("not a finite number");
                sql.Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case float f:
                if (!float.IsFinite(f)) throw new OverflowException("not a finite number");
                sql.Append(f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case MySqlDecimal m:
                sql.Append(m.ToString());
                break;
            case DateOnly d:
                sql.Append('\'').Append(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\'');
                break;
            case DateTime dt:
                sql.Append('\'').Append(dt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)).Append('\'');
                break;
            case MySqlDateTime m:
                sql.Append('\'').Append(CultureInfo.InvariantCulture,
                    $"{m.Year:0000}-{m.Month:00}-{m.Day:00} {m.Hour:00}:{m.Minute:00}:{m.Second:00}.{m.Microsecond:000000}").Append('\'');
                break;
            case TimeSpan t:
                var abs = t.Duration();
                sql.Append('\'').Append(t < TimeSpan.Zero ? "-" : "").Append(CultureInfo.InvariantCulture,
                    $"{(long)abs.TotalHours:00}:{abs.Minutes:00}:{abs.Seconds:00}.{abs.Ticks % TimeSpan.TicksPerSecond / 10:000000}").Append('\'');
                break;
            case TimeOnly t:
                sql.Append('\'').Append(t.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture)).Append('\'');
                break;
            case byte[] bytes:
                AppendBytes(sql, bytes);
                break;
            case ReadOnlyMemory<byte> m:
                AppendBytes(sql, m.ToArray());
                break;
            case Memory<byte> m:
                AppendBytes(sql, m.ToArray());
                break;
            case ArraySegment<byte> m:
                AppendBytes(sql, m.ToArray());
                break;
            default:
                throw new InvalidCastException("no MariaDB literal for this type");
        }
    }

    private static void AppendBytes(StringBuilder sql, byte[] bytes)
    {
        sql.Append("X'");
        AppendHex(sql, bytes);
        sql.Append('\'');
    }

    /// <summary>A string literal with MariaDB's backslash escapes (NUL, quote, backslash, line breaks, Ctrl-Z).</summary>
    private static void AppendString(StringBuilder sql, string text)
    {
        sql.Append('\'');
        if (text.AsSpan().IndexOfAny(Escaped) < 0)
        {
            sql.Append(text).Append('\'');
            return;
        }
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var escape = text[i] switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '\0' => "\\0",
                '\n' => "\\n",
                '\r' => "\\r",
                '\u001a' => "\\Z",
                _ => null,
            };
            if (escape is null) continue;
            sql.Append(text, start, i - start).Append(escape);
            start = i + 1;
        }
        sql.Append(text, start, text.Length - start).Append('\'');
    }
}
