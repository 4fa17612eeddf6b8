using System.Globalization;
using System.Text;
using Obscura.Core.Schema;

namespace Obscura.Data.MySql.Internal;

/// <summary>
/// Builds the CREATE / ALTER statements of one table. Keys, indexes and checks are added after the load in a single
/// ALTER TABLE (one rebuild), except the key an AUTO_INCREMENT column needs, which MySQL requires at creation.
/// Tables from other engines also get their key columns bounded (MySQL cannot index unbounded text without a prefix),
/// keys fitted into InnoDB's 3072-byte limit, and wide VARCHARs moved to TEXT when the row would exceed 65,535 bytes.
/// </summary>
internal static class MySqlTableDdlBuilder
{
    private const int MaxKeyBytes = 3072;
    private const int MaxRowBytes = 65_535 - 535;
    private const int KeyTextLength = 768;

    /// <summary>Builds the DDL; see <see cref="MySqlDialect.BuildTableDdl"/>.</summary>
    public static TableDdl Build(Table table, bool sameProvider, ICollection<string> warnings)
    {
        var name = table.Name.Name;
        var quoted = MySqlSyntax.Quote(name);
        var types = table.Columns.Select(c => c.DeclaredType).ToArray();
        var keys = CollectKeys(table, sameProvider, warnings);
        if (!sameProvider)
        {
            BoundKeyColumns(table, types, keys, warnings);
            FitRowSize(table, types, keys);
        }

        var identity = FindIdentity(table, types, warnings);
        // InnoDB stores rows in primary-key order: declaring the key up front lets the load append to it, where adding
        // it afterwards would rebuild the whole table. An auto_increment column must also be a key when declared.
        var inlineKeys = new List<Key>();
        if (keys.Find(k => k.Kind == KeyKind.Primary && !k.IsExpression) is { } primary) inlineKeys.Add(primary);
        if (identity >= 0)
        {
            var column = table.Columns[identity].Name;
            if (!inlineKeys.Exists(k => k.Columns[0] == column))
            {
                inlineKeys.Add(keys.Find(k => k.Columns.Count > 0 && k.Columns[0] == column && !k.IsExpression)
                    ?? new Key(KeyKind.Index, null, [column], null, false));
            }
        }

        var create = new StringBuilder();
        create.Append("CREATE TABLE ").Append(quoted).Append(" (");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            create.Append(i == 0 ? "\n  " : ",\n  ");
            AppendColumn(create, table, table.Columns[i], types[i], i == identity, sameProvider, warnings);
        }
        foreach (var key in inlineKeys) create.Append(",\n  ").Append(KeyClause(key, table, types, warnings, inline: true));
        create.Append("\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        if (table.Comment is { Length: > 0 } comment) create.Append(" COMMENT=").Append(MySqlSyntax.Literal(comment));

        var clauses = new List<string>();
        foreach (var key in keys)
        {
            if (inlineKeys.Exists(k => ReferenceEquals(k, key))) continue;
            clauses.Add("ADD " + KeyClause(key, table, types, warnings, inline: false));
        }
        foreach (var check in table.Checks)
        {
            if (!sameProvider && !check.IsPortable)
            {
                warnings.Add($"{table.Name}: CHECK constraint {check.Name ?? "(unnamed)"} is not carried over from another engine's SQL: {check.Expression}");
                continue;
            }
            clauses.Add(check.Name is null
                ? $"ADD CHECK ({check.Expression})"
                : $"ADD CONSTRAINT {MySqlSyntax.Quote(check.Name)} CHECK ({check.Expression})");
        }
        var afterLoad = clauses.Count == 0 ? [] : new[] { $"ALTER TABLE {quoted}\n  " + string.Join(",\n  ", clauses) };

        var fkClauses = table.ForeignKeys.Select(fk => ForeignKeyClause(table, fk, sameProvider, warnings)).ToList();
        var foreignKeys = fkClauses.Count == 0 ? [] : new[] { $"ALTER TABLE {quoted}\n  " + string.Join(",\n  ", fkClauses) };

        var finish = identity < 0 ? [] : new[] { ResetAutoIncrement(quoted, table.Columns[identity].Name) };
        return new TableDdl(create.ToString(), afterLoad, foreignKeys, finish);
    }

