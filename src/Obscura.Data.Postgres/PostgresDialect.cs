using System.Globalization;
using System.Text;
using Obscura.Core.Schema;
using Obscura.Data.Postgres.Internal;

namespace Obscura.Data.Postgres;

/// <summary>
/// PostgreSQL's SQL: double-quoted identifiers, type mapping from any provider's columns, and DDL split into
/// create / after-load / foreign-key / finish phases. Within PostgreSQL everything is kept verbatim
/// (types, defaults, identity, checks, index definitions, enum types); from other engines a documented
/// mapping by <see cref="TypeClass"/> is used and lossy fallbacks are reported as warnings.
/// </summary>
public sealed class PostgresDialect : SqlDialect
{
    // PostgreSQL's limit for varchar(n); longer declared lengths become text.
    private const int MaxVarcharLength = 10_485_760;

    /// <inheritdoc />
    public override string Name => PostgresProvider.ProviderName;

    /// <inheritdoc />
    public override bool SupportsSchemas => true;

    /// <inheritdoc />
    public override string? DefaultSchema => "public";

    /// <inheritdoc />
    public override string Quote(string identifier) => QuoteIdentifier(identifier);

    /// <summary>Double-quotes an identifier, doubling embedded quotes, so case, spaces and reserved words round-trip.</summary>
    internal static string QuoteIdentifier(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A single-quoted SQL string literal (standard_conforming_strings).</summary>
    internal static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <inheritdoc />
    public override string ScratchTable => "UNLOGGED TABLE";

    /// <inheritdoc />
    public override IReadOnlyList<string> DropKeysAndIndexes(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var qualified = Qualify(table.Name);
        var statements = new List<string>();
        // Keys own their indexes: dropping the constraint drops the index. Names are the catalog's own.
        if (table.PrimaryKey is { Name: { } pk }) statements.Add($"ALTER TABLE {qualified} DROP CONSTRAINT {Quote(pk)}");
        foreach (var u in table.UniqueKeys) if (u.Name is { } name) statements.Add($"ALTER TABLE {qualified} DROP CONSTRAINT {Quote(name)}");
        foreach (var index in table.Indexes) statements.Add($"DROP INDEX {Qualify(table.Name with { Name = index.Name })}");
        return statements;
    }

    /// <inheritdoc />
    public override string? KeyAndIndexDefinitions(TableName table)
    {
        var name = Literal(Qualify(table));
        var schema = Literal(Quote(table.Schema ?? "public"));
        // Constraint-backed indexes come back as their constraints, other indexes as CREATE INDEX, the replica identity last
        // (dropping its index resets it).
        return $"""
            SELECT drop_statement, statement FROM (
              SELECT 1 AS step, c.conname::text AS name,
                     'ALTER TABLE ' || {name} || ' DROP CONSTRAINT ' || quote_ident(c.conname) AS drop_statement,
                     CASE WHEN c.contype = 'x' THEN 'ALTER TABLE ' || {name} || ' ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_catalog.pg_get_constraintdef(c.oid)
                     -- The index first (its definition keeps storage parameters, which the constraint's text leaves out), then the key over it.
                     ELSE pg_catalog.pg_get_indexdef(c.conindid) || '; ALTER TABLE ' || {name} || ' ADD CONSTRAINT ' || quote_ident(c.conname)
                          || CASE c.contype WHEN 'p' THEN ' PRIMARY KEY' ELSE ' UNIQUE' END || ' USING INDEX ' || quote_ident(ic.relname)
                          || CASE WHEN c.condeferrable THEN ' DEFERRABLE' || CASE WHEN c.condeferred THEN ' INITIALLY DEFERRED' ELSE '' END ELSE '' END
                     END AS statement
              FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class ic ON ic.oid = c.conindid
              WHERE c.conrelid = {name}::regclass AND c.contype IN ('p', 'u', 'x')
              UNION ALL
              SELECT 2, ic.relname::text, 'DROP INDEX ' || {schema} || '.' || quote_ident(ic.relname), pg_catalog.pg_get_indexdef(i.indexrelid)
              FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
              WHERE i.indrelid = {name}::regclass
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
              UNION ALL
              SELECT 3, '', NULL, 'ALTER TABLE ' || {name} || ' REPLICA IDENTITY USING INDEX ' || quote_ident(ic.relname)
              FROM pg_catalog.pg_class t JOIN pg_catalog.pg_index i ON i.indrelid = t.oid AND i.indisreplident JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
              WHERE t.oid = {name}::regclass AND t.relreplident = 'i'
            ) d ORDER BY step, name
            """;
    }

    /// <inheritdoc />
    public override string? ForeignKeyDefinition(TableName table, string name) =>
        $"SELECT NULL AS drop_statement, 'ALTER TABLE ' || {Literal(Qualify(table))} || ' ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_catalog.pg_get_constraintdef(c.oid) AS statement " +
        $"FROM pg_catalog.pg_constraint c WHERE c.conrelid = {Literal(Qualify(table))}::regclass AND c.contype = 'f' AND c.conname = {Literal(name)}";

    /// <inheritdoc />
    /// <remarks>TRUNCATE is transactional here and leaves no dead tuples for the rewrite to step over; the caller has dropped the foreign keys that reference the table.</remarks>
    public override string DeleteAll(TableName table) => $"TRUNCATE {Qualify(table)}";

    /// <inheritdoc />
    /// <remarks>OVERRIDING SYSTEM VALUE keeps the rows' own ids in GENERATED ALWAYS identity columns.</remarks>
    public override string InsertAll(TableName target, TableName scratch, IReadOnlyList<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var list = string.Join(", ", columns.Select(c => Quote(c.Name)));
        var overriding = columns.Any(c => c.IsIdentity) ? " OVERRIDING SYSTEM VALUE" : string.Empty;
        return $"INSERT INTO {Qualify(target)} ({list}){overriding} SELECT {list} FROM {Qualify(scratch)}";
    }

    /// <inheritdoc />
    public override string SelectExpression(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var quoted = Quote(column.Name);
        // Npgsql returns time as TimeOnly, which cannot hold 24:00:00; as an interval it comes back as a TimeSpan (the canonical value).
        if (column.TypeClass == TypeClass.Time && PostgresTypeNames.WireType(column) == PostgresType.Time) return $"{quoted}::interval AS {quoted}";
        if (!NeedsTextCast(column)) return quoted;
        // inet's cast to text always appends the netmask (10.0.0.1/32); its output function prints what was stored.
        return !PostgresTypeNames.IsArray(column.DeclaredType) && PostgresTypeNames.BaseName(column.DeclaredType) is "inet" or "cidr"
            ? $"pg_catalog.inet_out({quoted})::text AS {quoted}"
            : $"{quoted}::text AS {quoted}";
    }

    /// <summary>
    /// True for columns Npgsql would not return as a plain CLR value of the column's class: everything of class
    /// <see cref="TypeClass.Other"/>, enums, network and extension text types, and numerics wider than
    /// <see cref="decimal"/> (which also may hold NaN or infinity).
    /// </summary>
    private static bool NeedsTextCast(Column column) => column.TypeClass switch
    {
        TypeClass.Other => true,
        TypeClass.Text => column.EnumValues is not null || !PostgresTypeNames.IsPlainText(column.DeclaredType),
        TypeClass.Decimal => PostgresTypeNames.BaseName(column.DeclaredType) is "numeric" or "decimal" && column.Precision is null or > 28,
        _ => false,
    };

    /// <inheritdoc />
    public override Column MapColumn(Column source, string sourceProvider, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(warnings);
        if (sourceProvider == Name) return source;

        var mapped = source with { IsUnsigned = false, Default = null };
        switch (source.TypeClass)
        {
            case TypeClass.Integer:
                mapped = MapInteger(mapped, source.IntegerBits ?? 64, source.IsUnsigned);
                break;
            case TypeClass.Decimal:
                mapped = source.Precision is { } p and >= 1 and <= 1000
                    ? mapped with { DeclaredType = Invariant($"numeric({p},{Math.Clamp(source.Scale ?? 0, 0, p)})"), Scale = Math.Clamp(source.Scale ?? 0, 0, p), IntegerBits = null, MaxLength = null }
                    : mapped with { DeclaredType = "numeric", Precision = null, Scale = null, IntegerBits = null, MaxLength = null };
                break;
            case TypeClass.Float:
                mapped = Simple(mapped, "double precision");
                break;
            case TypeClass.Boolean:
                mapped = Simple(mapped, "boolean");
                break;
            case TypeClass.Date:
                mapped = Simple(mapped, "date");
                break;
            case TypeClass.DateTime:
                mapped = WithFraction(mapped, "timestamp", " without time zone");
                break;
            case TypeClass.DateTimeOffset:
                mapped = WithFraction(mapped, "timestamp", " with time zone");
                break;
            case TypeClass.Time:
                mapped = WithFraction(mapped, "time", " without time zone");
                break;
            case TypeClass.Uuid:
                mapped = Simple(mapped, "uuid");
                break;
            case TypeClass.Json:
                mapped = Simple(mapped, "jsonb");
                break;
            case TypeClass.Binary:
                mapped = Simple(mapped, "bytea");
                break;
            case TypeClass.Text:
                mapped = source.MaxLength is { } n and >= 1 and <= MaxVarcharLength && source.EnumValues is null
                    ? mapped with { DeclaredType = Invariant($"character varying({n})"), Precision = null, Scale = null, IntegerBits = null }
                    : Simple(mapped, "text");
                break;
            default:
                warnings.Add($"column \"{source.Name}\": source type {source.DeclaredType} ({sourceProvider}) has no PostgreSQL equivalent; it is copied as text");
                mapped = Simple(mapped, "text") with { TypeClass = TypeClass.Text };
                break;
        }

        if (source.Default is not null && !source.IsIdentity)
        {
            mapped = mapped with { Default = PortableDefaults.Translate(source.Default, mapped, out var dropped) };
            if (dropped)
            {
                warnings.Add($"column \"{source.Name}\": default {source.Default} ({sourceProvider}) has no portable PostgreSQL form; it is dropped");
            }
        }
        return mapped;
    }

    private static Column MapInteger(Column column, int bits, bool unsigned)
    {
        var width = (bits, unsigned) switch
        {
            (<= 8, _) => 16,
            (<= 16, false) => 16,
            (<= 24, _) => 32,
            (<= 32, false) => 32,
            (<= 32, true) => 64,
            (_, false) => 64,
            (_, true) => 0,
        };
        if (width == 0)
        {
            // 0..18446744073709551615 does not fit bigint.
            return column with { DeclaredType = "numeric(20,0)", TypeClass = TypeClass.Decimal, Precision = 20, Scale = 0, IntegerBits = null, MaxLength = null };
        }
        var type = width switch { 16 => "smallint", 32 => "integer", _ => "bigint" };
        return column with { DeclaredType = type, IntegerBits = width, Precision = null, Scale = null, MaxLength = null };
    }

    private static Column Simple(Column column, string type) =>
        column with { DeclaredType = type, MaxLength = null, Precision = null, Scale = null, IntegerBits = null };

    private static Column WithFraction(Column column, string type, string suffix) =>
        column.Precision is { } p and >= 0 and <= 6
            ? column with { DeclaredType = Invariant($"{type}({p}){suffix}"), MaxLength = null, Scale = null, IntegerBits = null }
            : column with { DeclaredType = type + suffix, MaxLength = null, Precision = null, Scale = null, IntegerBits = null };

    /// <inheritdoc />
    public override TableDdl BuildTableDdl(Table table, bool sameProvider, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(warnings);
        var qualified = Qualify(table.Name);
        var create = new List<string>();
        if (sameProvider) create.AddRange(EnumTypeStatements(table));

        var identities = new List<Column>();
        var sql = new StringBuilder("CREATE TABLE ").Append(qualified).Append(" (");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            sql.Append(i == 0 ? "\n    " : ",\n    ").Append(Quote(column.Name)).Append(' ').Append(column.DeclaredType);
            var clause = ColumnDefault(table, column, sameProvider, warnings, out var isIdentity);
            if (isIdentity) identities.Add(column);
            if (clause is not null) sql.Append(' ').Append(clause);
            if (!column.IsNullable || isIdentity) sql.Append(" NOT NULL");
        }
        sql.Append("\n)");
        create.Add(sql.ToString());

        if (table.Comment is not null) create.Add($"COMMENT ON TABLE {qualified} IS {Literal(table.Comment)}");
        foreach (var column in table.Columns)
        {
            if (column.Comment is not null) create.Add($"COMMENT ON COLUMN {qualified}.{Quote(column.Name)} IS {Literal(column.Comment)}");
        }

        var indexes = new List<string>();
        return new TableDdl(
            string.Join(";\n", create),
            AfterLoadStatements(table, qualified, sameProvider, indexes, warnings),
            table.ForeignKeys.Select(fk => ForeignKeyStatement(qualified, fk)).ToList(),
            identities.Select(c => SequenceReset(qualified, c)).ToList())
        {
            ConcurrentIndexes = indexes,
        };
    }

