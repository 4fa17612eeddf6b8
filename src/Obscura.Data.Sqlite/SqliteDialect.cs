using System.Globalization;
using System.Text;
using Obscura.Core.Schema;
using Obscura.Data.Sqlite.Internal;

namespace Obscura.Data.Sqlite;

/// <summary>
/// SQLite's SQL: double-quoted identifiers, type mapping from other engines' columns, and table DDL. SQLite cannot add
/// keys or constraints to an existing table, so <see cref="BuildTableDdl"/> declares them all in CREATE TABLE (foreign
/// keys are not checked while loading because the provider turns <c>foreign_keys</c> off); only indexes come after the load.
/// </summary>
/// <remarks>
/// From other engines: Text → VARCHAR(n) or TEXT (enums → TEXT with a CHECK (col IN (...))); Integer → INTEGER (64 bits
/// and identity columns, so a single-column key becomes the rowid), INT, SMALLINT, TINYINT, MEDIUMINT by width, with
/// UNSIGNED kept; Decimal → NUMERIC(p,s) up to 15 digits, else DECIMAL_TEXT(p,s) (TEXT affinity: exact, because
/// NUMERIC affinity keeps 15 significant digits); Float → REAL; Boolean → BOOLEAN; Date → DATE; DateTime → DATETIME;
/// DateTimeOffset → TIMESTAMPTZ; Time → TIME; Uuid → UUID; Json → JSON; Binary → BLOB; Other → BLOB for spatial
/// types, else TEXT, with a warning. See docs/providers/sqlite.md.
/// </remarks>
public sealed class SqliteDialect : SqlDialect
{
    /// <summary>The identity detail the inspector records for AUTOINCREMENT columns.</summary>
    internal const string AutoIncrement = "AUTOINCREMENT";

