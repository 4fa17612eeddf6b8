using System.Data.Common;
using System.Text.RegularExpressions;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Copy;

namespace Obscura.Engine.Schema;

/// <summary>
/// <c>obscura schema sync</c>: makes the target's tables, columns, keys, unique constraints, indexes and foreign keys
/// match the source's, as a <c>copy</c> would create them (same <see cref="SchemaTranslator"/> mapping and
/// <see cref="SqlDialect.BuildTableDdl"/> statements), without touching rows. Additions and widening changes are made;
/// drops and changes that can lose data only with <see cref="SchemaSyncOptions.AllowDrop"/>.
/// </summary>
public sealed partial class SchemaSyncService
{
    private readonly ObscuraRuntime _runtime;

    /// <summary>Creates the service.</summary>
    public SchemaSyncService(ObscuraRuntime runtime) => _runtime = runtime;

    /// <summary>Plans the sync and, unless it is a dry run, applies it. Problems found before any change are thrown.</summary>
    /// <exception cref="ObscuraConfigException">Unknown tables in <see cref="SchemaSyncOptions.Tables"/>, or name collisions.</exception>
    /// <exception cref="ObscuraDatabaseException">A database cannot be reached.</exception>
    public async Task<SchemaSyncResult> RunAsync(SchemaSyncOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var source = _runtime.Connect(options.Source);
        await using var target = _runtime.Connect(options.Target);
        var plan = await PlanAsync(options, source, target, cancellationToken).ConfigureAwait(false);
        if (options.DryRun || plan.IsEmpty) return new SchemaSyncResult(plan, 0, null);
        var (ran, failure) = await ApplyAsync(plan, target, cancellationToken).ConfigureAwait(false);
        return new SchemaSyncResult(plan, ran, failure);
    }

