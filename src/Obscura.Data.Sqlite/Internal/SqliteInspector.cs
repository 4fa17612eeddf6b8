using System.Globalization;
using Microsoft.Data.Sqlite;
using Obscura.Core.Schema;

namespace Obscura.Data.Sqlite.Internal;

/// <summary>
/// Reads the catalog of the main database of a connection from <c>sqlite_master</c> and the table-valued pragmas
/// (<c>table_list</c>, <c>table_xinfo</c>, <c>index_list</c>, <c>index_xinfo</c>, <c>foreign_key_list</c>), plus the
/// CREATE TABLE text for what the pragmas do not report (constraint names, CHECKs, AUTOINCREMENT).
/// </summary>
internal sealed class SqliteInspector
{
    private readonly SqliteConnection _connection;
    private readonly CancellationToken _cancellationToken;

    private SqliteInspector(SqliteConnection connection, CancellationToken cancellationToken)
    {
        _connection = connection;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Inspects the main database of <paramref name="connection"/>.</summary>
    public static Task<Catalog> InspectAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        new SqliteInspector(connection, cancellationToken).RunAsync();

    private async Task<Catalog> RunAsync()
    {
        var version = Convert.ToString(await ScalarAsync("SELECT sqlite_version()").ConfigureAwait(false), CultureInfo.InvariantCulture);
        var file = await ScalarAsync("SELECT file FROM pragma_database_list WHERE name = 'main'").ConfigureAwait(false) as string;
        var database = string.IsNullOrEmpty(file) ? "main" : Path.GetFileName(file);

        // Ordinary tables only: virtual tables and their shadow tables cannot be copied as plain rows.
        var tableNames = new List<string>();
        foreach (var row in await QueryAsync(
                     "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
                     .ConfigureAwait(false))
        {
            tableNames.Add((string)row[0]!);
        }
        tableNames.Sort(StringComparer.Ordinal);

        var master = await QueryAsync(
            "SELECT type, name, tbl_name, sql FROM main.sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid").ConfigureAwait(false);
        var tableSql = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var indexSql = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var views = new List<DatabaseObject>();
        var triggers = new List<DatabaseObject>();
        foreach (var row in master)
        {
            var (type, name, tableName, sql) = ((string)row[0]!, (string)row[1]!, (string)row[2]!, row[3] as string);
            switch (type)
            {
                case "table":
                    tableSql[name] = sql;
                    break;
                case "index":
                    indexSql[name] = sql;
                    break;
                case "view":
                    views.Add(new DatabaseObject { Name = new TableName(null, name), Kind = "view", Definition = sql });
                    break;
                case "trigger":
                    triggers.Add(new DatabaseObject { Name = new TableName(null, name), Kind = "trigger", Table = new TableName(null, tableName), Definition = sql });
                    break;
            }
        }

        // First pass: columns and keys of every table, so foreign keys can be resolved against their parents.
        var shapes = new Dictionary<string, TableShape>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in tableNames)
        {
            shapes[name] = await ReadShapeAsync(name, tableSql.GetValueOrDefault(name), indexSql).ConfigureAwait(false);
        }

        var tables = new List<Table>(tableNames.Count);
        foreach (var name in tableNames)
        {
            var shape = shapes[name];
            var foreignKeys = await ReadForeignKeysAsync(name, shape.Parsed, shapes).ConfigureAwait(false);
            var rows = Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM {SqliteDialect.QuoteIdentifier(name)}").ConfigureAwait(false), CultureInfo.InvariantCulture);
            tables.Add(new Table
            {
                Name = new TableName(null, name),
                Columns = shape.Columns,
                PrimaryKey = shape.PrimaryKey,
                UniqueKeys = shape.UniqueKeys,
                Indexes = shape.Indexes,
                ForeignKeys = foreignKeys,
                Checks = shape.Parsed.Checks,
                RowEstimate = rows,
            });
        }

        return new Catalog
        {
            Provider = "sqlite",
            ServerVersion = version,
            Database = database,
            DefaultSchema = null,
            Tables = tables,
            Views = views,
            Triggers = triggers,
        };
    }

    private async Task<TableShape> ReadShapeAsync(string table, string? createSql, Dictionary<string, string?> indexSql)
    {
        var parsed = CreateTableParser.Parse(createSql);
        var indexList = await QueryAsync(
            "SELECT name, \"unique\", origin FROM pragma_index_list($t, 'main') ORDER BY seq DESC", ("$t", table)).ConfigureAwait(false);
        var hasPrimaryKeyIndex = indexList.Exists(r => (string)r[2]! == "pk");

        var raw = await QueryAsync(
            "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo($t, 'main') ORDER BY cid", ("$t", table)).ConfigureAwait(false);
        var pkColumns = raw.Where(r => Convert.ToInt64(r[4], CultureInfo.InvariantCulture) > 0)
            .OrderBy(r => Convert.ToInt64(r[4], CultureInfo.InvariantCulture))
            .Select(r => (string)r[0]!)
            .ToList();
        // A single-column INTEGER primary key without a backing index is the rowid itself.
        var rowIdAlias = pkColumns.Count == 1 && !hasPrimaryKeyIndex ? pkColumns[0] : null;

        var columns = new List<Column>(raw.Count);
        foreach (var r in raw)
        {
            // Generated (hidden 2/3) and virtual-table hidden (1) columns cannot be inserted into: not part of the copy.
            if (Convert.ToInt64(r[5], CultureInfo.InvariantCulture) != 0) continue;
            var name = (string)r[0]!;
            var declared = r[1] as string ?? string.Empty;
            var info = SqliteTypes.Classify(declared);
            var typeClass = info.TypeClass;
            if (declared.Trim().Length == 0 && await HoldsOnlyBlobsAsync(table, name).ConfigureAwait(false)) typeClass = TypeClass.Binary;
            var isRowId = string.Equals(name, rowIdAlias, StringComparison.OrdinalIgnoreCase);
            columns.Add(new Column
            {
                Name = name,
                Ordinal = columns.Count + 1,
                DeclaredType = declared,
                TypeClass = typeClass,
                IsNullable = !isRowId && Convert.ToInt64(r[2], CultureInfo.InvariantCulture) == 0,
                Default = r[3] as string,
                MaxLength = info.MaxLength,
                Precision = info.Precision,
                Scale = info.Scale,
                IntegerBits = typeClass == TypeClass.Integer ? info.IntegerBits : null,
                IsUnsigned = info.IsUnsigned,
                IsIdentity = isRowId,
                IdentityDefinition = isRowId && parsed.AutoIncrementColumns.Contains(name) ? "AUTOINCREMENT" : null,
            });
        }

        var primaryKey = pkColumns.Count > 0 ? new UniqueKey(parsed.PrimaryKeyName, pkColumns) : null;
        var uniqueKeys = new List<UniqueKey>();
        var indexes = new List<TableIndex>();
        var unusedUniques = new List<UniqueKey>(parsed.Uniques);
        foreach (var index in indexList)
        {
            var (indexName, unique, origin) = ((string)index[0]!, Convert.ToInt64(index[1], CultureInfo.InvariantCulture) != 0, (string)index[2]!);
            if (origin == "pk") continue;
            var keyParts = await QueryAsync(
                "SELECT cid, name FROM pragma_index_xinfo($i, 'main') WHERE key = 1 ORDER BY seqno", ("$i", indexName)).ConfigureAwait(false);
            var indexColumns = keyParts.Where(p => Convert.ToInt64(p[0], CultureInfo.InvariantCulture) >= 0).Select(p => (string)p[1]!).ToList();
            var hasExpressions = keyParts.Exists(p => Convert.ToInt64(p[0], CultureInfo.InvariantCulture) < 0);
            if (origin == "u")
            {
                var match = unusedUniques.Find(u => SameNames(u.Columns, indexColumns));
                if (match is not null) unusedUniques.Remove(match);
                uniqueKeys.Add(new UniqueKey(match?.Name, indexColumns));
                continue;
            }
            indexes.Add(new TableIndex
            {
                Name = indexName,
                Columns = indexColumns,
                IsUnique = unique,
                Definition = indexSql.GetValueOrDefault(indexName),
                HasExpressions = hasExpressions,
            });
        }
        return new TableShape(columns, primaryKey, uniqueKeys, indexes, parsed);
    }

    private async Task<List<ForeignKey>> ReadForeignKeysAsync(string table, ParsedCreateTable parsed, Dictionary<string, TableShape> shapes)
    {
        // foreign_key_list numbers the last declared key 0: descending ids give declaration order.
        var raw = await QueryAsync(
            "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list($t, 'main') ORDER BY id DESC, seq",
            ("$t", table)).ConfigureAwait(false);
        var result = new List<ForeignKey>();
        var unused = new List<ParsedForeignKey>(parsed.ForeignKeys);
        foreach (var group in raw.GroupBy(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)))
        {
            var parts = group.ToList();
            var parentName = (string)parts[0][2]!;
            shapes.TryGetValue(parentName, out var parent);
            var columns = parts.Select(p => (string)p[3]!).ToList();
            List<string> referenced;
            if (parts.TrueForAll(p => p[4] is string))
            {
                referenced = parts.Select(p => ActualColumnName(parent, (string)p[4]!)).ToList();
            }
            else
            {
                // REFERENCES parent without a column list means the parent's primary key.
                referenced = parent?.PrimaryKey?.Columns.ToList() ?? [];
            }
            var match = unused.Find(f => SameNames(f.Columns, columns) && string.Equals(f.ReferencedTable, parentName, StringComparison.OrdinalIgnoreCase));
            if (match is not null) unused.Remove(match);
            result.Add(new ForeignKey
            {
                Name = match?.Name,
                Columns = columns,
                ReferencedTable = new TableName(null, parent is null ? parentName : ActualTableName(shapes, parentName)),
                ReferencedColumns = referenced,
                OnUpdate = (string)parts[0][5]!,
                OnDelete = (string)parts[0][6]!,
            });
        }
        return result;
    }