    /// <summary>
    /// One column of <paramref name="table"/> declared as its CREATE TABLE would declare it (for ADD / MODIFY COLUMN): a
    /// column from another engine that is in one of the table's keys gets the same bounded type as in <see cref="Build"/>.
    /// A column whose type differs from the table's own (a restated existing type) keeps it.
    /// </summary>
    public static string ColumnDefinition(Table table, Column column, bool identity, bool sameProvider, ICollection<string> warnings)
    {
        var type = column.DeclaredType;
        var i = IndexOf(table, column.Name);
        if (!sameProvider && i >= 0 && table.Columns[i].DeclaredType == column.DeclaredType)
        {
            var types = table.Columns.Select(c => c.DeclaredType).ToArray();
            var keys = CollectKeys(table, sameProvider, warnings);
            BoundKeyColumns(table, types, keys, warnings);
            FitRowSize(table, types, keys);
            type = types[i];
        }
        var sb = new StringBuilder();
        AppendColumn(sb, table, column, type, identity, sameProvider, warnings);
        return sb.ToString();
    }

    private static void AppendColumn(StringBuilder sb, Table table, Column column, string type, bool identity, bool sameProvider, ICollection<string> warnings)
    {
        sb.Append(MySqlSyntax.Quote(column.Name)).Append(' ').Append(type);
        if (!MySqlBulkWriter.IsGenerated(column with { DeclaredType = type }))
        {
            sb.Append(column.IsNullable && !identity ? " NULL" : " NOT NULL");
            if (column.Default is { Length: > 0 } def && !identity)
            {
                if (sameProvider) sb.Append(" DEFAULT ").Append(def);
                else if (MySqlDefaults.Translate(def, MySqlType.Parse(type), out var isNull) is { } translated) sb.Append(" DEFAULT ").Append(translated);
                else if (!isNull) warnings.Add($"{table.Name}.{column.Name}: default {def} has no MySQL equivalent and is dropped");
            }
            if (identity) sb.Append(" AUTO_INCREMENT");
        }
        if (column.Comment is { Length: > 0 } comment) sb.Append(" COMMENT ").Append(MySqlSyntax.Literal(comment));
    }

