using System.Data.Common;
using System.Globalization;
using System.Text;
using Obscura.Core.Schema;

namespace Obscura.Engine.Discovery;

/// <summary>
/// Reads a sample of rows spread over a table, cheaply on large tables:
/// <list type="bullet">
/// <item>a table no larger than the sample is read whole;</item>
/// <item>PostgreSQL: <c>TABLESAMPLE SYSTEM</c> (whole pages; large tables) or <c>BERNOULLI</c> (rows), with a plain read as fallback;</item>
/// <item>rates aim at 1.5 times the sample; what comes back is thinned evenly (never cut at the end, which would keep only the
/// first part of the table);</item>
/// <item>a single integer key (or SQLite's rowid): ten short key-ordered runs starting at evenly spaced key values,
/// each an index range read, in one <c>UNION ALL</c> statement;</item>
/// <item>otherwise a random filter (<c>RAND() &lt; p</c>, <c>random()</c>) with a limit: one pass, no sort;</item>
/// <item>any sampling statement that fails falls back to the first rows.</item>
/// </list>
/// Binary columns are read as their first 64 bytes (enough to recognise an image). Values stay in memory only.
/// </summary>
internal static class TableSampler
{
    private const int BinaryPrefix = 64;
    private const int Runs = 10;

    /// <summary>A sample: rows in the table's column order, and how they were chosen.</summary>
    public sealed record Sample(IReadOnlyList<object?[]> Rows, string Method);

    public static async Task<Sample> ReadAsync(DatabaseEndpoint source, Table table, int size, CancellationToken ct)
    {
        var provider = source.Provider.Name;
        var select = SelectList(source, table);
        var from = source.Dialect.Qualify(table.Name);
        await using var conn = await source.OpenAsync(ct).ConfigureAwait(false);

        var rows = table.RowEstimate;
        if (rows < 0)
        {
            // Unknown estimate (a table never analysed): count, but stop counting past what matters.
            var probeCap = (long)size * 20 + 1;
            var probe = $"SELECT COUNT(*) FROM (SELECT 1 AS one FROM {from} LIMIT {probeCap}) probe";
            rows = Convert.ToInt64(await DatabaseEndpoint.ScalarAsync(conn, probe, ct).ConfigureAwait(false) ?? 0L, CultureInfo.InvariantCulture);
            // A large table: sampling rates need its real size, or the sample would come from its first pages only.
            if (rows == probeCap) rows = Convert.ToInt64(await DatabaseEndpoint.ScalarAsync(conn, source.Dialect.CountRows(table.Name), ct).ConfigureAwait(false) ?? 0L, CultureInfo.InvariantCulture);
        }
        var limit = $" LIMIT {size.ToString(CultureInfo.InvariantCulture)}";
        var plain = $"SELECT {select} FROM {from}{limit}";
        if (rows <= size) return new Sample(await TryReadAsync(source, conn, plain, table, ct).ConfigureAwait(false) ?? [], "all rows");

        // Rates aim at 1.5 samples; a stale estimate is bounded by the cap, and the rows are thinned evenly.
        var cap = $" LIMIT {(size * 4L).ToString(CultureInfo.InvariantCulture)}";
        if (provider == "postgres")
        {
            static string Percent(double aim, int size, long rows) => Math.Clamp(100.0 * aim * size / rows, 0.0001, 100).ToString("0.####", CultureInfo.InvariantCulture);
            if (rows > 100_000)
            {
                // SYSTEM picks whole pages, so its row count varies with a few dozen pages (aiming at 1.5 samples, a
                // 200k-row table once came back with 959 of 1,000 rows): it aims at 3 and counts only when it brought a
                // full sample, else row-level BERNOULLI below.
                var system = Percent(3.0, size, rows);
                var pages = await TryReadAsync(source, conn, $"SELECT {select} FROM {from} TABLESAMPLE SYSTEM ({system}) LIMIT {(size * 6L).ToString(CultureInfo.InvariantCulture)}", table, ct).ConfigureAwait(false);
                if (pages is not null && pages.Count >= size) return new Sample(Thin(pages, size), $"TABLESAMPLE SYSTEM {system}%");
            }
            var percent = Percent(1.5, size, rows);
            var sampled = await TryReadAsync(source, conn, $"SELECT {select} FROM {from} TABLESAMPLE BERNOULLI ({percent}){cap}", table, ct).ConfigureAwait(false);
            if (sampled is not null && sampled.Count >= size / 2) return new Sample(Thin(sampled, size), $"TABLESAMPLE BERNOULLI {percent}%");
        }

        var key = IntegerKey(table, provider);
        if (key is not null)
        {
            var bounds = await BoundsAsync(conn, source, from, key, ct).ConfigureAwait(false);
            if (bounds is var (min, max) && max > min)
            {
                var sql = StrideSql(select, from, key == "rowid" ? key : source.Dialect.Quote(key), min, max, size);
                var strided = await TryReadAsync(source, conn, sql, table, ct).ConfigureAwait(false);
                if (strided is not null && strided.Count > 0) return new Sample(strided, $"{Runs} key runs");
            }
        }

        var p = Math.Min(1.0, 1.5 * size / rows).ToString("0.######", CultureInfo.InvariantCulture);
        var filter = provider switch
        {
            "mysql" => $"SELECT {select} FROM {from} WHERE RAND() < {p}{cap}",
            "sqlite" => $"SELECT {select} FROM {from} WHERE (abs(random()) % 1000000) < {p} * 1000000{cap}",
            _ => null,
        };
        if (filter is not null)
        {
            var random = await TryReadAsync(source, conn, filter, table, ct).ConfigureAwait(false);
            if (random is not null && random.Count >= size / 2) return new Sample(Thin(random, size), "random filter");
        }
        return new Sample(await TryReadAsync(source, conn, plain, table, ct).ConfigureAwait(false) ?? [], "first rows");
    }

