using System.Globalization;
using Obscura.Core.Schema;
using Obscura.Data.MySql.Internal;

namespace Obscura.Data.MySql;

/// <summary>
/// MariaDB/MySQL SQL: backtick quoting, type mapping from other engines, and table DDL. A MySQL database has no
/// schemas inside it, so table names are never qualified. See docs/providers/mysql.md for the mapping tables.
/// </summary>
public sealed class MySqlDialect : SqlDialect
{
    /// <summary>
    /// Collation of text columns that come from other engines: binary and NO PAD, so values that differ only in case or
    /// trailing spaces stay distinct under unique keys, as they are in PostgreSQL and SQLite. The name differs by server,
    /// so it is chosen with executable comments: <c>/*M!...*/</c> runs on MariaDB only, and MariaDB skips <c>/*!80017...*/</c>.
    /// </summary>
    internal const string ForeignTextCharset = "CHARACTER SET utf8mb4 COLLATE /*M!100202 utf8mb4_nopad_bin */ /*!80017 utf8mb4_0900_bin */";

    /// <summary>MariaDB 10.7+ has a native 16-byte uuid type; MySQL gets lower-case text in an ASCII char(36).</summary>
    internal const string UuidType = "/*M!100700 uuid */ /*!80017 char(36) CHARACTER SET ascii COLLATE ascii_bin */";

    private const int MaxVarcharLength = 16_383;
    private const int MaxVarbinaryLength = 16_383;

    /// <inheritdoc />
    public override string Name => MySqlProvider.ProviderName;

    /// <inheritdoc />
    public override bool SupportsSchemas => false;

    /// <inheritdoc />
    public override string? DefaultSchema => null;