    private static async Task<SchemaSyncPlan> PlanAsync(SchemaSyncOptions options, DatabaseEndpoint source, DatabaseEndpoint target, CancellationToken ct)
    {
        var sourceCatalog = await source.InspectAsync(ct).ConfigureAwait(false);
        var diagnostics = new DiagnosticBag();
        var tables = TableSelection.Select(sourceCatalog, options.Tables, diagnostics);
        var mappings = SchemaTranslator.Translate(tables, sourceCatalog, target.Dialect, diagnostics);
        diagnostics.ThrowIfErrors("the sync cannot start");

        // A dry run creates nothing, not even the target database; a SQLite file that does not exist yet plans as empty.
        DbConnection? tconn = null;
        try
        {
            Catalog targetCatalog;
            if (options.DryRun && options.Target.Scheme == "sqlite" && !File.Exists(options.Target.Database))
            {
                targetCatalog = new Catalog { Provider = target.Provider.Name, Database = options.Target.Database, Tables = [] };
            }
            else
            {
                if (!options.DryRun) await target.Provider.EnsureDatabaseAsync(options.Target, ct).ConfigureAwait(false);
                tconn = await target.OpenAsync(ct).ConfigureAwait(false);
                targetCatalog = await target.Provider.InspectAsync(tconn, ct).ConfigureAwait(false);
            }
            var differ = new Differ(options, sourceCatalog.Provider, target.Dialect, targetCatalog, tconn);
            foreach (var d in diagnostics.Items.Where(d => d.Severity == Severity.Warning)) differ.Warnings.Add(d.ToString());
            await differ.DiffAsync(mappings, ct).ConfigureAwait(false);
            return differ.ToPlan(target.Provider.Name);
        }
        finally
        {
            if (tconn is not null) await tconn.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<(int Ran, Exception? Failure)> ApplyAsync(SchemaSyncPlan plan, DatabaseEndpoint target, CancellationToken ct)
    {
        var steps = plan.Steps;
        await using var conn = await target.OpenAsync(ct).ConfigureAwait(false);
        if (target.Dialect.HasTransactionalDdl)
        {
            // All or nothing: DDL is transactional here.
            await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            for (var i = 0; i < steps.Count; i++)
            {
                try
                {
                    foreach (var sql in steps[i].Statements) await ExecuteAsync(conn, tx, sql, ct).ConfigureAwait(false);
                }
                catch (DbException ex)
                {
                    await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    return (0, new ObscuraDatabaseException(
                        $"step {i + 1} of {steps.Count} ({Describe(steps[i])}) failed: {SafeMessage(target, ex)}; the transaction was rolled back and nothing was changed", ex));
                }
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return (steps.Count, null);
        }
        for (var i = 0; i < steps.Count; i++)
        {
            try
            {
                foreach (var sql in steps[i].Statements) await ExecuteAsync(conn, null, sql, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DbException or OperationCanceledException or IOException or InvalidOperationException)
            {
                // Without transactional DDL the user must learn exactly what ran, however the step ended (Ctrl-C included).
                var ran = i == 0 ? "no step ran" : i == 1 ? "step 1 ran and stays applied" : $"steps 1-{i} ran and stay applied";
                var notRun = i + 1 == steps.Count ? string.Empty : i + 2 == steps.Count ? $"; step {steps.Count} did not run" : $"; steps {i + 2}-{steps.Count} did not run";
                var where = $"step {i + 1} of {steps.Count} ({Describe(steps[i])})";
                return (i, ex is OperationCanceledException
                    ? new OperationCanceledException($"cancelled during {where}: {ran}{notRun}", ex, ct)
                    : new ObscuraDatabaseException(
                        $"{where} failed: {(ex is DbException db ? SafeMessage(target, db) : ex.Message)}; {ran}{notRun} ({target.Provider.Name} cannot undo DDL)", ex));
            }
        }
        return (steps.Count, null);
    }

    private static string Describe(SchemaSyncStep step) => $"{step.Kind} {step.Table}";

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        cmd.Transaction = transaction;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The driver's message without row values: the provider's retelling, else single-quoted literals blanked (MariaDB quotes values so).</summary>
    private static string SafeMessage(DatabaseEndpoint target, DbException ex) => target.Provider.DescribeError(ex) ?? QuotedLiteral().Replace(ex.Message, "'…'");

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex QuotedLiteral();

    /// <summary>Compares the translated source tables with the target catalog and collects the steps by phase.</summary>
    private sealed class Differ
    {
        private enum Phase { Schema, DropForeignKey, DropIndex, CreateTable, AddColumn, AlterColumn, Keys, ForeignKey, DropColumn, DropTable }

        private readonly SchemaSyncOptions _options;
        private readonly SqlDialect _dialect;
        private readonly Catalog _target;
        private readonly DbConnection? _connection;
        private readonly bool _sameProvider;
        private readonly List<SchemaSyncStep>[] _phases = Enum.GetValues<Phase>().Select(_ => new List<SchemaSyncStep>()).ToArray();
        private readonly List<string> _kept = [];
        private readonly List<string> _notApplied = [];
        private readonly HashSet<string> _schemas = new(StringComparer.Ordinal);
        private readonly string _sourceProvider;

        public Differ(SchemaSyncOptions options, string sourceProvider, SqlDialect dialect, Catalog target, DbConnection? connection)
        {
            _options = options;
            _sourceProvider = sourceProvider;
            _dialect = dialect;
            _target = target;
            _connection = connection;
            _sameProvider = sourceProvider == dialect.Name;
            foreach (var s in target.Schemas) _schemas.Add(s);
            foreach (var t in target.Tables) if (t.Name.Schema is { } s) _schemas.Add(s);
        }

        public List<string> Warnings { get; } = [];

        public SchemaSyncPlan ToPlan(string targetProvider) => new()
        {
            SourceProvider = _sourceProvider,
            TargetProvider = targetProvider,
            Steps = _phases.SelectMany(p => p).ToList(),
            Kept = _kept,
            NotApplied = _notApplied,
            Warnings = Warnings,
        };

        private void Add(Phase phase, string kind, TableName table, string reason, IEnumerable<string> statements)
        {
            var list = statements.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
            if (list.Count > 0) _phases[(int)phase].Add(new SchemaSyncStep(kind, table.ToString(), reason, list));
        }

        /// <summary>Something the target has and the source lacks: dropped with --allow-drop, otherwise listed as kept.</summary>
        private void Extra(Phase phase, string kind, TableName table, string what, string? sql, string cannot)
        {
            if (!_options.AllowDrop) _kept.Add($"{what}: not in the source; kept (would drop with --allow-drop)");
            else if (sql is null) _notApplied.Add($"{what}: not in the source, but {cannot}");
            else Add(phase, kind, table, $"{what} is not in the source", [sql]);
        }

        public async Task DiffAsync(IReadOnlyList<TableMapping> mappings, CancellationToken ct)
        {
            foreach (var m in mappings)
            {
                var existing = _target.FindTable(m.Target.Name);
                if (existing is null) CreateTable(m.Target);
                else await DiffTableAsync(m.Target, existing, mappings, ct).ConfigureAwait(false);
            }
            // Extra tables only when the whole source was asked for: with --tables the rest of the target is out of scope.
            if (_options.Tables.Count > 0) return;
            var wanted = mappings.Select(m => m.Target.Name).ToHashSet();
            foreach (var t in _target.Tables.Where(t => !wanted.Contains(t.Name)))
            {
                Extra(Phase.DropTable, "drop_table", t.Name, $"table {t.Name}", _dialect.DropTableIfExists(t.Name), "it cannot be dropped");
            }
        }

        private void CreateTable(Table wanted)
        {
            // The default schema (public) exists in every database; others are created before their first table.
            if (_dialect.SupportsSchemas && wanted.Name.Schema is { } schema && schema != _dialect.DefaultSchema && _schemas.Add(schema)
                && _dialect.CreateSchemaIfMissing(schema) is { } createSchema)
            {
                Add(Phase.Schema, "create_schema", new TableName(null, schema), $"schema {schema} does not exist in the target", [createSchema]);
            }
            var warnings = new List<string>();
            var ddl = _dialect.BuildTableDdl(wanted, _sameProvider, warnings);
            foreach (var w in warnings) Warnings.Add($"{wanted.Name}: {w}");
            Add(Phase.CreateTable, "create_table", wanted.Name, $"table {wanted.Name} does not exist in the target", [ddl.Create]);
            Add(Phase.Keys, "add_keys", wanted.Name, $"primary key, unique constraints and indexes of the new table {wanted.Name}", ddl.ConcurrentIndexes.Concat(ddl.AfterLoad));
            Add(Phase.ForeignKey, "add_foreign_key", wanted.Name, $"foreign keys of the new table {wanted.Name}", ddl.ForeignKeys);
        }

        private async Task DiffTableAsync(Table wanted, Table existing, IReadOnlyList<TableMapping> mappings, CancellationToken ct)
        {
            var name = existing.Name;
            bool? hasRows = null;
            foreach (var column in wanted.Columns)
            {
                if (existing.FindColumn(column.Name) is { } current)
                {
                    await DiffColumnAsync(wanted, existing, column, current, ct).ConfigureAwait(false);
                    continue;
                }
                var added = column;
                // Whether existing rows get a value is decided by the DEFAULT the target's statement carries: across engines
                // an untranslatable default is left out, and MariaDB would then fill the rows with '' or 0.
                if (!column.IsNullable && !column.IsIdentity
                    && !_dialect.AddColumn(wanted, column, _sameProvider, new List<string>()).Contains(" DEFAULT ", StringComparison.OrdinalIgnoreCase))
                {
                    // Existing rows would need a value the source does not define: add the column NULL-able and say so.
                    if (!_dialect.CanAlterTables)
                    {
                        added = column with { IsNullable = true };
                        _notApplied.Add($"column {name}.{column.Name}: {_dialect.Name} adds a NOT NULL column only with a default; it is added NULL-able");
                    }
                    else if (hasRows ??= await HasRowsAsync(name, ct).ConfigureAwait(false))
                    {
                        added = column with { IsNullable = true };
                        _notApplied.Add($"column {name}.{column.Name}: NOT NULL without a default but {name} holds rows; it is added NULL-able — fill it and sync again to make it NOT NULL");
                    }
                }
                var warnings = new List<string>();
                Add(Phase.AddColumn, "add_column", name, $"column {column.Name} ({column.DeclaredType}) is missing", [_dialect.AddColumn(wanted, added, _sameProvider, warnings)]);
                foreach (var w in warnings) Warnings.Add($"{name}: {w}");
            }
            foreach (var column in existing.Columns.Where(c => wanted.FindColumn(c.Name) is null))
            {
                Extra(Phase.DropColumn, "drop_column", name, $"column {name}.{column.Name}", _dialect.DropColumn(name, column.Name), "it cannot be dropped");
            }

            DiffPrimaryKey(wanted, existing);
            // Foreign keys that stay: MariaDB's index for one of them is the engine's, not an extra.
            var synced = mappings.Select(m => m.Target.Name).ToHashSet();
            var staying = existing.ForeignKeys.Where(fk => !_options.AllowDrop || !synced.Contains(fk.ReferencedTable) || wanted.ForeignKeys.Any(w => SameForeignKey(fk, w))).ToList();
            DiffUniquesAndIndexes(wanted, existing, staying);
            DiffForeignKeys(wanted, existing, synced);
        }

        private async Task DiffColumnAsync(Table wanted, Table existing, Column column, Column current, CancellationToken ct)
        {
            var name = existing.Name;
            var what = $"column {name}.{column.Name}";
            var changes = ColumnChanges.None;
            var reasons = new List<string>();
            if (!SameType(column, current, existing))
            {
                if (!Widens(current, column) && !_options.AllowDrop)
                {
                    _kept.Add($"{what}: type {current.DeclaredType} → {column.DeclaredType} could lose data; kept (would change with --allow-drop)");
                }
                else
                {
                    changes |= ColumnChanges.Type;
                    reasons.Add($"type {current.DeclaredType} → {column.DeclaredType}");
                }
            }
            // Key and identity columns are NOT NULL whatever was declared (SQLite reports its rowid column NULL-able).
            var keyed = wanted.PrimaryKey?.Columns.Contains(column.Name) == true || existing.PrimaryKey?.Columns.Contains(current.Name) == true
                || column.IsIdentity || current.IsIdentity;
            if (!keyed && column.IsNullable != current.IsNullable)
            {
                if (!column.IsNullable && await HasNullsAsync(name, current.Name, ct).ConfigureAwait(false))
                {
                    _notApplied.Add($"{what}: NOT NULL in the source but the target column holds NULLs; fill them and sync again");
                }
                else
                {
                    changes |= ColumnChanges.Nullability;
                    reasons.Add(column.IsNullable ? "NULL allowed" : "NOT NULL");
                }
            }
            // Defaults are engine SQL: compared only within one engine (across engines a copy translates them, which
            // inspection does not give back verbatim); identity columns generate their values instead.
            if (_sameProvider && !column.IsIdentity && !current.IsIdentity && Normalize(column.Default) != Normalize(current.Default))
            {
                changes |= ColumnChanges.Default;
                reasons.Add(column.Default is null ? "no default" : $"default {column.Default}");
            }
            if (changes == ColumnChanges.None) return;
            if (!_dialect.CanAlterTables)
            {
                _notApplied.Add($"{what}: {string.Join(", ", reasons)} — {_dialect.Name} cannot change a column in place; rebuild the table (copy it again with --drop-existing)");
                return;
            }
            // What is not changing is restated as the target has it, in the target's own SQL (MariaDB restates the whole column).
            // Nullability, identity and comment stay the target's unless they are what changes: MariaDB's MODIFY restates them,
            // and the source's NOT NULL over a column holding NULLs (not applied above) would fail or turn NULLs into 0 / ''.
            var restated = column with { IsIdentity = current.IsIdentity, Comment = current.Comment };
            var sameSql = _sameProvider;
            if (!changes.HasFlag(ColumnChanges.Nullability)) restated = restated with { IsNullable = current.IsNullable };
            if (!changes.HasFlag(ColumnChanges.Type)) restated = restated with { DeclaredType = current.DeclaredType };
            if (!changes.HasFlag(ColumnChanges.Default))
            {
                restated = restated with { Default = current.Default };
                sameSql = true;
            }
            var warnings = new List<string>();
            Add(Phase.AlterColumn, "alter_column", name, $"{what}: {string.Join(", ", reasons)}", _dialect.AlterColumn(wanted, restated, changes, sameSql, warnings));
            foreach (var w in warnings) Warnings.Add($"{name}: {w}");
        }

        private void DiffPrimaryKey(Table wanted, Table existing)
        {
            var want = wanted.PrimaryKey?.Columns ?? [];
            var have = existing.PrimaryKey?.Columns ?? [];
            if (want.SequenceEqual(have)) return;
            var name = existing.Name;
            if (want.Count > 0 && have.Count == 0)
            {
                if (_dialect.AddPrimaryKey(name, want) is { } sql) Add(Phase.Keys, "add_primary_key", name, $"primary key ({string.Join(", ", want)}) is missing", [sql]);
                else _notApplied.Add($"table {name}: primary key ({string.Join(", ", want)}) is missing — {_dialect.Name} cannot add one in place; rebuild the table (copy it again with --drop-existing)");
            }
            else if (want.Count == 0)
            {
                _notApplied.Add($"table {name}: the source has no primary key; the target's ({string.Join(", ", have)}) is kept");
            }
            else
            {
                _notApplied.Add($"table {name}: primary key differs (source ({string.Join(", ", want)}), target ({string.Join(", ", have)})); a sync does not replace primary keys");
            }
        }

        private void DiffUniquesAndIndexes(Table wanted, Table existing, IReadOnlyList<ForeignKey> stayingForeignKeys)
        {
            var name = existing.Name;
            foreach (var unique in wanted.UniqueKeys)
            {
                if (unique.Columns.Count == 0 || HasUnique(existing, unique.Columns)) continue;
                // Where constraints cannot be added (SQLite) a unique index enforces the same.
                var table = _dialect.CanAlterTables
                    ? Bare(wanted) with { UniqueKeys = [unique] }
                    : Bare(wanted) with { Indexes = [new TableIndex { Name = unique.Name ?? $"{wanted.Name.Name}_{string.Join("_", unique.Columns)}_key", Columns = unique.Columns, IsUnique = true }] };
                Add(Phase.Keys, "add_unique", name, $"unique constraint ({string.Join(", ", unique.Columns)}) is missing", KeyStatements(table));
            }
            foreach (var index in wanted.Indexes)
            {
                if (index.HasExpressions || index.Columns.Count == 0)
                {
                    // Expression indexes are engine SQL: recreated within one engine only (by name), as a copy does.
                    if (_sameProvider && !existing.Indexes.Any(i => i.Name == index.Name))
                        Add(Phase.Keys, "add_index", name, $"index {index.Name} is missing", KeyStatements(Bare(wanted) with { Indexes = [index] }));
                    continue;
                }
                var present = index.IsUnique ? HasUnique(existing, index.Columns) : existing.Indexes.Any(i => !i.IsUnique && i.Columns.SequenceEqual(index.Columns));
                if (!present)
                {
                    Add(Phase.Keys, "add_index", name, $"{(index.IsUnique ? "unique " : string.Empty)}index ({string.Join(", ", index.Columns)}) is missing",
                        KeyStatements(Bare(wanted) with { Indexes = [index] }));
                }
            }

            foreach (var unique in existing.UniqueKeys)
            {
                if (HasUnique(wanted, unique.Columns)) continue;
                Extra(Phase.DropIndex, "drop_unique", name, $"unique constraint {unique.Name ?? "(unnamed)"} ({string.Join(", ", unique.Columns)}) on {name}",
                    _dialect.DropUniqueKey(name, unique), $"{_dialect.Name} cannot drop it in place");
            }
            foreach (var index in existing.Indexes)
            {
                var matched = wanted.Indexes.Any(i => i.Name == index.Name || (index.Columns.Count > 0 && i.IsUnique == index.IsUnique && i.Columns.SequenceEqual(index.Columns)))
                    || (index.IsUnique && HasUnique(wanted, index.Columns))
                    // Indexes the engine made for a foreign key, or the key MySQL needs on an AUTO_INCREMENT column.
                    || (!index.IsUnique && stayingForeignKeys.Any(fk => fk.Columns.SequenceEqual(index.Columns)))
                    || (!index.IsUnique && index.Columns.Count == 1 && existing.FindColumn(index.Columns[0])?.IsIdentity == true);
                if (matched) continue;
                Extra(Phase.DropIndex, "drop_index", name, $"{(index.IsUnique ? "unique " : string.Empty)}index {index.Name} ({string.Join(", ", index.Columns)}) on {name}",
                    _dialect.DropIndex(name, index.Name), "it cannot be dropped");
            }
        }

        private void DiffForeignKeys(Table wanted, Table existing, HashSet<TableName> synced)
        {
            var name = existing.Name;
            foreach (var fk in wanted.ForeignKeys)
            {
                var what = $"foreign key ({string.Join(", ", fk.Columns)}) → {fk.ReferencedTable} ({string.Join(", ", fk.ReferencedColumns)})";
                if (existing.ForeignKeys.FirstOrDefault(e => SameForeignKey(e, fk)) is { } current)
                {
                    if (SameActions(current, fk)) continue;
                    // Other ON DELETE / ON UPDATE actions: drop and re-add the key (no row changes, so no --allow-drop).
                    var change = $"{what}: ON DELETE {current.OnDelete} ON UPDATE {current.OnUpdate} → ON DELETE {fk.OnDelete} ON UPDATE {fk.OnUpdate}";
                    if (!_dialect.CanAlterTables || string.IsNullOrEmpty(current.Name))
                    {
                        _notApplied.Add($"table {name}: {change} — {_dialect.Name} cannot change a foreign key in place; rebuild the table (copy it again with --drop-existing)");
                        continue;
                    }
                    // Dropped right before it is re-added (same phase), so no other step runs while the key is gone.
                    Add(Phase.ForeignKey, "alter_foreign_key", name, change, [_dialect.DropForeignKey(name, current.Name)]);
                    Add(Phase.ForeignKey, "alter_foreign_key", name, change, _dialect.BuildTableDdl(Bare(wanted) with { ForeignKeys = [fk] }, _sameProvider, new List<string>()).ForeignKeys);
                    continue;
                }
                if (!_dialect.CanAlterTables)
                {
                    _notApplied.Add($"table {name}: {what} is missing — {_dialect.Name} cannot add a foreign key in place; rebuild the table (copy it again with --drop-existing)");
                    continue;
                }
                var warnings = new List<string>();
                Add(Phase.ForeignKey, "add_foreign_key", name, $"{what} is missing", _dialect.BuildTableDdl(Bare(wanted) with { ForeignKeys = [fk] }, _sameProvider, warnings).ForeignKeys);
            }
            // A foreign key to a table outside the sync is out of scope (the translator leaves such keys out of the wanted tables).
            foreach (var fk in existing.ForeignKeys)
            {
                if (!synced.Contains(fk.ReferencedTable) || wanted.ForeignKeys.Any(w => SameForeignKey(fk, w))) continue;
                Extra(Phase.DropForeignKey, "drop_foreign_key", name,
                    $"foreign key {fk.Name ?? "(unnamed)"} ({string.Join(", ", fk.Columns)}) → {fk.ReferencedTable} on {name}",
                    _dialect.CanAlterTables && !string.IsNullOrEmpty(fk.Name) ? _dialect.DropForeignKey(name, fk.Name) : null,
                    $"{_dialect.Name} cannot drop it in place");
            }
        }

        /// <summary>The after-load statements <see cref="SqlDialect.BuildTableDdl"/> makes for a table reduced to one key or index.</summary>
        private List<string> KeyStatements(Table table)
        {
            var ddl = _dialect.BuildTableDdl(table, _sameProvider, new List<string>());
            return [.. ddl.ConcurrentIndexes, .. ddl.AfterLoad];
        }

        /// <summary>The table's columns without keys, indexes, checks or identity, so BuildTableDdl yields only what is added back.</summary>
        private static Table Bare(Table table) => table with
        {
            PrimaryKey = null, UniqueKeys = [], Indexes = [], ForeignKeys = [], Checks = [], Comment = null,
            Columns = table.Columns.Select(c => c with { IsIdentity = false, Comment = null }).ToList(),
        };

        private static bool HasUnique(Table table, IReadOnlyList<string> columns) =>
            (table.PrimaryKey is { } pk && pk.Columns.SequenceEqual(columns))
            || table.UniqueKeys.Any(u => u.Columns.SequenceEqual(columns))
            || table.Indexes.Any(i => i.IsUnique && !i.HasExpressions && i.Columns.SequenceEqual(columns));

        private static bool SameActions(ForeignKey a, ForeignKey b) => Action(a.OnDelete) == Action(b.OnDelete) && Action(a.OnUpdate) == Action(b.OnUpdate);

        // RESTRICT and NO ACTION differ only in when a check runs (and MariaDB reports RESTRICT for the default): one action here.
        private static string Action(string action) =>
            action.Trim().ToUpperInvariant() is var a && a == "RESTRICT" ? "NO ACTION" : a;

        private static bool SameForeignKey(ForeignKey a, ForeignKey b) =>
            a.Columns.SequenceEqual(b.Columns) && a.ReferencedTable == b.ReferencedTable && a.ReferencedColumns.SequenceEqual(b.ReferencedColumns);

        /// <summary>
        /// Within one engine the declared types are compared; across engines both columns go through the target
        /// dialect's class-based mapping, so spelling differences (int(11), character varying) do not count.
        /// </summary>
        private bool SameType(Column wanted, Column current, Table existing)
        {
            // The wanted column is already in the target's terms, so equal spelling means equal types in any case.
            if (Normalize(wanted.DeclaredType) == Normalize(current.DeclaredType)) return true;
            if (_sameProvider) return false;
            if (Canonical(wanted) == Canonical(current)) return true;
            // A copy bounds unbounded text or binary key columns where the engine must (MariaDB: varchar(768)).
            return wanted.TypeClass == current.TypeClass && wanted.TypeClass is TypeClass.Text or TypeClass.Binary
                && wanted.MaxLength is null && current.MaxLength is not null && InKeyOrIndex(existing, current.Name);
        }

        // Any key or index (unique or not, a foreign key's too): MariaDB bounds unbounded text in all of them.
        private static bool InKeyOrIndex(Table table, string column) =>
            table.IsUniqueColumn(column)
            || table.Indexes.Any(i => i.Columns.Contains(column))
            || table.ForeignKeys.Any(fk => fk.Columns.Contains(column));

        private string Canonical(Column column) =>
            Normalize(_dialect.MapColumn(column with { Default = null }, "obscura-canonical", new List<string>()).DeclaredType)!;

        /// <summary>True when every value of <paramref name="current"/> fits <paramref name="wanted"/> (same class, no bound shrinks).</summary>
        private static bool Widens(Column current, Column wanted)
        {
            if (current.TypeClass != wanted.TypeClass || current.IsUnsigned != wanted.IsUnsigned) return false;
            return wanted.TypeClass switch
            {
                TypeClass.Integer => (wanted.IntegerBits ?? 64) >= (current.IntegerBits ?? 64),
                TypeClass.Text or TypeClass.Binary => wanted.MaxLength is null || (current.MaxLength is { } c && wanted.MaxLength >= c),
                TypeClass.Decimal => wanted.Precision is null || (current.Precision is { } p && (wanted.Scale ?? 0) >= (current.Scale ?? 0)
                    && wanted.Precision - (wanted.Scale ?? 0) >= p - (current.Scale ?? 0)),
                TypeClass.DateTime or TypeClass.DateTimeOffset or TypeClass.Time => (wanted.Precision ?? 6) >= (current.Precision ?? 6),
                TypeClass.Other => false,
                _ => true,
            };
        }

        private static string? Normalize(string? sql) =>
            sql is null ? null : string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

        // Only existing tables are queried, so there is a connection whenever these run.
        private async Task<bool> HasRowsAsync(TableName table, CancellationToken ct) =>
            await DatabaseEndpoint.ScalarAsync(_connection!, _dialect.AnyRow(table), ct).ConfigureAwait(false) is not null;

        private async Task<bool> HasNullsAsync(TableName table, string column, CancellationToken ct) =>
            await DatabaseEndpoint.ScalarAsync(_connection!, $"SELECT 1 FROM {_dialect.Qualify(table)} WHERE {_dialect.Quote(column)} IS NULL LIMIT 1", ct).ConfigureAwait(false) is not null;
    }
}
