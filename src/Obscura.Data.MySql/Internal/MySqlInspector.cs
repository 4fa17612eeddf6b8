using System.Data.Common;
using System.Globalization;
using System.Text;
using MySqlConnector;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;

namespace Obscura.Data.MySql.Internal;

/// <summary>
/// Reads the catalog of the connected database from information_schema with one query per kind of object
/// (tables, columns, index parts, foreign-key parts, checks, triggers, routines), plus one batch of SHOW CREATE
/// statements for views, routines and sequences.
/// </summary>
internal static class MySqlInspector
{
    /// <summary>Inspects the database the connection is using.</summary>
    public static async Task<Catalog> InspectAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        string? database = null;
        var version = string.Empty;
        await using (var cmd = Command(connection, "SELECT DATABASE(), VERSION()"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                database = r.IsDBNull(0) ? null : r.GetString(0);
                version = r.GetString(1);
            }
        }
        if (database is null) throw new ObscuraDatabaseException("the MySQL connection has no database selected: put the database name in the URI (mysql://user@host/database)");
        var flavor = ServerFlavor.Parse(version);

        var tables = await ReadTablesAsync(connection, database, cancellationToken).ConfigureAwait(false);
        var columns = await ReadColumnsAsync(connection, database, cancellationToken).ConfigureAwait(false);
        var checks = await ReadChecksAsync(connection, database, flavor, cancellationToken).ConfigureAwait(false);
        var indexParts = await ReadIndexPartsAsync(connection, database, flavor, cancellationToken).ConfigureAwait(false);
        var foreignKeys = await ReadForeignKeysAsync(connection, database, cancellationToken).ConfigureAwait(false);
        var triggers = await ReadTriggersAsync(connection, database, cancellationToken).ConfigureAwait(false);
        var routines = await ReadRoutineNamesAsync(connection, database, cancellationToken).ConfigureAwait(false);

        var built = new List<Table>();
        var views = new List<(string Name, string Kind)>();
        var sequences = new List<string>();
        foreach (var t in tables)
        {
            switch (t.Type)
            {
                case "VIEW" or "SYSTEM VIEW":
                    views.Add((t.Name, "view"));
                    continue;
                case "SEQUENCE":
                    sequences.Add(t.Name);
                    continue;
            }
            built.Add(BuildTable(t, flavor, Lookup(columns, t.Name), Lookup(checks, t.Name), Lookup(indexParts, t.Name), Lookup(foreignKeys, t.Name), database));
        }

        // One round trip for every SHOW CREATE the catalog needs.
        var shows = new List<(string Sql, string Name, string Kind, int Column, string? Fallback)>();
        foreach (var (name, kind) in views) shows.Add(($"SHOW CREATE VIEW {MySqlSyntax.Quote(name)}", name, kind, 1, null));
        foreach (var (name, type, body) in routines)
        {
            var kind = type.Equals("FUNCTION", StringComparison.OrdinalIgnoreCase) ? "function" : "procedure";
            shows.Add(($"SHOW CREATE {type.ToUpperInvariant()} {MySqlSyntax.Quote(name)}", name, kind, 2, body));
        }
        foreach (var name in sequences) shows.Add(($"SHOW CREATE SEQUENCE {MySqlSyntax.Quote(name)}", name, "sequence", 1, null));
        var definitions = await ShowCreateAsync(connection, shows, cancellationToken).ConfigureAwait(false);

