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