    private static int FindIdentity(Table table, string[] types, ICollection<string> warnings)
    {
        var found = -1;
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var c = table.Columns[i];
            if (!c.IsIdentity) continue;
            if (MySqlType.Parse(types[i]).Storage != MySqlStorage.Integer)
            {
                warnings.Add($"{table.Name}.{c.Name}: only integer columns can be AUTO_INCREMENT; the column is created without it");
            }
            else if (found >= 0)
            {
                warnings.Add($"{table.Name}.{c.Name}: MySQL allows one AUTO_INCREMENT column per table; this one is created without it");
            }
            else
            {
                found = i;
            }
        }
        return found;
    }

    private static List<Key> CollectKeys(Table table, bool sameProvider, ICollection<string> warnings)
    {
        var keys = new List<Key>();
        if (table.PrimaryKey is { } pk) keys.Add(new Key(KeyKind.Primary, null, pk.Columns, null, false));
        foreach (var u in table.UniqueKeys) keys.Add(new Key(KeyKind.Unique, u.Name, u.Columns, null, false));
        foreach (var index in table.Indexes)
        {
            if (sameProvider && index.Definition is { Length: > 0 } definition)
            {
                keys.Add(new Key(index.IsUnique ? KeyKind.Unique : KeyKind.Index, index.Name, index.Columns, definition, index.HasExpressions));
            }
            else if (index.HasExpressions || index.Columns.Count == 0)
            {
                warnings.Add($"{table.Name}: index {index.Name} uses expressions of another engine and is not created");
            }
            else
            {
                keys.Add(new Key(index.IsUnique ? KeyKind.Unique : KeyKind.Index, index.Name, index.Columns, null, false));
            }
        }
        return keys;
    }

    /// <summary>Unbounded text and blob columns in a key become VARCHAR(768) / VARBINARY(3072); JSON and spatial keys are dropped.</summary>
    private static void BoundKeyColumns(Table table, string[] types, List<Key> keys, ICollection<string> warnings)
    {
        var inKey = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys.ToList())
        {
            var unusable = key.Columns.FirstOrDefault(c => IndexOf(table, c) is var i && i >= 0
                && MySqlType.Parse(types[i]).Storage is MySqlStorage.Json or MySqlStorage.Spatial);
            if (unusable is not null)
            {
                warnings.Add($"{table.Name}: {Describe(key)} includes column {unusable}, which MySQL cannot index this way; the key is not created");
                keys.Remove(key);
                continue;
            }
            foreach (var c in key.Columns) inKey.Add(c);
        }
        for (var i = 0; i < types.Length; i++)
        {
            var column = table.Columns[i];
            if (!inKey.Contains(column.Name)) continue;
            var t = MySqlType.Parse(types[i]);
            if (!t.IsLob) continue;
            var bounded = t.Storage == MySqlStorage.Binary ? $"varbinary({MaxKeyBytes})" : $"varchar({KeyTextLength})";
            types[i] = WithBaseType(types[i], bounded);
            warnings.Add($"{table.Name}.{column.Name}: unbounded {column.TypeClass} in a key is created as {bounded} (MySQL indexes at most {MaxKeyBytes} bytes); longer values fail the load");
        }
    }

    /// <summary>Moves the widest non-key VARCHAR/VARBINARY columns to TEXT/BLOB until the row fits MySQL's 65,535-byte limit.</summary>
    private static void FitRowSize(Table table, string[] types, List<Key> keys)
    {
        var inKey = new HashSet<string>(keys.SelectMany(k => k.Columns), StringComparer.Ordinal);
        while (true)
        {
            var total = 0L;
            var widest = -1;
            var widestBytes = 0L;
            for (var i = 0; i < types.Length; i++)
            {
                var t = MySqlType.Parse(types[i]);
                var bytes = RowBytes(t);
                total += bytes;
                if (t.BaseName is "varchar" or "varbinary" && !inKey.Contains(table.Columns[i].Name) && bytes > widestBytes)
                {
                    widest = i;
                    widestBytes = bytes;
                }
            }
            if (total <= MaxRowBytes || widest < 0) return;
            var w = MySqlType.Parse(types[widest]);
            var lob = w.BaseName == "varbinary"
                ? (widestBytes <= 65_535 ? "blob" : "mediumblob")
                : (widestBytes <= 65_535 ? "text" : "mediumtext");
            types[widest] = WithBaseType(types[widest], lob);
        }
    }

    private static long RowBytes(MySqlType t)
    {
        var n = t.FirstNumber ?? 0;
        return t.BaseName switch
        {
            "varchar" => (long)n * BytesPerChar(t) + 2,
            "char" => (long)n * BytesPerChar(t),
            "varbinary" => n + 2,
            "binary" => n,
            _ when t.IsLob => 12,
            "decimal" => 30,
            _ => 8,
        };
    }

    private static long KeyBytes(MySqlType t)
    {
        var n = t.FirstNumber ?? 0;
        return t.BaseName switch
        {
            "varchar" or "char" => (long)n * BytesPerChar(t),
            "varbinary" or "binary" => n,
            "decimal" => 30,
            _ => 8,
        };
    }

    private static int BytesPerChar(MySqlType t) =>
        t.Suffix.Contains("ascii", StringComparison.OrdinalIgnoreCase) || t.Suffix.Contains("latin1", StringComparison.OrdinalIgnoreCase) ? 1 : 4;

    private static string KeyClause(Key key, Table table, string[] types, ICollection<string> warnings, bool inline)
    {
        if (key.Definition is not null) return key.Definition;
        var parts = KeyParts(key, table, types, warnings);
        var name = key.Name is null ? string.Empty : MySqlSyntax.Quote(MySqlSyntax.Fit(key.Name)) + " ";
        return key.Kind switch
        {
            KeyKind.Primary => $"PRIMARY KEY ({parts})",
            KeyKind.Unique => $"UNIQUE {(inline ? "KEY" : "INDEX")} {name}({parts})",
            _ => $"{(inline ? "KEY" : "INDEX")} {name}({parts})",
        };
    }

    /// <summary>The key's column list, with prefix lengths when the full columns exceed InnoDB's key size.</summary>
    private static string KeyParts(Key key, Table table, string[] types, ICollection<string> warnings)
    {
        var columns = key.Columns.Select(c => (Name: c, Type: IndexOf(table, c) is var i and >= 0 ? MySqlType.Parse(types[i]) : MySqlType.Parse("int"))).ToList();
        var total = columns.Sum(c => KeyBytes(c.Type));
        var prefixes = new int?[columns.Count];
        if (total > MaxKeyBytes)
        {
            var variable = columns.Where(c => c.Type.BaseName is "varchar" or "char" or "varbinary" or "binary").ToList();
            var fixedBytes = total - variable.Sum(c => KeyBytes(c.Type));
            var share = Math.Max(1, (MaxKeyBytes - fixedBytes) / Math.Max(1, variable.Count));
            for (var j = 0; j < columns.Count; j++)
            {
                var t = columns[j].Type;
                if (t.BaseName is not ("varchar" or "char" or "varbinary" or "binary")) continue;
                var perChar = t.BaseName is "varbinary" or "binary" ? 1 : BytesPerChar(t);
                var length = (int)Math.Max(1, share / perChar);
                if (length < (t.FirstNumber ?? int.MaxValue)) prefixes[j] = length;
            }
            var prefixed = string.Join(", ", columns.Where((_, j) => prefixes[j] is not null).Select(c => c.Name));
            warnings.Add($"{table.Name}: {Describe(key)} exceeds MySQL's {MaxKeyBytes}-byte key limit and indexes only a prefix of {prefixed}" +
                (key.Kind == KeyKind.Index ? string.Empty : "; uniqueness is enforced on that prefix only"));
        }
        return string.Join(", ", columns.Select((c, j) => MySqlSyntax.Quote(c.Name) +
            (prefixes[j] is { } p ? "(" + p.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty)));
    }

    private static string ForeignKeyClause(Table table, ForeignKey fk, bool sameProvider, ICollection<string> warnings)
    {
        var sb = new StringBuilder("ADD ");
        if (fk.Name is { Length: > 0 } name) sb.Append("CONSTRAINT ").Append(MySqlSyntax.Quote(sameProvider ? name : MySqlSyntax.Fit(name))).Append(' ');
        sb.Append("FOREIGN KEY (").Append(MySqlSyntax.ColumnList(fk.Columns)).Append(") REFERENCES ")
            .Append(MySqlSyntax.Quote(fk.ReferencedTable.Name)).Append(" (").Append(MySqlSyntax.ColumnList(fk.ReferencedColumns)).Append(')');
        // RESTRICT is InnoDB's default and is left unsaid: MariaDB records an explicit RESTRICT added while
        // foreign_key_checks=0 as NO ACTION, which would not re-inspect as the source.
        var onDelete = Action(table, fk, fk.OnDelete, warnings);
        var onUpdate = Action(table, fk, fk.OnUpdate, warnings);
        if (onDelete != "RESTRICT") sb.Append(" ON DELETE ").Append(onDelete);
        if (onUpdate != "RESTRICT") sb.Append(" ON UPDATE ").Append(onUpdate);
        return sb.ToString();
    }

    private static string Action(Table table, ForeignKey fk, string action, ICollection<string> warnings)
    {
        var normalized = action.Trim().ToUpperInvariant();
        switch (normalized)
        {
            case "CASCADE" or "SET NULL" or "RESTRICT" or "NO ACTION":
                return normalized;
            default:
                warnings.Add($"{table.Name}: foreign key {fk.Name ?? string.Join(",", fk.Columns)} action {action} is not supported by InnoDB; NO ACTION is used");
                return "NO ACTION";
        }
    }

    /// <summary>
    /// Sets the AUTO_INCREMENT counter past the largest loaded value. ALTER TABLE takes only a literal, hence the prepared
    /// statement; the statements run as one batch so they share the session's variables.
    /// </summary>
    private static string ResetAutoIncrement(string quotedTable, string column)
    {
        var alter = MySqlSyntax.Literal($"ALTER TABLE {quotedTable} AUTO_INCREMENT = ");
        return $"SET @obscura_next_id = (SELECT COALESCE(MAX({MySqlSyntax.Quote(column)}), 0) + 1 FROM {quotedTable});\n" +
               $"SET @obscura_sql = CONCAT({alter}, @obscura_next_id);\n" +
               "PREPARE obscura_reset_auto_increment FROM @obscura_sql;\n" +
               "EXECUTE obscura_reset_auto_increment;\n" +
               "DEALLOCATE PREPARE obscura_reset_auto_increment";
    }

    /// <summary>Replaces the leading <c>name(args)</c> of a declared type, keeping what follows verbatim (charset, collation comments).</summary>
    private static string WithBaseType(string declared, string baseType)
    {
        var s = declared.TrimStart();
        var i = 0;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
        var rest = s[i..].TrimStart();
        if (rest.StartsWith('('))
        {
            var close = rest.IndexOf(')', StringComparison.Ordinal);
            rest = close < 0 ? string.Empty : rest[(close + 1)..].TrimStart();
        }
        return rest.Length == 0 ? baseType : baseType + " " + rest;
    }

    private static int IndexOf(Table table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++) if (table.Columns[i].Name == column) return i;
        return -1;
    }

    private static string Describe(Key key) => key.Kind switch
    {
        KeyKind.Primary => "the primary key",
        KeyKind.Unique => $"unique key {key.Name ?? "(" + string.Join(", ", key.Columns) + ")"}",
        _ => $"index {key.Name}",
    };

    private enum KeyKind
    {
        Primary,
        Unique,
        Index,
    }

    private sealed record Key(KeyKind Kind, string? Name, IReadOnlyList<string> Columns, string? Definition, bool IsExpression);
}