    /// <inheritdoc />
    public override SqlScriptWriter ScriptWriter => _scriptWriter ??= new PostgresScriptWriter(this);

    private PostgresScriptWriter? _scriptWriter;

    /// <inheritdoc />
    public override string DropTableIfExists(TableName table) => $"DROP TABLE IF EXISTS {Qualify(table)} CASCADE";

    /// <inheritdoc />
    public override bool HasTransactionalDdl => true;

    /// <inheritdoc />
    public override string? TransactionLock(string key) => $"SELECT pg_advisory_xact_lock(hashtextextended({Literal(key)}, 0))";

    /// <inheritdoc />
    public override string AddColumn(Table table, Column column, bool sameProvider, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        var statements = new List<string>();
        if (sameProvider) statements.AddRange(EnumTypeStatements(table with { Columns = [column] }));
        var sql = new StringBuilder("ALTER TABLE ").Append(Qualify(table.Name)).Append(" ADD COLUMN ").Append(Quote(column.Name)).Append(' ').Append(column.DeclaredType);
        var clause = ColumnDefault(table, column, sameProvider, warnings, out var isIdentity);
        if (clause is not null) sql.Append(' ').Append(clause);
        if (!column.IsNullable || isIdentity) sql.Append(" NOT NULL");
        statements.Add(sql.ToString());
        return string.Join(";\n", statements);
    }