        return new Catalog
        {
            Provider = MySqlProvider.ProviderName,
            ServerVersion = version,
            Database = database,
            DefaultSchema = null,
            Schemas = [database],
            Tables = built,
            Views = definitions.Where(d => d.Kind == "view").ToList(),
            Routines = definitions.Where(d => d.Kind is "function" or "procedure").ToList(),
            Sequences = definitions.Where(d => d.Kind == "sequence").ToList(),
            Triggers = triggers,
        };
    }

    private static List<T> Lookup<T>(Dictionary<string, List<T>> byTable, string table) =>
        byTable.TryGetValue(table, out var list) ? list : [];

    private static Table BuildTable(TableRow t, ServerFlavor flavor, List<ColumnRow> columnRows, List<CheckRow> checkRows,
        List<IndexPartRow> indexParts, List<ForeignKeyPartRow> fkParts, string database)
    {
        var tableCharset = CharsetOf(t.Collation);
        var jsonColumns = new HashSet<string>(StringComparer.Ordinal);
        var checks = new List<CheckConstraint>();
        foreach (var c in checkRows)
        {
            // MariaDB implements JSON as longtext plus an automatic json_valid(col) check named after the column.
            if (IsJsonValidCheck(c))
            {
                jsonColumns.Add(c.Name);
                continue;
            }
            checks.Add(new CheckConstraint(c.Name, c.Expression));
        }

        var columns = new List<Column>(columnRows.Count);
        foreach (var row in columnRows) columns.Add(BuildColumn(row, flavor, tableCharset, t.Collation, jsonColumns.Contains(row.Name)));

        UniqueKey? primaryKey = null;
        var uniqueKeys = new List<UniqueKey>();
        var indexes = new List<TableIndex>();
        foreach (var group in indexParts.GroupBy(p => p.IndexName, StringComparer.Ordinal))
        {
            var parts = group.OrderBy(p => p.Sequence).ToList();
            var first = parts[0];
            if (first.Ignored) continue;
            var plain = parts.TrueForAll(p => p.Column is not null && p.SubPart is null && p.Collation != "D");
            var names = parts.Where(p => p.Column is not null).Select(p => p.Column!).ToList();
            if (first.IndexName == "PRIMARY")
            {
                primaryKey = new UniqueKey(null, names);
                continue;
            }
            if (first.Unique && plain && first.IndexType is "BTREE" or "HASH")
            {
                uniqueKeys.Add(new UniqueKey(first.IndexName, names));
                continue;
            }
            indexes.Add(new TableIndex
            {
                Name = first.IndexName,
                Columns = names,
                IsUnique = first.Unique,
                HasExpressions = parts.Exists(p => p.Column is null),
                Definition = IndexDefinition(first, parts),
            });
        }

        var foreignKeys = new List<ForeignKey>();
        foreach (var group in fkParts.GroupBy(p => p.Name, StringComparer.Ordinal))
        {
            var parts = group.OrderBy(p => p.Position).ToList();
            var first = parts[0];
            foreignKeys.Add(new ForeignKey
            {
                Name = first.Name,
                Columns = parts.Select(p => p.Column).ToList(),
                ReferencedTable = new TableName(first.ReferencedSchema == database ? null : first.ReferencedSchema, first.ReferencedTable),
                ReferencedColumns = parts.Select(p => p.ReferencedColumn).ToList(),
                OnDelete = first.DeleteRule,
                OnUpdate = first.UpdateRule,
            });
        }

        return new Table
        {
            Name = new TableName(null, t.Name),
            Columns = columns,
            PrimaryKey = primaryKey,
            UniqueKeys = uniqueKeys,
            Indexes = indexes,
            ForeignKeys = foreignKeys,
            Checks = checks,
            RowEstimate = t.Rows ?? -1,
            Comment = string.IsNullOrEmpty(t.Comment) ? null : t.Comment,
        };
    }

    private static bool IsJsonValidCheck(CheckRow c) =>
        c.IsColumnLevel && c.Expression == $"json_valid({MySqlSyntax.Quote(c.Name)})";

    private static Column BuildColumn(ColumnRow row, ServerFlavor flavor, string? tableCharset, string? tableCollation, bool isJson)
    {
        var type = MySqlType.Parse(row.ColumnType);
        var storage = isJson ? MySqlStorage.Json : type.Storage;
        var declared = isJson ? "json" : row.ColumnType;
        // Character set and collation only where they differ from the table's default, as SHOW CREATE TABLE does.
        if (!isJson && row.Collation is not null && row.Collation != tableCollation)
        {
            declared += $" CHARACTER SET {row.Charset ?? CharsetOf(row.Collation)} COLLATE {row.Collation}";
        }
        else if (!isJson && row.Charset is not null && tableCharset is not null && row.Charset != tableCharset)
        {
            declared += $" CHARACTER SET {row.Charset}";
        }

        var extra = row.Extra ?? string.Empty;
        var generated = extra.Contains("VIRTUAL GENERATED", StringComparison.OrdinalIgnoreCase)
            || extra.Contains("STORED GENERATED", StringComparison.OrdinalIgnoreCase)
            || extra.Contains("PERSISTENT GENERATED", StringComparison.OrdinalIgnoreCase);
        if (generated && row.GenerationExpression is { Length: > 0 } expression)
        {
            var kind = extra.Contains("VIRTUAL", StringComparison.OrdinalIgnoreCase) ? "VIRTUAL" : "STORED";
            declared += $" GENERATED ALWAYS AS ({expression}) {kind}";
        }
        var onUpdate = extra.IndexOf("on update ", StringComparison.OrdinalIgnoreCase);
        if (onUpdate >= 0) declared += " ON UPDATE " + extra[(onUpdate + "on update ".Length)..].Trim();

        var typeClass = storage switch
        {
            MySqlStorage.Json => TypeClass.Json,
            _ => type.TypeClass,
        };
        int? maxLength = storage switch
        {
            MySqlStorage.Text when type.BaseName is "char" or "varchar" or "enum" or "set" => ToInt(row.CharacterMaximumLength),
            MySqlStorage.Text when type.BaseName == "inet4" => 15,
            MySqlStorage.Text when type.BaseName == "inet6" => 39,
            MySqlStorage.Binary when type.BaseName is not "longblob" => ToInt(row.CharacterMaximumLength),
            _ => null,
        };
        int? precision = storage switch
        {
            MySqlStorage.Decimal => ToInt(row.NumericPrecision),
            MySqlStorage.DateTime or MySqlStorage.Time => row.DateTimePrecision is { } p ? ToInt(p) : type.FirstNumber ?? 0,
            _ => null,
        };
        int? scale = storage == MySqlStorage.Decimal ? ToInt(row.NumericScale) : null;

        return new Column
        {
            Name = row.Name,
            Ordinal = row.Ordinal,
            DeclaredType = declared,
            TypeClass = typeClass,
            IsNullable = row.IsNullable,
            Default = generated ? null : NormalizeDefault(row.Default, flavor, extra, storage),
            MaxLength = maxLength,
            Precision = precision,
            Scale = scale,
            IntegerBits = typeClass == TypeClass.Integer ? type.IntegerBits : null,
            IsUnsigned = typeClass == TypeClass.Integer && (type.IsUnsigned || storage == MySqlStorage.Bit),
            IsIdentity = extra.Contains("auto_increment", StringComparison.OrdinalIgnoreCase),
            EnumValues = type.BaseName == "enum" ? type.QuotedValues() : null,
            Comment = string.IsNullOrEmpty(row.Comment) ? null : row.Comment,
        };
    }

    /// <summary>
    /// COLUMN_DEFAULT as SQL usable in DEFAULT: MariaDB (10.2.7+) already reports SQL (quoted literals, bare expressions,
    /// the word NULL for "default null"); MySQL reports literals unquoted and marks expressions with DEFAULT_GENERATED.
    /// </summary>
    private static string? NormalizeDefault(string? value, ServerFlavor flavor, string extra, MySqlStorage storage)
    {
        if (value is null) return null;
        if (flavor.IsMariaDb) return value.Equals("NULL", StringComparison.OrdinalIgnoreCase) ? null : value;
        if (extra.Contains("DEFAULT_GENERATED", StringComparison.OrdinalIgnoreCase))
        {
            return value.StartsWith("CURRENT_TIMESTAMP", StringComparison.OrdinalIgnoreCase) || value.StartsWith("now(", StringComparison.OrdinalIgnoreCase)
                ? value
                : "(" + value + ")";
        }
        return storage switch
        {
            MySqlStorage.Integer or MySqlStorage.Decimal or MySqlStorage.Float or MySqlStorage.Boolean or MySqlStorage.Year => value,
            MySqlStorage.Bit or MySqlStorage.BitBoolean when value.StartsWith("b'", StringComparison.OrdinalIgnoreCase) => value,
            _ => MySqlSyntax.Literal(value),
        };
    }

    private static string IndexDefinition(IndexPartRow first, List<IndexPartRow> parts)
    {
        var sb = new StringBuilder();
        sb.Append(first.IndexType switch
        {
            "FULLTEXT" => "FULLTEXT INDEX ",
            "SPATIAL" => "SPATIAL INDEX ",
            _ when first.Unique => "UNIQUE INDEX ",
            _ => "INDEX ",
        });
        sb.Append(MySqlSyntax.Quote(first.IndexName)).Append(" (");
        for (var i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            if (i > 0) sb.Append(", ");
            if (p.Column is null) sb.Append('(').Append(p.Expression).Append(')');
            else sb.Append(MySqlSyntax.Quote(p.Column));
            // Spatial indexes report a SUB_PART of 32 that cannot be declared.
            if (p.SubPart is { } sub && first.IndexType != "SPATIAL") sb.Append('(').Append(sub.ToString(CultureInfo.InvariantCulture)).Append(')');
            if (p.Collation == "D") sb.Append(" DESC");
        }
        sb.Append(')');
        if (!string.IsNullOrEmpty(first.Comment)) sb.Append(" COMMENT ").Append(MySqlSyntax.Literal(first.Comment));
        return sb.ToString();
    }

    private static string? CharsetOf(string? collation)
    {
        if (collation is null) return null;
        var underscore = collation.IndexOf('_', StringComparison.Ordinal);
        return underscore < 0 ? collation : collation[..underscore];
    }

    private static int? ToInt(long? value) => value is null ? null : (int)Math.Min(value.Value, int.MaxValue);

    private static MySqlCommand Command(MySqlConnection connection, string sql, string? database = null)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        if (database is not null) cmd.Parameters.AddWithValue("@db", database);
        return cmd;
    }

    private static async Task<Dictionary<string, List<T>>> GroupAsync<T>(MySqlConnection connection, string sql, string database,
        Func<DbDataReader, (string Table, T Row)> map, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        await using var cmd = Command(connection, sql, database);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (table, row) = map(r);
            if (!result.TryGetValue(table, out var list)) result[table] = list = [];
            list.Add(row);
        }
        return result;
    }

    private static async Task<List<TableRow>> ReadTablesAsync(MySqlConnection connection, string database, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT TABLE_NAME, TABLE_TYPE, TABLE_ROWS, TABLE_COLLATION, TABLE_COMMENT
            FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db ORDER BY TABLE_NAME
            """;
        var rows = new List<TableRow>();
        await using var cmd = Command(connection, sql, database);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new TableRow(r.GetString(0), r.GetString(1), Int64OrNull(r, 2), StringOrNull(r, 3), StringOrNull(r, 4)));
        }
        return rows;
    }

    private static Task<Dictionary<string, List<ColumnRow>>> ReadColumnsAsync(MySqlConnection connection, string database, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE,
                   CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION,
                   CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = @db ORDER BY TABLE_NAME, ORDINAL_POSITION
            """;
        return GroupAsync(connection, sql, database, r => (r.GetString(0), new ColumnRow(
            Name: r.GetString(1),
            Ordinal: (int)Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture),
            Default: StringOrNull(r, 3),
            IsNullable: r.GetString(4) == "YES",
            ColumnType: r.GetString(5),
            CharacterMaximumLength: Int64OrNull(r, 6),
            NumericPrecision: Int64OrNull(r, 7),
            NumericScale: Int64OrNull(r, 8),
            DateTimePrecision: Int64OrNull(r, 9),
            Charset: StringOrNull(r, 10),
            Collation: StringOrNull(r, 11),
            Extra: StringOrNull(r, 12),
            Comment: StringOrNull(r, 13),
            GenerationExpression: StringOrNull(r, 14))), cancellationToken);
    }

    private static async Task<Dictionary<string, List<CheckRow>>> ReadChecksAsync(MySqlConnection connection, string database, ServerFlavor flavor, CancellationToken cancellationToken)
    {
        // MariaDB names checks per table (and column-level checks after their column), so it lists the table itself;
        // MySQL names them per schema and needs TABLE_CONSTRAINTS for the table.
        var sql = flavor.IsMariaDb
            ? """
              SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL = 'Column'
              FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = @db ORDER BY TABLE_NAME, CONSTRAINT_NAME
              """
            : """
              SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE, 0
              FROM information_schema.TABLE_CONSTRAINTS tc
              JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
              WHERE tc.TABLE_SCHEMA = @db AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME
              """;
        try
        {
            return await GroupAsync(connection, sql, database, r => (r.GetString(0),
                new CheckRow(r.GetString(1), r.GetString(2), Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture) != 0)), cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex) when (ex.ErrorCode is MySqlErrorCode.UnknownTable or MySqlErrorCode.NoSuchTable)
        {
            // Servers before MariaDB 10.2 / MySQL 8.0.16 have no CHECK_CONSTRAINTS (and enforce no checks).
            return [];
        }
    }

    private static Task<Dictionary<string, List<IndexPartRow>>> ReadIndexPartsAsync(MySqlConnection connection, string database, ServerFlavor flavor, CancellationToken cancellationToken)
    {
        // Functional key parts (EXPRESSION) and invisible indexes are MySQL 8 columns; MariaDB has IGNORED (10.6+).
        var expression = flavor.HasIndexExpressions ? "EXPRESSION" : "NULL";
        var ignored = flavor.IsMariaDb ? (flavor.AtLeast(10, 6) ? "IGNORED = 'YES'" : "0") : (flavor.AtLeast(8, 0) ? "IS_VISIBLE = 'NO'" : "0");
        var sql = $"""
            SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE, INDEX_COMMENT,
                   {expression}, {ignored}
            FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = @db ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """;
        return GroupAsync(connection, sql, database, r => (r.GetString(0), new IndexPartRow(
            IndexName: r.GetString(1),
            Unique: Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture) == 0,
            Sequence: (int)Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture),
            Column: StringOrNull(r, 4),
            SubPart: Int64OrNull(r, 5),
            Collation: StringOrNull(r, 6),
            IndexType: StringOrNull(r, 7) ?? "BTREE",
            Comment: StringOrNull(r, 8),
            Expression: StringOrNull(r, 9),
            Ignored: !r.IsDBNull(10) && Convert.ToInt64(r.GetValue(10), CultureInfo.InvariantCulture) != 0)), cancellationToken);
    }

    private static Task<Dictionary<string, List<ForeignKeyPartRow>>> ReadForeignKeysAsync(MySqlConnection connection, string database, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION, k.COLUMN_NAME,
                   k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, rc.UPDATE_RULE, rc.DELETE_RULE
            FROM information_schema.KEY_COLUMN_USAGE k
            JOIN information_schema.REFERENTIAL_CONSTRAINTS rc
              ON rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND rc.TABLE_NAME = k.TABLE_NAME AND rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
            WHERE k.TABLE_SCHEMA = @db AND k.REFERENCED_TABLE_NAME IS NOT NULL
            ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION
            """;
        return GroupAsync(connection, sql, database, r => (r.GetString(0), new ForeignKeyPartRow(
            Name: r.GetString(1),
            Position: (int)Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture),
            Column: r.GetString(3),
            ReferencedSchema: r.GetString(4),
            ReferencedTable: r.GetString(5),
            ReferencedColumn: r.GetString(6),
            UpdateRule: r.GetString(7),
            DeleteRule: r.GetString(8))), cancellationToken);
    }

    private static async Task<List<DatabaseObject>> ReadTriggersAsync(MySqlConnection connection, string database, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT
            FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = @db
            ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER, TRIGGER_NAME
            """;
        var result = new List<DatabaseObject>();
        await using var cmd = Command(connection, sql, database);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = r.GetString(0);
            var table = r.GetString(1);
            result.Add(new DatabaseObject
            {
                Name = new TableName(null, name),
                Kind = "trigger",
                Table = new TableName(null, table),
                Definition = $"CREATE TRIGGER {MySqlSyntax.Quote(name)} {r.GetString(2)} {r.GetString(3)} ON {MySqlSyntax.Quote(table)} FOR EACH ROW {r.GetString(4)}",
            });
        }
        return result;
    }

    private static async Task<List<(string Name, string Type, string? Body)>> ReadRoutineNamesAsync(MySqlConnection connection, string database, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION FROM information_schema.ROUTINES
            WHERE ROUTINE_SCHEMA = @db AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE') ORDER BY ROUTINE_TYPE, ROUTINE_NAME
            """;
        var result = new List<(string, string, string?)>();
        await using var cmd = Command(connection, sql, database);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) result.Add((r.GetString(0), r.GetString(1), StringOrNull(r, 2)));
        return result;
    }

    private static async Task<List<DatabaseObject>> ShowCreateAsync(MySqlConnection connection,
        List<(string Sql, string Name, string Kind, int Column, string? Fallback)> shows, CancellationToken cancellationToken)
    {
        if (shows.Count == 0) return [];
        var definitions = new string?[shows.Count];
        try
        {
            // One round trip for all of them.
            await using var cmd = Command(connection, string.Join(";\n", shows.Select(s => s.Sql)));
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < shows.Count; i++)
            {
                definitions[i] = await ReadDefinitionAsync(r, shows[i].Column, cancellationToken).ConfigureAwait(false);
                await r.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (MySqlException)
        {
            // One object the account may not see fails the batch: ask one by one and keep what can be read.
            for (var i = 0; i < shows.Count; i++)
            {
                try
                {
                    await using var cmd = Command(connection, shows[i].Sql);
                    await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    definitions[i] = await ReadDefinitionAsync(r, shows[i].Column, cancellationToken).ConfigureAwait(false);
                }
                catch (MySqlException)
                {
                    definitions[i] = null;
                }
            }
        }
        // Without the privilege to see a routine's source, SHOW CREATE gives NULL: keep at least its body.
        return shows.Select((s, i) => new DatabaseObject { Name = new TableName(null, s.Name), Kind = s.Kind, Definition = definitions[i] ?? s.Fallback }).ToList();
    }

    private static async Task<string?> ReadDefinitionAsync(DbDataReader r, int column, CancellationToken cancellationToken) =>
        await r.ReadAsync(cancellationToken).ConfigureAwait(false) && r.FieldCount > column && !r.IsDBNull(column)
            ? MySqlSyntax.StripDefiner(r.GetString(column))
            : null;

    private static string? StringOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture);

    private static long? Int64OrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    private sealed record TableRow(string Name, string Type, long? Rows, string? Collation, string? Comment);

    private sealed record ColumnRow(string Name, int Ordinal, string? Default, bool IsNullable, string ColumnType,
        long? CharacterMaximumLength, long? NumericPrecision, long? NumericScale, long? DateTimePrecision,
        string? Charset, string? Collation, string? Extra, string? Comment, string? GenerationExpression);

    private sealed record CheckRow(string Name, string Expression, bool IsColumnLevel);

    private sealed record IndexPartRow(string IndexName, bool Unique, int Sequence, string? Column, long? SubPart, string? Collation,
        string IndexType, string? Comment, string? Expression, bool Ignored);

    private sealed record ForeignKeyPartRow(string Name, int Position, string Column, string ReferencedSchema, string ReferencedTable,
        string ReferencedColumn, string UpdateRule, string DeleteRule);
}