    private static readonly string[] SpatialNames = ["geometry", "geography", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection"];

    private static readonly HashSet<string> ForeignKeyActions = new(StringComparer.OrdinalIgnoreCase)
    {
        "NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT",
    };

    /// <inheritdoc />
    public override string Name => "sqlite";

    /// <inheritdoc />
    public override bool SupportsSchemas => false;

    /// <inheritdoc />
    public override string? DefaultSchema => null;

    /// <inheritdoc />
    public override string Quote(string identifier) => QuoteIdentifier(identifier);

    /// <summary>Double-quotes an identifier, doubling embedded double quotes.</summary>
    internal static string QuoteIdentifier(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <inheritdoc />
    public override SqlScriptWriter ScriptWriter => _scriptWriter ??= new SqliteScriptWriter(this);

    private SqliteScriptWriter? _scriptWriter;

    /// <inheritdoc />
    public override string DropTableIfExists(TableName table) => $"DROP TABLE IF EXISTS {Qualify(table)}";

    /// <inheritdoc />
    /// <remarks>Per connection and only outside a transaction; with enforcement off, no cascades run either.</remarks>
    public override (IReadOnlyList<string> Off, IReadOnlyList<string> On) ForeignKeyChecks => (["PRAGMA foreign_keys = OFF"], ["PRAGMA foreign_keys = ON"]);

    /// <inheritdoc />
    public override string? CreateSchemaIfMissing(string schema) => null;

    /// <inheritdoc />
    public override Column MapColumn(Column source, string sourceProvider, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(warnings);
        if (sourceProvider == Name) return source;

        var type = source.TypeClass switch
        {
            TypeClass.Text => source.EnumValues is { Count: > 0 } || source.MaxLength is not > 0 ? "TEXT" : Args("VARCHAR", source.MaxLength),
            TypeClass.Integer => IntegerType(source),
            TypeClass.Decimal => source.Precision is > 0 and <= 15
                ? Args("NUMERIC", source.Precision, source.Scale)
                : Args("DECIMAL_TEXT", source.Precision, source.Precision is null ? null : source.Scale),
            TypeClass.Float => "REAL",
            TypeClass.Boolean => "BOOLEAN",
            TypeClass.Date => "DATE",
            TypeClass.DateTime => Args("DATETIME", source.Precision),
            TypeClass.DateTimeOffset => Args("TIMESTAMPTZ", source.Precision),
            TypeClass.Time => Args("TIME", source.Precision),
            TypeClass.Uuid => "UUID",
            TypeClass.Json => "JSON",
            TypeClass.Binary => source.MaxLength is > 0 ? Args("BLOB", source.MaxLength) : "BLOB",
            _ => IsSpatial(source.DeclaredType) ? "BLOB" : "TEXT",
        };
        if (source.TypeClass == TypeClass.Other)
        {
            warnings.Add($"column \"{source.Name}\": {sourceProvider} type {source.DeclaredType} has no SQLite equivalent; " +
                         $"its values are stored as {type} in the form the {sourceProvider} reader returns them");
        }
        var def = SqliteDefaults.Translate(source.Default, source.TypeClass, out var untranslated);
        if (untranslated && !source.IsIdentity)
        {
            warnings.Add($"column \"{source.Name}\": default {source.Default} is {sourceProvider} SQL with no SQLite translation; the column has no default");
        }
        return source with
        {
            DeclaredType = type,
            Default = def,
            IdentityDefinition = null,
            MaxLength = source.TypeClass is TypeClass.Text or TypeClass.Binary ? source.MaxLength : null,
        };
    }

    /// <inheritdoc />
    public override TableDdl BuildTableDdl(Table table, bool sameProvider, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(warnings);
        var pk = table.PrimaryKey is { Columns.Count: > 0 } p ? p : null;
        // A single-column primary key declared exactly INTEGER is declared on the column, which makes it the rowid.
        var rowIdColumn = pk is { Columns.Count: 1 } && table.FindColumn(pk.Columns[0]) is { } pkColumn && SqliteTypes.IsRowIdAliasType(pkColumn.DeclaredType)
            ? pkColumn.Name
            : null;

        var lines = new List<string>();
        foreach (var column in table.Columns)
        {
            var sb = new StringBuilder(Quote(column.Name));
            if (!string.IsNullOrWhiteSpace(column.DeclaredType)) sb.Append(' ').Append(column.DeclaredType.Trim());
            if (column.Name == rowIdColumn)
            {
                sb.Append(' ').Append(Constraint(pk!.Name)).Append("PRIMARY KEY");
                if (sameProvider && string.Equals(column.IdentityDefinition, AutoIncrement, StringComparison.OrdinalIgnoreCase)) sb.Append(" AUTOINCREMENT");
            }
            if (!column.IsNullable) sb.Append(" NOT NULL");
            var def = DefaultClause(column, sameProvider, warnings);
            if (def is not null) sb.Append(" DEFAULT ").Append(def);
            lines.Add(sb.ToString());
        }
        if (pk is not null && rowIdColumn is null)
        {
            lines.Add($"{Constraint(pk.Name)}PRIMARY KEY ({ColumnList(pk.Columns)})");
        }
        foreach (var unique in table.UniqueKeys)
        {
            if (unique.Columns.Count == 0 || (pk is not null && unique.Columns.SequenceEqual(pk.Columns))) continue;
            lines.Add($"{Constraint(unique.Name)}UNIQUE ({ColumnList(unique.Columns)})");
        }
        if (sameProvider)
        {
            foreach (var check in table.Checks) lines.Add($"{Constraint(check.Name)}CHECK ({check.Expression})");
        }
        else
        {
            foreach (var check in table.Checks)
            {
                if (check.IsPortable)
                {
                    lines.Add($"{Constraint(check.Name)}CHECK ({check.Expression})");
                    continue;
                }
                warnings.Add($"CHECK constraint {check.Name ?? "(" + check.Expression + ")"} is written in another engine's SQL and is not recreated");
            }
            foreach (var column in table.Columns)
            {
                if (column.EnumValues is not { Count: > 0 } values) continue;
                lines.Add($"CHECK ({Quote(column.Name)} IN ({string.Join(", ", values.Select(StringLiteral))}))");
            }
        }
        foreach (var fk in table.ForeignKeys)
        {
            var sb = new StringBuilder(Constraint(fk.Name))
                .Append("FOREIGN KEY (").Append(ColumnList(fk.Columns)).Append(") REFERENCES ")
                .Append(Qualify(fk.ReferencedTable)).Append(" (").Append(ColumnList(fk.ReferencedColumns)).Append(')');
            AppendAction(sb, "DELETE", fk.OnDelete, fk, warnings);
            AppendAction(sb, "UPDATE", fk.OnUpdate, fk, warnings);
            lines.Add(sb.ToString());
        }
        var create = $"CREATE TABLE {Qualify(table.Name)} (\n  {string.Join(",\n  ", lines)}\n)";

        var afterLoad = new List<string>();
        foreach (var index in table.Indexes)
        {
            if (sameProvider && !string.IsNullOrWhiteSpace(index.Definition))
            {
                afterLoad.Add(index.Definition);
                continue;
            }
            if (index.HasExpressions || index.Columns.Count == 0)
            {
                warnings.Add($"index {index.Name} is on expressions in another engine's SQL and is not recreated");
                continue;
            }
            var name = sameProvider ? index.Name : CrossEngineIndexName(table.Name.Name, index.Name);
            afterLoad.Add($"CREATE {(index.IsUnique ? "UNIQUE " : string.Empty)}INDEX {Quote(name)} ON {Qualify(table.Name)} ({ColumnList(index.Columns)})");
        }
        // Finish is empty: an explicit rowid above the AUTOINCREMENT counter moves sqlite_sequence forward by itself.
        return new TableDdl(create, afterLoad, [], []);
    }

    /// <inheritdoc />
    /// <remarks>SQLite changes keys, foreign keys and column definitions only by rebuilding the table.</remarks>
    public override bool CanAlterTables => false;

    /// <inheritdoc />
    /// <remarks>
    /// SQLite adds a NOT NULL column only with a non-NULL default, and never as a key; the caller decides nullability.
    /// An enum column from another engine gets its CHECK (col IN (...)) as in CREATE TABLE.
    /// </remarks>
    public override string AddColumn(Table table, Column column, bool sameProvider, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(warnings);
        var sb = new StringBuilder("ALTER TABLE ").Append(Qualify(table.Name)).Append(" ADD COLUMN ").Append(Quote(column.Name));
        if (!string.IsNullOrWhiteSpace(column.DeclaredType)) sb.Append(' ').Append(column.DeclaredType.Trim());
        var def = DefaultClause(column, sameProvider, warnings);
        if (!column.IsNullable && def is not null) sb.Append(" NOT NULL");
        if (def is not null) sb.Append(" DEFAULT ").Append(def);
        if (!sameProvider && column.EnumValues is { Count: > 0 } values)
        {
            sb.Append(" CHECK (").Append(Quote(column.Name)).Append(" IN (").Append(string.Join(", ", values.Select(StringLiteral))).Append("))");
        }
        return sb.ToString();
    }

    private static string? DefaultClause(Column column, bool sameProvider, ICollection<string> warnings)
    {
        if (string.IsNullOrWhiteSpace(column.Default)) return null;
        if (sameProvider) return SqliteDefaults.Format(column.Default);
        var translated = SqliteDefaults.Translate(column.Default, column.TypeClass, out var untranslated);
        if (untranslated && !column.IsIdentity)
        {
            warnings.Add($"column \"{column.Name}\": default {column.Default} has no SQLite translation; the column has no default");
        }
        return translated;
    }

    private static void AppendAction(StringBuilder sb, string on, string action, ForeignKey fk, ICollection<string> warnings)
    {
        var normalized = string.Join(' ', (action ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
        if (normalized.Length == 0 || normalized == "NO ACTION") return;
        if (!ForeignKeyActions.Contains(normalized))
        {
            warnings.Add($"foreign key {fk.Name ?? string.Join(",", fk.Columns)}: ON {on} {action} is not supported by SQLite; NO ACTION is used");
            return;
        }
        sb.Append(" ON ").Append(on).Append(' ').Append(normalized);
    }

    /// <summary>Index names are global in SQLite but per table in MySQL: prefix the table unless the name already carries it.</summary>
    private static string CrossEngineIndexName(string table, string index) =>
        index.Contains(table, StringComparison.OrdinalIgnoreCase) ? index : table + "_" + index;

    private static string IntegerType(Column source)
    {
        if (source.IsIdentity) return "INTEGER";
        var bits = source.IntegerBits ?? 64;
        if (source.IsUnsigned)
        {
            return bits switch
            {
                <= 8 => "TINYINT UNSIGNED",
                <= 16 => "SMALLINT UNSIGNED",
                <= 24 => "MEDIUMINT UNSIGNED",
                <= 32 => "INT UNSIGNED",
                _ => "UNSIGNED BIG INT",
            };
        }
        return bits switch
        {
            <= 8 => "TINYINT",
            <= 16 => "SMALLINT",
            <= 24 => "MEDIUMINT",
            <= 32 => "INT",
            _ => "INTEGER",
        };
    }

    private static bool IsSpatial(string declaredType)
    {
        foreach (var name in SpatialNames)
        {
            if (declaredType.StartsWith(name, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static string Args(string name, int? first, int? second = null) => first switch
    {
        null => name,
        _ when second is null => string.Create(CultureInfo.InvariantCulture, $"{name}({first})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{name}({first},{second})"),
    };

    private string Constraint(string? name) => string.IsNullOrEmpty(name) ? string.Empty : $"CONSTRAINT {Quote(name)} ";

    private string ColumnList(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    private static string StringLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <inheritdoc />
    /// <remarks>
    /// SQLite has no hash function: a multiplicative (Fibonacci) hash of integer keys, folded column by column and
    /// rotated so the well-mixed high bits come last. Keys that are not integers hash the rowid instead.
    /// </remarks>
    public override string? SampleHash(IReadOnlyList<Column> columns, long seed)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var parts = columns.Count > 0 && columns.All(c => c.TypeClass == TypeClass.Integer)
            ? columns.Select(c => Quote(c.Name)).ToList()
            : ["_rowid_"];
        // Every step stays below 2^63: (x mod 2^31) * 2654435761 < 2^62.3.
        var h = (Math.Abs(seed % 2147483648L)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var part in parts)
            h = $"(((({h}) + abs({part})) % 2147483648) * 2654435761 % 4294967296)";
        return $"((({h}) / 65536) + (({h}) % 65536) * 65536)";
    }
}
