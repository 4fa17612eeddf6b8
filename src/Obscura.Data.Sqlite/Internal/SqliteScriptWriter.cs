using System.Globalization;
using System.Text;
using Obscura.Core.Schema;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>
/// SQLite scripts for <c>sqlite3 -bail db &lt; file</c>: one transaction of multi-row INSERTs whose values are stored exactly
/// as the bulk writer stores them (<see cref="SqliteValues"/>): integers, reals (infinities as <c>9e999</c>), text with
/// doubled quotes (NUL through <c>char(0)</c>), blobs as <c>X'..'</c>.
/// </summary>
internal sealed class SqliteScriptWriter : InsertScriptWriter
{
    public SqliteScriptWriter(SqliteDialect dialect) : base(dialect)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Header { get; } = ["PRAGMA foreign_keys = OFF", "BEGIN TRANSACTION"];

    /// <inheritdoc />
    public override IReadOnlyList<string> Footer { get; } = ["COMMIT"];

    /// <inheritdoc />
    protected override LiteralWriter CreateLiteral(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var typeClass = column.TypeClass;
        var affinity = SqliteTypes.Affinity(column.DeclaredType);
        return (sql, value) => AppendStorage(sql, SqliteValues.ToStorage(value, typeClass, affinity));
    }

    private static void AppendStorage(StringBuilder sql, object value)
    {
        switch (value)
        {
            case DBNull:
                sql.Append("NULL");
                break;
            case long l:
                sql.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sql.Append(double.IsPositiveInfinity(d) ? "9e999" : double.IsNegativeInfinity(d) ? "-9e999" : FloatText(d));
                break;
            case string s:
                AppendText(sql, s);
                break;
            case byte[] bytes:
                sql.Append("X'");
                AppendHex(sql, bytes);
                sql.Append('\'');
                break;
            default:
                throw new InvalidCastException("no SQLite literal for this type");
        }
    }

    /// <summary>A quoted string; a NUL cannot stand in a literal, so it is concatenated in as <c>char(0)</c>.</summary>
    private static void AppendText(StringBuilder sql, string text)
    {
        if (!text.Contains('\0', StringComparison.Ordinal))
        {
            AppendQuoted(sql, text);
            return;
        }
        var parts = text.Split('\0');
        sql.Append('(');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) sql.Append(" || char(0) || ");
            AppendQuoted(sql, parts[i]);
        }
        sql.Append(')');
    }
}