    /// <summary>Every k-th row so that at most <paramref name="size"/> remain, spread over all of them.</summary>
    internal static List<object?[]> Thin(List<object?[]> rows, int size)
    {
        if (rows.Count <= size) return rows;
        var thinned = new List<object?[]>(size);
        var step = (double)rows.Count / size;
        for (var i = 0; i < size; i++) thinned.Add(rows[(int)(i * step)]);
        return thinned;
    }

    /// <summary>The select list: the dialect's expression per column, binary columns cut to a prefix.</summary>
    private static string SelectList(DatabaseEndpoint source, Table table)
    {
        var dialect = source.Dialect;
        var parts = new List<string>(table.Columns.Count);
        foreach (var c in table.Columns)
        {
            if (c.TypeClass != TypeClass.Binary)
            {
                parts.Add(dialect.SelectExpression(c));
                continue;
            }
            var q = dialect.Quote(c.Name);
            parts.Add(source.Provider.Name switch
            {
                "postgres" => $"substring({q} from 1 for {BinaryPrefix}) AS {q}",
                "mysql" => $"LEFT({q}, {BinaryPrefix}) AS {q}",
                "sqlite" => $"substr({q}, 1, {BinaryPrefix}) AS {q}",
                _ => dialect.SelectExpression(c),
            });
        }
        return string.Join(", ", parts);
    }

    /// <summary>The quoted single integer key to stride over: the primary key, or SQLite's rowid.</summary>
    private static string? IntegerKey(Table table, string provider)
    {
        if (table.PrimaryKey is { Columns.Count: 1 } pk && table.FindColumn(pk.Columns[0]) is { TypeClass: TypeClass.Integer } column) return column.Name;
        return provider == "sqlite" ? "rowid" : null;
    }

    private static async Task<(long Min, long Max)?> BoundsAsync(DbConnection conn, DatabaseEndpoint source, string from, string key, CancellationToken ct)
    {
        var k = key == "rowid" ? key : source.Dialect.Quote(key);
        try
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT MIN({k}), MAX({k}) FROM {from}";
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false) || reader.IsDBNull(0) || reader.IsDBNull(1)) return null;
            return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
        }
        catch (DbException)
        {
            return null; // e.g. a SQLite WITHOUT ROWID table
        }
        catch (OverflowException)
        {
            return null; // unsigned keys beyond long
        }
    }

    /// <summary><see cref="Runs"/> runs of rows in key order, starting at evenly spaced key values between min and max.</summary>
    internal static string StrideSql(string select, string from, string quotedKey, long min, long max, int size)
    {
        var k = quotedKey;
        var per = (size + Runs - 1) / Runs;
        var step = ((decimal)max - min + 1) / Runs;
        var sb = new StringBuilder();
        for (var i = 0; i < Runs; i++)
        {
            var start = (long)(min + Math.Floor(step * i));
            if (i > 0) sb.Append(" UNION ALL ");
            sb.Append(CultureInfo.InvariantCulture, $"SELECT * FROM (SELECT {select} FROM {from} WHERE {k} >= {start} ORDER BY {k} LIMIT {per}) run{i}");
        }
        return sb.ToString();
    }

    /// <summary>Runs a sampling statement; null when the engine refuses it (the caller falls back).</summary>
    private static async Task<List<object?[]>?> TryReadAsync(DatabaseEndpoint source, DbConnection conn, string sql, Table table, CancellationToken ct)
    {
        try
        {
            await using var reader = await source.Provider.ReadAsync(conn, sql, ct).ConfigureAwait(false);
            var rows = new List<object?[]>();
            var count = Math.Min(reader.FieldCount, table.Columns.Count);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var row = new object?[table.Columns.Count];
                for (var i = 0; i < count; i++) row[i] = ReadValue(reader, i, table.Columns[i]);
                rows.Add(row);
            }
            return rows;
        }
        catch (DbException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static object? ReadValue(DbDataReader reader, int i, Column column)
    {
        object raw;
        try
        {
            if (reader.IsDBNull(i)) return null;
            raw = reader.GetValue(i);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            return null; // a value the driver cannot represent (e.g. a zero date) says nothing about personal data
        }
        try
        {
            return ValueCoercion.ToCanonical(raw, column.TypeClass);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            return raw;
        }
    }
}