    /// <inheritdoc />
    public override string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return MySqlSyntax.Quote(identifier);
    }

    /// <inheritdoc />
    /// <remarks>
    /// From MySQL itself the column is returned unchanged. From other engines only <see cref="Column.DeclaredType"/>
    /// changes (and <see cref="Column.IsIdentity"/> is kept for integers only); the type class and the other facts stay
    /// as the source reported them. Warnings name the column and the source type, never a value.
    /// </remarks>
    public override Column MapColumn(Column source, string sourceProvider, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(warnings);
        if (string.Equals(sourceProvider, Name, StringComparison.Ordinal)) return source;
        var declared = MapType(source, sourceProvider, warnings);
        return source with
        {
            DeclaredType = declared,
            IsIdentity = source.IsIdentity && source.TypeClass == TypeClass.Integer,
        };
    }

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="TableDdl.Create"/> declares columns (NULL/NOT NULL, defaults, AUTO_INCREMENT, comments) with
    /// <c>ENGINE=InnoDB DEFAULT CHARSET=utf8mb4</c>; an AUTO_INCREMENT column's key is declared inline because MySQL
    /// requires it. <see cref="TableDdl.AfterLoad"/> is one ALTER TABLE adding the primary key, unique keys, indexes and
    /// (same engine only) CHECK constraints, so the table is rebuilt once. <see cref="TableDdl.ForeignKeys"/> is one
    /// ALTER TABLE with every foreign key; <see cref="TableDdl.Finish"/> moves the AUTO_INCREMENT counter past the
    /// largest loaded value.
    /// </remarks>
    public override TableDdl BuildTableDdl(Table table, bool sameProvider, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(warnings);
        return MySqlTableDdlBuilder.Build(table, sameProvider, warnings);
    }

    /// <inheritdoc />
    public override SqlScriptWriter ScriptWriter => _scriptWriter ??= new MySqlScriptWriter(this);

    private MySqlScriptWriter? _scriptWriter;

    /// <inheritdoc />
    public override string DropTableIfExists(TableName table) => $"DROP TABLE IF EXISTS {Qualify(table)}";

    /// <inheritdoc />
    public override string UpdateFrom(TableName target, TableName scratch,
        IReadOnlyList<(string Target, string Scratch)> keys, IReadOnlyList<(string Target, string Scratch)> sets)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(sets);
        var on = string.Join(" AND ", keys.Select(p => $"d.{Quote(p.Target)} = s.{Quote(p.Scratch)}"));
        var set = string.Join(", ", sets.Select(p => $"d.{Quote(p.Target)} = s.{Quote(p.Scratch)}"));
        return $"UPDATE {Qualify(target)} AS d JOIN {Qualify(scratch)} AS s ON {on} SET {set}";
    }

    /// <inheritdoc />
    /// <remarks>Session-scoped; with checks off InnoDB also performs no cascades.</remarks>
    public override (IReadOnlyList<string> Off, IReadOnlyList<string> On) ForeignKeyChecks => (["SET FOREIGN_KEY_CHECKS = 0"], ["SET FOREIGN_KEY_CHECKS = 1"]);

    /// <inheritdoc />
    public override string? CreateSchemaIfMissing(string schema) => null;

    /// <inheritdoc />
    /// <remarks>
    /// Spatial columns are read as WKB (<c>ST_AsBinary</c>); decimals wider than <see cref="decimal"/> holds
    /// (precision above 28) are read as text so no digit is lost.
    /// </remarks>
    public override string SelectExpression(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var quoted = Quote(column.Name);
        var type = MySqlType.Parse(column.DeclaredType);
        return type.Storage switch
        {
            MySqlStorage.Spatial => $"ST_AsBinary({quoted}) AS {quoted}",
            MySqlStorage.Decimal when column.Precision > 28 || type.FirstNumber > 28 => $"CAST({quoted} AS CHAR) AS {quoted}",
            _ => quoted,
        };
    }

    /// <inheritdoc />
    /// <remarks>Declared as in CREATE TABLE, but never AUTO_INCREMENT (MySQL needs a key on such a column first).</remarks>
    public override string AddColumn(Table table, Column column, bool sameProvider, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(warnings);
        if (column.IsIdentity) warnings.Add($"{table.Name}.{column.Name}: an added column is not made AUTO_INCREMENT");
        return $"ALTER TABLE {Qualify(table.Name)} ADD COLUMN {MySqlTableDdlBuilder.ColumnDefinition(table, column, identity: false, sameProvider, warnings)}";
    }

    /// <inheritdoc />
    /// <remarks>MODIFY COLUMN restates the whole definition (type, NULL, default, AUTO_INCREMENT, comment), whatever changed.</remarks>
    public override IReadOnlyList<string> AlterColumn(Table table, Column wanted, ColumnChanges changes, bool sameProvider, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(warnings);
        if (changes == ColumnChanges.None) return [];
        var identity = wanted.IsIdentity && MySqlType.Parse(wanted.DeclaredType).Storage == MySqlStorage.Integer;
        return [$"ALTER TABLE {Qualify(table.Name)} MODIFY COLUMN {MySqlTableDdlBuilder.ColumnDefinition(table, wanted, identity, sameProvider, warnings)}"];
    }

    /// <inheritdoc />
    public override string DropIndex(TableName table, string index) => $"DROP INDEX {Quote(index)} ON {Qualify(table)}";

    /// <inheritdoc />
    /// <remarks>A unique key is an index in MySQL.</remarks>
    public override string? DropUniqueKey(TableName table, UniqueKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return string.IsNullOrEmpty(key.Name) ? null : DropIndex(table, key.Name);
    }

    /// <inheritdoc />
    public override string DropForeignKey(TableName table, string name) => $"ALTER TABLE {Qualify(table)} DROP FOREIGN KEY {Quote(name)}";

    private static string MapType(Column c, string sourceProvider, ICollection<string> warnings)
    {
        switch (c.TypeClass)
        {
            case TypeClass.Integer:
                var integer = c.IntegerBits switch
                {
                    <= 8 => "tinyint",
                    <= 16 => "smallint",
                    <= 24 => "mediumint",
                    <= 32 => "int",
                    _ => "bigint",
                };
                return c.IsUnsigned ? integer + " unsigned" : integer;
            case TypeClass.Decimal:
                return MapDecimal(c, sourceProvider, warnings);
            case TypeClass.Float:
                return "double";
            case TypeClass.Boolean:
                return "tinyint(1)";
            case TypeClass.Date:
                return "date";
            case TypeClass.DateTime:
                return $"datetime({FractionalDigits(c)})";
            case TypeClass.DateTimeOffset:
                // TIMESTAMP is MySQL's instant type (UTC inside); its range is 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC.
                return $"timestamp({FractionalDigits(c)})";
            case TypeClass.Time:
                return $"time({FractionalDigits(c)})";
            case TypeClass.Uuid:
                return UuidType;
            case TypeClass.Json:
                return "json";
            case TypeClass.Binary:
                return c.MaxLength switch
                {
                    > 0 and <= MaxVarbinaryLength => $"varbinary({c.MaxLength.Value.ToString(CultureInfo.InvariantCulture)})",
                    > 0 and <= 65_535 => "blob",
                    > 0 and <= 16_777_215 => "mediumblob",
                    _ => "longblob",
                };
            case TypeClass.Text:
                return MapText(c);
            default:
                var spatial = IsSpatialName(c.DeclaredType);
                var carrier = spatial ? "longblob" : "longtext " + ForeignTextCharset;
                warnings.Add($"column {c.Name}: {sourceProvider} type {c.DeclaredType} has no MySQL equivalent; it is stored as {(spatial ? "longblob (WKB)" : "longtext")}");
                return carrier;
        }
    }

    private static string MapText(Column c)
    {
        if (c.EnumValues is { Count: > 0 } values)
        {
            // Enum labels travel as text: a VARCHAR wide enough for the longest keeps any later label change possible.
            var longest = Math.Max(1, values.Max(v => v.Length));
            return $"varchar({longest.ToString(CultureInfo.InvariantCulture)}) {ForeignTextCharset}";
        }
        var type = c.MaxLength switch
        {
            > 0 and <= MaxVarcharLength => $"varchar({c.MaxLength.Value.ToString(CultureInfo.InvariantCulture)})",
            > 0 and <= 4_194_303 => "mediumtext",
            _ => "longtext",
        };
        return type + " " + ForeignTextCharset;
    }

    private static string MapDecimal(Column c, string sourceProvider, ICollection<string> warnings)
    {
        if (c.Precision is not { } precision || precision <= 0)
        {
            warnings.Add($"column {c.Name}: {sourceProvider} type {c.DeclaredType} has no declared precision; it is stored as decimal(65,30), so values with more than 35 integer or 30 fractional digits fail or are rounded");
            return "decimal(65,30)";
        }
        var scale = Math.Max(0, c.Scale ?? 0);
        if (precision > 65 || scale > 30)
        {
            var p = Math.Min(precision, 65);
            var s = Math.Min(scale, 30);
            warnings.Add($"column {c.Name}: {sourceProvider} type {c.DeclaredType} exceeds MySQL's decimal(65,30); it is stored as decimal({p},{s})");
            return $"decimal({p.ToString(CultureInfo.InvariantCulture)},{s.ToString(CultureInfo.InvariantCulture)})";
        }
        return $"decimal({precision.ToString(CultureInfo.InvariantCulture)},{Math.Min(scale, precision).ToString(CultureInfo.InvariantCulture)})";
    }

    private static string FractionalDigits(Column c) => Math.Clamp(c.Precision ?? 6, 0, 6).ToString(CultureInfo.InvariantCulture);

    private static bool IsSpatialName(string declaredType)
    {
        var lower = declaredType.ToLowerInvariant();
        return lower.Contains("geometry", StringComparison.Ordinal) || lower.Contains("geography", StringComparison.Ordinal)
            || MySqlType.IsSpatialName(MySqlType.Parse(declaredType).BaseName);
    }

    /// <inheritdoc />
    /// <remarks>CRC32 of the seed and the key's values (an unsigned 32-bit integer already).</remarks>
    public override string? SampleHash(IReadOnlyList<Column> columns, long seed)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return $"CRC32(CONCAT_WS('|', {seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {string.Join(", ", columns.Select(c => Quote(c.Name)))}))";
    }
}
