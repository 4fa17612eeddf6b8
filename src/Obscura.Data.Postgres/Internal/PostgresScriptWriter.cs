using System.Data.Common;
using System.Text;
using Obscura.Core.Schema;

namespace Obscura.Data.Postgres.Internal;

/// <summary>
/// PostgreSQL scripts for <c>psql -f</c>: rows as <c>COPY t (cols) FROM stdin;</c> text blocks ended by <c>\.</c>,
/// formatted by <see cref="TextCopyFormatter"/> (the text COPY path of the bulk writer), so psql streams them to the
/// server the way pg_dump's scripts do.
/// </summary>
internal sealed class PostgresScriptWriter : SqlScriptWriter
{
    private readonly PostgresDialect _dialect;

    public PostgresScriptWriter(PostgresDialect dialect) => _dialect = dialect;

    /// <inheritdoc />
    public override IReadOnlyList<string> Header { get; } =
    [
        "SET statement_timeout = 0",
        "SET lock_timeout = 0",
        "SET client_encoding = 'UTF8'",
        "SET standard_conforming_strings = on",
        "SET check_function_bodies = false",
        "SET client_min_messages = warning",
        "SET TimeZone = 'UTC'",
    ];

    /// <inheritdoc />
    public override async Task<long> WriteRowsAsync(TextWriter output, Table table, DbDataReader rows, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var wires = table.Columns.Select(PostgresTypeNames.WireType).ToArray();
        var classes = table.Columns.Select(c => c.TypeClass).ToArray();
        output.Write($"COPY {_dialect.Qualify(table.Name)} ({string.Join(", ", table.Columns.Select(c => _dialect.Quote(c.Name)))}) FROM stdin;\n");
        var row = new StringBuilder(256);
        long count = 0;
        var column = -1;
        object? value = null;
        try
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row.Clear();
                for (column = 0; column < wires.Length; column++)
                {
                    if (column > 0) row.Append('\t');
                    value = rows.GetValue(column);
                    if (value is DBNull) row.Append("\\N");
                    else TextCopyFormatter.Append(row, value, classes[column], wires[column]);
                }
                column = -1;
                value = null;
                row.Append('\n');
                output.Write(row);
                if (++count % ProgressInterval == 0) progress?.Invoke(count);
            }
        }
        catch (Exception ex) when (column >= 0 && IsValueError(ex))
        {
            throw ValueFailed(table, column, count + 1, value, ex);
        }
        output.Write("\\.\n\n");
        progress?.Invoke(count);
        return count;
    }
}