    /// <inheritdoc />
    /// <remarks>A type change converts the stored values with a cast (USING); identity columns keep their identity.</remarks>
    public override IReadOnlyList<string> AlterColumn(Table table, Column wanted, ColumnChanges changes, bool sameProvider, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(wanted);
        var prefix = $"ALTER TABLE {Qualify(table.Name)} ALTER COLUMN {Quote(wanted.Name)} ";
        var statements = new List<string>();
        if (changes.HasFlag(ColumnChanges.Type))
        {
            if (sameProvider) statements.AddRange(EnumTypeStatements(table with { Columns = [wanted] }));
            statements.Add($"{prefix}TYPE {wanted.DeclaredType} USING {Quote(wanted.Name)}::{wanted.DeclaredType}");
        }
        if (changes.HasFlag(ColumnChanges.Nullability)) statements.Add(prefix + (wanted.IsNullable ? "DROP NOT NULL" : "SET NOT NULL"));
        if (changes.HasFlag(ColumnChanges.Default))
        {
            var clause = wanted.IsIdentity ? null : ColumnDefault(table, wanted, sameProvider, warnings, out _);
            statements.Add(clause is { } c && c.StartsWith("DEFAULT ", StringComparison.Ordinal) ? prefix + "SET " + c : prefix + "DROP DEFAULT");
        }
        return statements;
    }

