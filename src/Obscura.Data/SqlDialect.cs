using Obscura.Core.Schema;

namespace Obscura.Data;

/// <summary>
/// An engine's SQL: quoting, type mapping from any provider's columns, and DDL. Stateless.
/// Engine type names are produced and consumed here and in the provider's inspector only.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>Provider name (sqlite, postgres, mysql).</summary>
    public abstract string Name { get; }

    /// <summary>False where a database has no schemas (MySQL/MariaDB within one database, SQLite).</summary>
    public abstract bool SupportsSchemas { get; }

    /// <summary>The schema plain names belong to (public; null for engines without schemas).</summary>
    public abstract string? DefaultSchema { get; }

    /// <summary>Quotes an identifier so spaces, mixed case and reserved words round-trip.</summary>
    public abstract string Quote(string identifier);

    /// <summary>
    /// One set-based UPDATE of <paramref name="target"/> from <paramref name="scratch"/>, joined on
    /// <paramref name="keys"/> (target column, scratch column), setting <paramref name="sets"/> (target column, scratch column).
    /// Default: <c>UPDATE ... AS d SET ... FROM scratch AS s WHERE ...</c> (PostgreSQL, SQLite 3.33+).
    /// </summary>
    public virtual string UpdateFrom(TableName target, TableName scratch,
        IReadOnlyList<(string Target, string Scratch)> keys, IReadOnlyList<(string Target, string Scratch)> sets)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(sets);
        var set = string.Join(", ", sets.Select(p => $"{Quote(p.Target)} = s.{Quote(p.Scratch)}"));
        var on = string.Join(" AND ", keys.Select(p => $"d.{Quote(p.Target)} = s.{Quote(p.Scratch)}"));
        return $"UPDATE {Qualify(target)} AS d SET {set} FROM {Qualify(scratch)} AS s WHERE {on}";
    }

    /// <summary>Copies every row of <paramref name="scratch"/> (same column names) into <paramref name="target"/>, identity values included.</summary>
    public virtual string InsertAll(TableName target, TableName scratch, IReadOnlyList<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var list = string.Join(", ", columns.Select(c => Quote(c.Name)));
        return $"INSERT INTO {Qualify(target)} ({list}) SELECT {list} FROM {Qualify(scratch)}";
    }

    /// <summary>
    /// Statements that stop foreign-key checks and cascades on this session while a table is rewritten, and the ones
    /// that restore them; empty when the engine cannot (PostgreSQL: the foreign keys are dropped and re-added instead).
    /// </summary>
    public virtual (IReadOnlyList<string> Off, IReadOnlyList<string> On) ForeignKeyChecks => ([], []);

    /// <summary>
    /// Statements that drop a table's primary key, unique constraints and indexes before it is refilled, so they are
    /// built once afterwards (from <see cref="BuildTableDdl"/>) instead of maintained row by row; empty when the
    /// engine keeps them (then the rows are inserted with the indexes in place).
    /// </summary>
    public virtual IReadOnlyList<string> DropKeysAndIndexes(Table table) => [];

    /// <summary>
    /// A query returning, one per row, a statement that drops one of a table's keys or indexes (column <c>drop_statement</c>,
    /// may be NULL) and the statement that recreates it exactly as the server holds it (column <c>statement</c>) (options the catalog model does not carry: DEFERRABLE, INCLUDE,
    /// NULLS NOT DISTINCT, partial and expression indexes, storage parameters, replica identity); null when the engine
    /// has no such query and <see cref="BuildTableDdl"/> rebuilds them.
    /// </summary>
    public virtual string? KeyAndIndexDefinitions(TableName table) => null;

    /// <summary>Like <see cref="KeyAndIndexDefinitions"/> for one foreign key: a query returning (NULL, the statement that re-adds it exactly); null when the engine has none.</summary>
    public virtual string? ForeignKeyDefinition(TableName table, string name) => null;

    /// <summary>Removes every row inside the current transaction, firing no row triggers where the engine allows (PostgreSQL: TRUNCATE).</summary>
    public virtual string DeleteAll(TableName table) => $"DELETE FROM {Qualify(table)}";

    /// <summary>The words after CREATE for a staging table that needs no crash safety (PostgreSQL: UNLOGGED TABLE).</summary>
    public virtual string ScratchTable => "TABLE";

    /// <summary>Drops a named foreign key (engines whose checks cannot be switched off).</summary>
    public virtual string DropForeignKey(TableName table, string name) => $"ALTER TABLE {Qualify(table)} DROP CONSTRAINT {Quote(name)}";

    /// <summary>Quoted, schema-qualified table name.</summary>
    public virtual string Qualify(TableName table) =>
        table.Schema is null || !SupportsSchemas ? Quote(table.Name) : Quote(table.Schema) + "." + Quote(table.Name);

    /// <summary>
    /// Maps a source column (from provider <paramref name="sourceProvider"/>) to this dialect: same provider keeps the
    /// declared type verbatim; otherwise a documented mapping from the type class, length, precision and scale.
    /// Lossy fallbacks add a warning (never a value) to <paramref name="warnings"/>.
    /// </summary>
    public abstract Column MapColumn(Column source, string sourceProvider, ICollection<string> warnings);

    /// <summary>
    /// The DDL for a table whose names and types are already in this dialect's terms.
    /// <paramref name="sameProvider"/> allows engine-specific parts (defaults, checks, expression indexes) verbatim.
    /// </summary>
    public abstract TableDdl BuildTableDdl(Table table, bool sameProvider, ICollection<string> warnings);

    /// <summary>
    /// Writes this dialect's SQL scripts for <c>obscura dump</c> (rows as COPY blocks or INSERT literals the engine's
    /// client tool loads); null when the dialect cannot be dumped to.
    /// </summary>
    public virtual SqlScriptWriter? ScriptWriter => null;

    /// <summary>DROP TABLE IF EXISTS (with CASCADE where needed).</summary>
    public abstract string DropTableIfExists(TableName table);

    /// <summary>CREATE SCHEMA IF NOT EXISTS, or null where schemas do not exist.</summary>
    public virtual string? CreateSchemaIfMissing(string schema) => SupportsSchemas ? $"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}" : null;

    /// <summary>
    /// SELECT of the given columns in order, with an optional WHERE clause in this dialect. A dialect wraps columns its
    /// driver cannot return as a plain CLR value (class <see cref="TypeClass.Other"/>: arrays, ranges, spatial...) in a
    /// cast to text or WKB, keeping the column name.
    /// </summary>
    public virtual string SelectColumns(TableName table, IReadOnlyList<Column> columns, string? where = null)
    {
        var sql = $"SELECT {string.Join(", ", columns.Select(SelectExpression))} FROM {Qualify(table)}";
        return where is null ? sql : sql + " WHERE " + where;
    }

    /// <summary>The select-list expression for one column (quoted name by default).</summary>
    public virtual string SelectExpression(Column column) => Quote(column.Name);

    // ---- Schema changes on existing tables (obscura schema sync). Tables and their keys come from BuildTableDdl. ----

    /// <summary>
    /// False where primary keys, foreign keys and column definitions of an existing table cannot be changed in place
    /// (SQLite: only a table rebuild can); columns, indexes and unique indexes can still be added.
    /// </summary>
    public virtual bool CanAlterTables => true;

    /// <summary>True where DDL runs inside a transaction, so a list of changes can be applied all or nothing (PostgreSQL).</summary>
    public virtual bool HasTransactionalDdl => false;

    /// <summary>
    /// A statement that makes the current transaction wait for, then hold until it ends, a lock named by
    /// <paramref name="key"/> (serializes two writers of one partition); null where the engine has no such lock.
    /// </summary>
    public virtual string? TransactionLock(string key) => null;

    /// <summary>
    /// ALTER TABLE ... ADD COLUMN for a column in this dialect's terms, declared (type, NOT NULL, default) as
    /// <see cref="BuildTableDdl"/> would declare it. Several statements are joined by <c>;\n</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">The dialect cannot add columns.</exception>
    public virtual string AddColumn(Table table, Column column, bool sameProvider, ICollection<string> warnings) =>
        throw new NotSupportedException($"{Name} cannot add columns");

    /// <summary>
    /// Statements that change an existing column of <paramref name="table"/> to <paramref name="wanted"/> (in this dialect's
    /// terms), touching only what <paramref name="changes"/> names; empty when the engine cannot (see <see cref="CanAlterTables"/>).
    /// </summary>
    public virtual IReadOnlyList<string> AlterColumn(Table table, Column wanted, ColumnChanges changes, bool sameProvider, ICollection<string> warnings) => [];

    /// <summary>ALTER TABLE ... DROP COLUMN.</summary>
    public virtual string DropColumn(TableName table, string column) => $"ALTER TABLE {Qualify(table)} DROP COLUMN {Quote(column)}";

    /// <summary>ALTER TABLE ... ADD PRIMARY KEY, or null where keys cannot be added later.</summary>
    public virtual string? AddPrimaryKey(TableName table, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return CanAlterTables ? $"ALTER TABLE {Qualify(table)} ADD PRIMARY KEY ({string.Join(", ", columns.Select(Quote))})" : null;
    }

    /// <summary>Drops a (non-key) index by name (index names live in the table's schema).</summary>
    public virtual string DropIndex(TableName table, string index) => $"DROP INDEX {Qualify(table with { Name = index })}";

    /// <summary>Drops a named unique constraint, or null where it cannot be dropped (unnamed, or SQLite's inline constraints).</summary>
    public virtual string? DropUniqueKey(TableName table, UniqueKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return CanAlterTables && !string.IsNullOrEmpty(key.Name) ? $"ALTER TABLE {Qualify(table)} DROP CONSTRAINT {Quote(key.Name)}" : null;
    }

    /// <summary>SELECT COUNT(*) of a table.</summary>
    public virtual string CountRows(TableName table) => $"SELECT COUNT(*) FROM {Qualify(table)}";

    /// <summary>A query that returns one row when the table has at least one row.</summary>
    public virtual string AnyRow(TableName table) => $"SELECT 1 FROM {Qualify(table)} LIMIT 1";

    /// <summary>
    /// A deterministic SQL expression over <paramref name="columns"/> (a table's key) that yields an integer in
    /// [0, 2^32), mixed by <paramref name="seed"/>: the same rows hash alike on every run, so subset samples repeat.
    /// Null when the engine has no suitable hash for these columns.
    /// </summary>
    public virtual string? SampleHash(IReadOnlyList<Column> columns, long seed) => null;
}

/// <summary>What <see cref="SqlDialect.AlterColumn"/> should change on an existing column.</summary>
[Flags]
public enum ColumnChanges
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>The declared type.</summary>
    Type = 1,
    /// <summary>NULL / NOT NULL.</summary>
    Nullability = 2,
    /// <summary>The default expression (set, or dropped when the wanted column has none).</summary>
    Default = 4,
}
