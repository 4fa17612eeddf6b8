using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Obscura.Engine.Vault;

/// <summary>The few engine-specific SQL pieces the vault and the remap store need (SQLite, PostgreSQL, MySQL/MariaDB).</summary>
internal static class StoreSql
{
    /// <summary>A column type for short ASCII names compared byte for byte (tokens are case-sensitive).</summary>
    public static string Name(string scheme, int length) => scheme == "mysql"
        ? $"VARCHAR({length.ToString(CultureInfo.InvariantCulture)}) CHARACTER SET ascii COLLATE ascii_bin"
        : "TEXT";

    /// <summary>A column type for long text (sealed values).</summary>
    public static string LongText(string scheme) => scheme == "mysql" ? "LONGTEXT" : "TEXT";

    /// <summary>A column type for 64-bit integers.</summary>
    public static string Int64(string scheme) => scheme == "sqlite" ? "INTEGER" : "BIGINT";

    /// <summary>A multi-row insert that skips rows whose primary key already exists.</summary>
    public static string InsertIgnore(string scheme, string table, IReadOnlyList<string> columns, int rows, string conflictColumns)
    {
        var sb = new StringBuilder();
        sb.Append(scheme == "mysql" ? "INSERT IGNORE INTO " : "INSERT INTO ").Append(table).Append(" (").Append(string.Join(", ", columns)).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            if (r > 0) sb.Append(", ");
            sb.Append('(');
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0) sb.Append(", ");
                sb.Append("@p").Append(r.ToString(CultureInfo.InvariantCulture)).Append('_').Append(c.ToString(CultureInfo.InvariantCulture));
            }
            sb.Append(')');
        }
        if (scheme != "mysql") sb.Append(" ON CONFLICT (").Append(conflictColumns).Append(") DO NOTHING");
        return sb.ToString();
    }

    /// <summary>
    /// Inserts rows with insert-if-absent semantics inside <paramref name="transaction"/>. SQLite: one reused single-row
    /// statement (binding thousands of named parameters in one SQLite statement costs quadratic time); other engines:
    /// multi-row statements of up to <paramref name="rowsPerStatement"/> rows.
    /// </summary>
    public static async Task InsertIgnoreAsync(
        DbConnection connection, DbTransaction transaction, string scheme, string table, IReadOnlyList<string> columns, string conflictColumns,
        IReadOnlyList<object[]> rows, int rowsPerStatement, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        if (scheme == "sqlite")
        {
            await using var single = connection.CreateCommand();
            single.Transaction = transaction;
            single.CommandText = InsertIgnore(scheme, table, columns, 1, conflictColumns);
            for (var c = 0; c < columns.Count; c++) Add(single, "@p0_" + c.ToString(CultureInfo.InvariantCulture), DBNull.Value);
            foreach (var row in rows)
            {
                for (var c = 0; c < columns.Count; c++) single.Parameters[c].Value = row[c];
                await single.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        for (var start = 0; start < rows.Count; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, rows.Count - start);
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandTimeout = 0;
            cmd.CommandText = InsertIgnore(scheme, table, columns, count, conflictColumns);
            for (var r = 0; r < count; r++)
            {
                var prefix = "@p" + r.ToString(CultureInfo.InvariantCulture) + "_";
                for (var c = 0; c < columns.Count; c++) Add(cmd, prefix + c.ToString(CultureInfo.InvariantCulture), rows[start + r][c]);
            }
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds a named parameter.</summary>
    public static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>Runs one statement on an open connection (optionally inside a transaction).</summary>
    public static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
