using System.Data.Common;
using System.Globalization;
using System.Text;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Data;

/// <summary>
/// Writes SQL text that the engine's own client tool (psql, mariadb, sqlite3) loads as is: session settings, DDL
/// statements, and every row of a table as literals. The data half of <c>obscura dump</c>; one instance per dialect,
/// stateless (per-table state lives in the call).
/// </summary>
public abstract class SqlScriptWriter
{
    /// <summary>Rows between progress callbacks.</summary>
    protected const int ProgressInterval = 10_000;

    /// <summary>Statements at the top of a script (session settings), without terminators.</summary>
    public abstract IReadOnlyList<string> Header { get; }

    /// <summary>Statements at the end of a script, without terminators.</summary>
    public virtual IReadOnlyList<string> Footer => [];

    /// <summary>Writes one statement (as <see cref="TableDdl"/> holds them) terminated for the client tool.</summary>
    public virtual void WriteStatement(TextWriter output, string sql)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(sql);
        output.Write(";\n");
    }

    /// <summary>
    /// Writes every row of <paramref name="rows"/> as data for <paramref name="table"/> (names and types in this dialect's
    /// terms, fields in column order); returns the number of rows. Memory stays bounded by one statement.
    /// </summary>
    /// <exception cref="ObscuraDatabaseException">A value cannot be written for its column (the message names the row and column, never the value).</exception>
    public abstract Task<long> WriteRowsAsync(TextWriter output, Table table, DbDataReader rows, Action<long>? progress, CancellationToken cancellationToken);

    /// <summary>The error for a value that has no literal in its column's type: row, column and CLR type only.</summary>
    protected static ObscuraDatabaseException ValueFailed(Table table, int column, long row, object? value, Exception? reason = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new ObscuraDatabaseException(
            $"row {row.ToString(CultureInfo.InvariantCulture)} of table {table.Name}: a {value?.GetType().Name ?? "null"} value of column \"{table.Columns[column].Name}\" " +
            $"cannot be written as {table.Columns[column].DeclaredType}{(reason is null ? "" : $" ({reason.GetType().Name})")}; map the column to a compatible type or transform it");
    }

    /// <summary>True for the exceptions a value conversion throws (their messages may quote the value: never surface them).</summary>
    protected static bool IsValueError(Exception ex) => ex is FormatException or InvalidCastException or OverflowException or ArgumentException;

    /// <summary>Appends the hex digits of <paramref name="bytes"/>.</summary>
    protected static void AppendHex(StringBuilder sql, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(bytes);
        Span<char> chunk = stackalloc char[512];
        for (var i = 0; i < bytes.Length; i += 256)
        {
            var n = Math.Min(256, bytes.Length - i);
            Convert.TryToHexString(bytes.AsSpan(i, n), chunk, out var written);
            sql.Append(chunk[..written]);
        }
    }

    /// <summary>Invariant round-trip text of a finite double that always reads back as a floating-point literal.</summary>
    protected static string FloatText(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E', 'N') >= 0 ? text : text + ".0";
    }
}

/// <summary>
/// A <see cref="SqlScriptWriter"/> whose data is multi-row <c>INSERT INTO t (cols) VALUES (...), (...);</c>
/// statements of about <see cref="StatementChars"/> characters each. Subclasses say how a value becomes a literal.
/// </summary>
public abstract class InsertScriptWriter : SqlScriptWriter
{
    /// <summary>Approximate size of one INSERT statement (well under MariaDB's default 16 MiB max_allowed_packet).</summary>
    public const int StatementChars = 1 << 20;

    /// <summary>Appends the literal for a non-null value of one column.</summary>
    public delegate void LiteralWriter(StringBuilder sql, object value);

    /// <summary>Creates the writer for <paramref name="dialect"/>'s quoting.</summary>
    protected InsertScriptWriter(SqlDialect dialect) => Dialect = dialect;

    /// <summary>The dialect whose quoting is used.</summary>
    protected SqlDialect Dialect { get; }

    /// <summary>False for columns whose values the server computes (generated columns): they are left out of the INSERT.</summary>
    protected virtual bool IsWritten(Column column) => true;

    /// <summary>The literal writer for values of <paramref name="column"/> (created once per table).</summary>
    protected abstract LiteralWriter CreateLiteral(Column column);

    /// <inheritdoc />
    public override async Task<long> WriteRowsAsync(TextWriter output, Table table, DbDataReader rows, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var ordinals = Enumerable.Range(0, table.Columns.Count).Where(i => IsWritten(table.Columns[i])).ToArray();
        var literals = ordinals.Select(i => CreateLiteral(table.Columns[i])).ToArray();
        var insert = $"INSERT INTO {Dialect.Qualify(table.Name)} ({string.Join(", ", ordinals.Select(i => Dialect.Quote(table.Columns[i].Name)))}) VALUES\n";
        var row = new StringBuilder(256);
        long count = 0;
        long statementChars = 0;
        var column = -1;
        object? value = null;
        try
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row.Clear();
                row.Append('(');
                for (var j = 0; j < ordinals.Length; j++)
                {
                    column = ordinals[j];
                    if (j > 0) row.Append(',');
                    value = rows.GetValue(column);
                    if (value is DBNull) row.Append("NULL");
                    else literals[j](row, value);
                }
                column = -1;
                value = null;
                row.Append(')');
                if (statementChars == 0)
                {
                    output.Write(insert);
                }
                else if (statementChars + row.Length > StatementChars)
                {
                    output.Write(";\n");
                    output.Write(insert);
                    statementChars = 0;
                }
                else
                {
                    output.Write(",\n");
                }
                output.Write(row);
                statementChars += row.Length + 2;
                if (++count % ProgressInterval == 0) progress?.Invoke(count);
            }
        }
        catch (Exception ex) when (column >= 0 && IsValueError(ex))
        {
            throw ValueFailed(table, column, count + 1, value, ex);
        }
        if (statementChars > 0) output.Write(";\n");
        progress?.Invoke(count);
        return count;
    }

    /// <summary>Appends <paramref name="text"/> between single quotes, doubling single quotes (standard SQL).</summary>
    protected static void AppendQuoted(StringBuilder sql, string text)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(text);
        sql.Append('\'');
        if (!text.Contains('\'', StringComparison.Ordinal))
        {
            sql.Append(text).Append('\'');
            return;
        }
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\'') continue;
            sql.Append(text, start, i - start).Append("''");
            start = i + 1;
        }
        sql.Append(text, start, text.Length - start).Append('\'');
    }
}