    private static string ActualTableName(Dictionary<string, TableShape> shapes, string name)
    {
        foreach (var key in shapes.Keys)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return key;
        }
        return name;
    }

    private static string ActualColumnName(TableShape? parent, string name)
    {
        if (parent is null) return name;
        foreach (var c in parent.Columns)
        {
            if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c.Name;
        }
        return name;
    }

    private static bool SameNames(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.Zip(b).All(p => string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));

    /// <summary>For a column without a declared type: true when it holds blobs and nothing else.</summary>
    private async Task<bool> HoldsOnlyBlobsAsync(string table, string column)
    {
        var t = SqliteDialect.QuoteIdentifier(table);
        var c = SqliteDialect.QuoteIdentifier(column);
        var rows = await QueryAsync(
            $"SELECT EXISTS(SELECT 1 FROM {t} WHERE typeof({c}) = 'blob'), EXISTS(SELECT 1 FROM {t} WHERE {c} IS NOT NULL AND typeof({c}) <> 'blob')")
            .ConfigureAwait(false);
        return Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture) == 1 && Convert.ToInt64(rows[0][1], CultureInfo.InvariantCulture) == 0;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        var rows = await QueryAsync(sql).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0][0];
    }

    private async Task<List<object?[]>> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await using var reader = await cmd.ExecuteReaderAsync(_cancellationToken).ConfigureAwait(false);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(_cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