    private IEnumerable<string> EnumTypeStatements(Table table)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in table.Columns)
        {
            if (column.EnumValues is not { } labels || !PostgresTypeNames.IsUserType(column.DeclaredType)) continue;
            var typeName = column.DeclaredType.Trim();
            while (typeName.EndsWith("[]", StringComparison.Ordinal)) typeName = typeName[..^2].TrimEnd();
            if (!seen.Add(typeName)) continue;
            var parts = SqlIdentifiers.SplitQualifiedName(typeName);
            if (parts.Count == 2) yield return CreateSchemaIfMissing(parts[0])!;
            // Idempotent: several tables (or concurrent loads) may share one enum type.
            yield return $"DO $obscura$ BEGIN CREATE TYPE {typeName} AS ENUM ({string.Join(", ", labels.Select(Literal))}); " +
                         "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $obscura$";
        }
    }

    private static string? ColumnDefault(Table table, Column column, bool sameProvider, ICollection<string> warnings, out bool isIdentity)
    {
        isIdentity = false;
        var isInteger = column.TypeClass == TypeClass.Integer && PostgresTypeNames.WireType(column) is PostgresType.Smallint or PostgresType.Integer or PostgresType.Bigint;
        var value = column.Default;
        if (value is not null && value.StartsWith("GENERATED ", StringComparison.OrdinalIgnoreCase) && value.Contains(" AS IDENTITY", StringComparison.OrdinalIgnoreCase))
        {
            if (isInteger)
            {
                isIdentity = true;
                return value;
            }
            value = null;
        }
        if (sameProvider && value is not null && isInteger && value.StartsWith("nextval(", StringComparison.OrdinalIgnoreCase))
        {
            // A serial column: its sequence is not copied, an identity of its own replaces it.
            isIdentity = true;
            return "GENERATED BY DEFAULT AS IDENTITY";
        }
        if (column.IsIdentity && value is null)
        {
            if (isInteger)
            {
                isIdentity = true;
                return "GENERATED BY DEFAULT AS IDENTITY";
            }
            warnings.Add($"table {table.Name}, column \"{column.Name}\": auto-increment needs an integer column in PostgreSQL ({column.DeclaredType}); values are copied but new rows get none");
            return null;
        }
        if (value is null) return null;
        if (sameProvider || PortableDefaults.IsPortable(value)) return "DEFAULT " + value;
        warnings.Add($"table {table.Name}, column \"{column.Name}\": default {value} is not portable to PostgreSQL; it is dropped");
        return null;
    }

    private List<string> AfterLoadStatements(Table table, string qualified, bool sameProvider, List<string> indexes, ICollection<string> warnings)
    {
        // Keys are built as plain unique indexes (concurrently: CREATE INDEX takes a share lock, so the primary key and
        // every unique key of a table build on different cores at once), then attached as constraints, which is instant.
        var statements = new List<string>();
        if (table.PrimaryKey is { } pk)
        {
            var name = KeyName(table, pk, "pkey", sameProvider);
            indexes.Add($"CREATE UNIQUE INDEX {Quote(name)} ON {qualified} ({ColumnList(pk.Columns)})");
            statements.Add($"ALTER TABLE {qualified} ADD CONSTRAINT {Quote(name)} PRIMARY KEY USING INDEX {Quote(name)}");
        }
        foreach (var unique in table.UniqueKeys)
        {
            var name = KeyName(table, unique, "key", sameProvider);
            indexes.Add($"CREATE UNIQUE INDEX {Quote(name)} ON {qualified} ({ColumnList(unique.Columns)})");
            statements.Add($"ALTER TABLE {qualified} ADD CONSTRAINT {Quote(name)} UNIQUE USING INDEX {Quote(name)}");
        }
        foreach (var index in table.Indexes)
        {
            if (sameProvider && index.Definition is { } definition)
            {
                indexes.Add(IndexDefinition.Retarget(definition, qualified) ?? definition);
            }
            else if (index.HasExpressions || index.Columns.Count == 0)
            {
                warnings.Add($"table {table.Name}: index \"{index.Name}\" uses expressions in another engine's SQL; it is not recreated");
            }
            else
            {
                // Index names are per table elsewhere but per schema here: let PostgreSQL choose a free one.
                var name = sameProvider ? Quote(index.Name) + " " : string.Empty;
                indexes.Add($"CREATE {(index.IsUnique ? "UNIQUE " : string.Empty)}INDEX {name}ON {qualified} ({ColumnList(index.Columns)})");
            }
        }
        foreach (var check in table.Checks)
        {
            if (sameProvider || check.IsPortable)
            {
                statements.Add($"ALTER TABLE {qualified} ADD {ConstraintName(check.Name, true)}CHECK ({check.Expression})");
            }
            else
            {
                warnings.Add($"table {table.Name}: CHECK constraint {(check.Name is null ? string.Empty : "\"" + check.Name + "\" ")}is written in another engine's SQL; it is not recreated");
            }
        }
        return statements;
    }

    /// <summary>
    /// The constraint's own name within PostgreSQL; otherwise PostgreSQL's convention (table_pkey, table_col_key), cut to
    /// 63 bytes with a short hash when long, because names from other engines (MySQL's PRIMARY) repeat across tables.
    /// </summary>
    private static string KeyName(Table table, UniqueKey key, string suffix, bool sameProvider)
    {
        if (sameProvider && !string.IsNullOrEmpty(key.Name)) return key.Name;
        var name = suffix == "pkey" ? $"{table.Name.Name}_pkey" : $"{table.Name.Name}_{string.Join("_", key.Columns)}_key";
        if (System.Text.Encoding.UTF8.GetByteCount(name) <= 63) return name;
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..8].ToLowerInvariant();
        var cut = name;
        while (System.Text.Encoding.UTF8.GetByteCount(cut) > 63 - 9) cut = cut[..^1];
        return cut + "_" + hash;
    }

    private string ConstraintName(string? name, bool keep) =>
        keep && !string.IsNullOrEmpty(name) ? "CONSTRAINT " + Quote(name) + " " : string.Empty;

    private string ForeignKeyStatement(string qualified, ForeignKey fk)
    {
        var sql = new StringBuilder("ALTER TABLE ").Append(qualified).Append(" ADD ");
        if (!string.IsNullOrEmpty(fk.Name)) sql.Append("CONSTRAINT ").Append(Quote(fk.Name)).Append(' ');
        sql.Append("FOREIGN KEY (").Append(ColumnList(fk.Columns)).Append(") REFERENCES ").Append(Qualify(fk.ReferencedTable))
           .Append(" (").Append(ColumnList(fk.ReferencedColumns)).Append(')');
        if (Action(fk.OnDelete) is { } onDelete) sql.Append(" ON DELETE ").Append(onDelete);
        if (Action(fk.OnUpdate) is { } onUpdate) sql.Append(" ON UPDATE ").Append(onUpdate);
        return sql.ToString();
    }

    private static string? Action(string? action) => action?.Trim().ToUpperInvariant() switch
    {
        "CASCADE" => "CASCADE",
        "SET NULL" => "SET NULL",
        "SET DEFAULT" => "SET DEFAULT",
        "RESTRICT" => "RESTRICT",
        _ => null,
    };

    private string SequenceReset(string qualified, Column column)
    {
        var quoted = Quote(column.Name);
        // Continue after the largest (or, descending, smallest) loaded value; an empty table keeps the sequence's start.
        return $"SELECT pg_catalog.setval(s.seq, CASE WHEN q.seqincrement > 0 THEN LEAST(GREATEST(m.hi, q.seqmin), q.seqmax) " +
               $"ELSE LEAST(GREATEST(m.lo, q.seqmin), q.seqmax) END) " +
               $"FROM (SELECT pg_catalog.pg_get_serial_sequence({Literal(qualified)}, {Literal(column.Name)})::regclass AS seq) s " +
               $"JOIN pg_catalog.pg_sequence q ON q.seqrelid = s.seq " +
               $"CROSS JOIN (SELECT MAX({quoted}) AS hi, MIN({quoted}) AS lo FROM {qualified}) m WHERE m.hi IS NOT NULL";
    }

    private string ColumnList(IEnumerable<string> columns) => string.Join(", ", columns.Select(Quote));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    /// <remarks>hashtextextended over the key's row text: stable across runs and versions (PostgreSQL 11+).</remarks>
    public override string? SampleHash(IReadOnlyList<Column> columns, long seed)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var row = string.Join(", ", columns.Select(c => Quote(c.Name)));
        return $"(hashtextextended(CAST(ROW({row}, 0) AS text), {seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}) & 4294967295)";
    }
}
