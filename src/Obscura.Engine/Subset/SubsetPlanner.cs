using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;

namespace Obscura.Engine.Subset;

/// <summary>
/// Computes a referentially closed subset in the source database, set-based, into one scratch key table per
/// restricted table (docs/subset.md has the semantics):
/// <list type="number">
/// <item>seeds: a filtered table keeps the rows matching its <c>where</c> and/or seeded <c>sample</c>;</item>
/// <item>down: a descendant of a filtered table keeps the rows whose references into restricted tables are kept
/// (cycles: fill, then delete rows whose references fell out, until nothing changes);</item>
/// <item>up: every row a kept row references is added, until nothing changes (self-references, cycles);</item>
/// <item><c>--with-children</c>: children of the rows step 3 added, <c>--depth</c> generations, then up again;</item>
/// <item>a table still whole that references a reduced table keeps the rows whose references are kept, so nothing dangles.</item>
/// </list>
/// Tables that none of this reaches are read whole.
/// </summary>
internal static class SubsetPlanner
{
    /// <summary>The filters of a run: the config's <c>where</c>/<c>sample</c>, replaced per table and kind by the command line's.</summary>
    public static List<(Table Table, SubsetFilter Filter)> Resolve(
        ObscuraConfig config, SubsetOptions options, Catalog catalog, IReadOnlyCollection<Table> selected, DiagnosticBag diagnostics)
    {
        var result = new List<(Table Table, SubsetFilter Filter)>();
        void Merge(Table table, SubsetFilter filter)
        {
            var at = result.FindIndex(r => r.Table == table);
            if (at < 0)
            {
                result.Add((table, filter));
                return;
            }
            var old = result[at].Filter;
            var fromCli = filter.Origin.StartsWith("--", StringComparison.Ordinal);
            var oldFromCli = old.Origin.StartsWith("--", StringComparison.Ordinal);
            // The command line replaces the config; several --where for one table all apply.
            var where = filter.Where is null ? old.Where
                : old.Where is not null && fromCli && oldFromCli ? $"{Predicate(old.Where)} AND {Predicate(filter.Where)}"
                : filter.Where;
            // Name every source that still contributes a part, for the report.
            var oldContributes = where != filter.Where || (filter.Sample is null && old.Sample is not null);
            var origin = !oldContributes || old.Origin == filter.Origin ? filter.Origin : $"{old.Origin}, {filter.Origin}";
            result[at] = (table, old with { Where = where, Sample = filter.Sample ?? old.Sample, Keys = filter.Keys ?? old.Keys, KeysDescription = filter.KeysDescription ?? old.KeysDescription, Origin = origin, Line = oldContributes ? old.Line : null });
        }

        foreach (var rule in config.Tables.Where(r => r.Where is not null || r.Sample is not null))
        {
            var table = catalog.FindTable(rule.Key);
            // An unknown config table is the planner's OBS200 already; a table left out by --tables is simply not copied.
            if (table is null || !selected.Contains(table)) continue;
            Merge(table, new SubsetFilter
            {
                Table = rule.Key, Where = rule.Where?.Text, Sample = rule.Sample, Origin = $"tables.{rule.Key}", Line = rule.Location.Line,
            });
        }
        foreach (var filter in options.Filters)
        {
            var table = catalog.FindTable(filter.Table);
            if (table is null)
            {
                // TableSelection words the unknown name (with close names to try) as every command does.
                var probe = new DiagnosticBag();
                TableSelection.Select(catalog, [filter.Table], probe);
                var message = probe.Items.Count > 0 ? probe.Items[0].Message : $"unknown table '{filter.Table}' in the source";
                diagnostics.Error(filter.Origin, DiagnosticCodes.SubsetUnknownTable, $"{filter.Origin}: {message}");
                continue;
            }
            if (!selected.Contains(table))
            {
                diagnostics.Error(filter.Origin, DiagnosticCodes.SubsetUnknownTable, $"{filter.Origin} names table {table.Name}, which --tables leaves out of the copy");
                continue;
            }
            Merge(table, filter);
        }
        return result;
    }

    /// <summary>Checks, in the source and before anything is written, that every predicate runs and every sample can hash its table.</summary>
    public static async Task ValidateAsync(
        DatabaseEndpoint source, IReadOnlyList<(Table Table, SubsetFilter Filter)> filters, IReadOnlyList<Table> selected,
        IReadOnlyList<RelationRule> relations, long seed, DiagnosticBag diagnostics, CancellationToken ct)
    {
        if (filters.Count == 0) return;
        var d = source.Dialect;
        var parents = Edges(selected, relations).Select(e => e.Parent).ToHashSet();
        await using var conn = await source.OpenAsync(ct).ConfigureAwait(false);
        foreach (var (table, filter) in filters)
        {
            var at = filter.Line is { } line ? $" (line {line})" : "";
            var key = KeyOf(table);
            if (filter.Where is not null && HasStatementSeparator(filter.Where))
            {
                diagnostics.Error(filter.Origin, DiagnosticCodes.SubsetInvalidFilter,
                    $"{filter.Origin}{at}: the where of {table.Name} must be one condition; ';' is not allowed (not even in a quoted string: write chr(59) / CHAR(59))", filter.Line);
                continue;
            }
            if (key is null && parents.Contains(table))
            {
                diagnostics.Error(filter.Origin, DiagnosticCodes.SubsetInvalidFilter,
                    $"{filter.Origin}{at}: {table.Name} has no primary key (nor a unique key on NOT NULL columns) and other tables reference it, so its rows cannot be kept by key; filter its children instead", filter.Line);
                continue;
            }
            if (filter.Keys is not null && key is null)
            {
                diagnostics.Error(filter.Origin, DiagnosticCodes.SubsetInvalidFilter,
                    $"{filter.Origin}: {table.Name} has no primary key (nor a unique key on NOT NULL columns) to keep chosen rows by", filter.Line);
                continue;
            }
            if (filter.Sample is not null && (key is null || d.SampleHash(key, seed) is null))
            {
                diagnostics.Error(filter.Origin, DiagnosticCodes.SubsetInvalidFilter,
                    $"{filter.Origin}{at}: sampling {table.Name} needs a primary key {(key is null ? "" : $"that {d.Name} can hash ")}to pick rows by; use a where predicate instead", filter.Line);
                continue;
            }
            var conditions = new List<string>();
            if (filter.Where is not null) conditions.Add(Predicate(filter.Where));
            if (filter.Sample is not null) conditions.Add($"{d.SampleHash(key!, seed)} % 10000 < 1");
            conditions.Add("1 = 0");
            try
            {
                await DatabaseEndpoint.ScalarAsync(conn, $"SELECT 1 FROM {d.Qualify(table.Name)} WHERE {string.Join(" AND ", conditions)}", ct).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                var what = filter.Where is not null ? "the where predicate" : "the sample";
                diagnostics.Error(filter.Origin, DiagnosticCodes.SubsetInvalidFilter,
                    $"{filter.Origin}{at}: {what} of {table.Name} does not run in the source: {ex.Message}", filter.Line);
            }
        }
    }

    /// <summary>Computes the subset into scratch key tables of the source. The caller disposes the result (which drops them).</summary>
    public static async Task<SubsetResult> ComputeAsync(
        DatabaseEndpoint source, Catalog catalog, IReadOnlyList<Table> selected, IReadOnlyList<RelationRule> relations,
        IReadOnlyList<(Table Table, SubsetFilter Filter)> filters, SubsetOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var scratch = SubsetScratch.Create(source);
        var conn = await source.OpenAsync(ct).ConfigureAwait(false);
        var result = new SubsetResult(scratch, scratch.OnComputingConnection ? conn : null);
        try
        {
            if (source.Provider.Name == "mysql")
            {
                // INSERT ... SELECT at REPEATABLE READ takes shared locks on every source row it scans; READ COMMITTED reads
                // them as a consistent read, so a production source's writers are never blocked by a subset.
                await DatabaseEndpoint.ExecuteAsync(conn, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", ct).ConfigureAwait(false);
            }
            if (scratch.OnComputingConnection)
            {
                // The computation and the reads of the restricted tables run in one transaction whose snapshot every
                // other reader of the copy joins: kept keys and rows are of one moment of the source.
                result.Snapshot = await source.Provider.ExportWritableSnapshotAsync(conn, ct).ConfigureAwait(false);
                // Key sets of millions stay hashed in memory (an IN over a key table larger than work_mem is rescanned per row).
                if (source.Provider.Name == "postgres") await DatabaseEndpoint.ExecuteAsync(conn, "SET LOCAL work_mem = '512MB'", ct).ConfigureAwait(false);
            }
            await scratch.AttachAsync(conn, ct).ConfigureAwait(false);
            var run = new Computation(source.Dialect, scratch, conn, selected, relations, options, ct);
            await run.RunAsync(filters).ConfigureAwait(false);
            await result.FinishAsync(run, options, clock).ConfigureAwait(false);
            if (!scratch.OnComputingConnection) await conn.DisposeAsync().ConfigureAwait(false);
            return result;
        }
        catch
        {
            await result.DisposeAsync().ConfigureAwait(false);
            if (!scratch.OnComputingConnection) await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A user predicate as one parenthesized condition; the newline ends a trailing <c>--</c> comment inside it.</summary>
    internal static string Predicate(string where) => $"({where}\n)";

    /// <summary>
    /// True when <paramref name="sql"/> holds a <c>;</c> anywhere: a second statement has no place in a condition, and
    /// deciding what is inside a literal or a comment differs by engine (backslash escapes, <c>#</c>, <c>$$</c>), so a
    /// semicolon is refused even inside quotes (write <c>chr(59)</c> / <c>CHAR(59)</c> for one in a value).
    /// </summary>
    internal static bool HasStatementSeparator(string sql) => sql.Contains(';', StringComparison.Ordinal);

    /// <summary>The key a table's kept rows are identified by: the primary key, else a unique key on NOT NULL columns.</summary>
    internal static IReadOnlyList<Column>? KeyOf(Table table)
    {
        var key = table.PrimaryKey?.Columns
            ?? table.UniqueKeys.FirstOrDefault(u => u.Columns.All(c => table.FindColumn(c) is { IsNullable: false }))?.Columns;
        if (key is null || key.Count == 0) return null;
        var columns = new List<Column>(key.Count);
        foreach (var name in key)
        {
            if (table.FindColumn(name) is not { } column) return null;
            columns.Add(column);
        }
        return columns;
    }

    /// <summary>Foreign keys and same-database relations between the copied tables.</summary>
    internal static List<Edge> Edges(IReadOnlyList<Table> selected, IReadOnlyList<RelationRule> relations)
    {
        var byName = selected.ToDictionary(t => t.Name);
        var edges = new List<Edge>();
        foreach (var t in selected)
        {
            foreach (var fk in t.ForeignKeys)
            {
                if (byName.TryGetValue(fk.ReferencedTable, out var parent) && fk.Columns.Count == fk.ReferencedColumns.Count && fk.Columns.Count > 0)
                    edges.Add(new Edge(t, fk.Columns, parent, fk.ReferencedColumns));
            }
        }
        var catalog = new Catalog { Provider = "", Database = "", Tables = selected };
        foreach (var r in relations.Where(r => !r.CrossesDatabases))
        {
            if (catalog.FindTable(r.Table) is not { } child || catalog.FindTable(r.ReferencedTable) is not { } parent) continue;
            if (r.Columns.Count != r.ReferencedColumns.Count || r.Columns.Count == 0) continue;
            if (r.Columns.Any(c => child.FindColumn(c) is null) || r.ReferencedColumns.Any(c => parent.FindColumn(c) is null)) continue;
            edges.Add(new Edge(child, r.Columns, parent, r.ReferencedColumns));
        }
        return edges;
    }

    internal sealed record Edge(Table Child, IReadOnlyList<string> Columns, Table Parent, IReadOnlyList<string> ReferencedColumns);

    internal enum Mode { Whole, Keys, Predicate }

    /// <summary>How a table came to be restricted.</summary>
    internal enum Origin { Untouched, Filtered, Down, Lifted, Children, Late }

    /// <summary>One table's state during the computation.</summary>
    internal sealed class Node(Table table, IReadOnlyList<Column>? key)
    {
        public Table Table { get; } = table;
        public IReadOnlyList<Column>? Key { get; } = key;
        public Mode Mode { get; set; }
        public Origin Origin { get; set; }
        public string? KeyTable { get; set; }
        public string? BadTable { get; set; }
        public string? OwnFilter { get; set; }
        public bool IsParent { get; set; }
        public List<NodeEdge> Constraints { get; } = [];
        public long Version { get; set; }
        public List<SubsetReason> Reasons { get; } = [];

        /// <summary>A keyless table that others reference cannot be restricted: it stays whole.</summary>
        public bool Restrictable => Key is not null || !IsParent;

        public void Count(string reason, long rows)
        {
            var at = Reasons.FindIndex(r => r.Reason == reason);
            if (at < 0) Reasons.Add(new SubsetReason(reason, rows));
            else Reasons[at] = Reasons[at] with { Rows = Reasons[at].Rows + rows };
        }
    }

    internal sealed class NodeEdge(Node child, IReadOnlyList<string> columns, Node parent, IReadOnlyList<string> referenced)
    {
        public Node Child { get; } = child;
        public IReadOnlyList<string> Columns { get; } = columns;
        public Node Parent { get; } = parent;
        public IReadOnlyList<string> Referenced { get; } = referenced;
        /// <summary>The child's version when this edge's references were last known to be kept (-1: never).</summary>
        public long Done { get; set; } = -1;
    }

    /// <summary>The state and SQL of one computation, all on one source connection.</summary>
    internal sealed class Computation
    {
        private const int ClosureStep = 1;
        private const int FinalClosureStep = 1000;
        private readonly SqlDialect _d;
        private readonly SubsetScratch _scratch;
        private readonly DbConnection _conn;
        private readonly SubsetOptions _options;
        private readonly CancellationToken _ct;
        private readonly List<NodeEdge> _edges = [];

        public Computation(SqlDialect dialect, SubsetScratch scratch, DbConnection conn, IReadOnlyList<Table> selected,
            IReadOnlyList<RelationRule> relations, SubsetOptions options, CancellationToken ct)
        {
            _d = dialect;
            _scratch = scratch;
            _conn = conn;
            _options = options;
            _ct = ct;
            Nodes = selected.Select(t => new Node(t, KeyOf(t))).ToList();
            var byTable = Nodes.ToDictionary(n => n.Table);
            foreach (var e in Edges(selected, relations))
            {
                var edge = new NodeEdge(byTable[e.Child], e.Columns, byTable[e.Parent], e.ReferencedColumns);
                edge.Parent.IsParent = true;
                _edges.Add(edge);
            }
        }

        public List<Node> Nodes { get; }

        public async Task RunAsync(IReadOnlyList<(Table Table, SubsetFilter Filter)> filters)
        {
            var order = ParentsFirst();
            var byTable = Nodes.ToDictionary(n => n.Table);
            // 1. Seeds.
            foreach (var (table, filter) in filters) await SeedAsync(byTable[table], filter).ConfigureAwait(false);

            // 2. Down: descendants of filtered tables keep the rows whose references into restricted tables are kept.
            var down = new HashSet<Node>();
            var queue = new Queue<Node>(Nodes.Where(n => n.Origin == Origin.Filtered));
            while (queue.TryDequeue(out var n))
            {
                foreach (var e in _edges.Where(e => e.Parent == n && e.Child.Origin != Origin.Filtered && e.Child.Restrictable))
                {
                    if (down.Add(e.Child)) queue.Enqueue(e.Child);
                }
            }
            await FillAsync(order, down, Origin.Down).ConfigureAwait(false);

            // 3. Up: every referenced row, to a fixpoint.
            await CloseUpAsync(ClosureStep).ConfigureAwait(false);

            // 4. Children of the rows the closure added, then up again.
            if (_options.WithChildren)
            {
                for (var level = 1; level <= _options.Depth; level++)
                {
                    if (!await AddChildrenAsync(level == 1 ? ClosureStep : ClosureStep + level - 1, ClosureStep + level, level).ConfigureAwait(false)) break;
                }
                await CloseUpAsync(FinalClosureStep).ConfigureAwait(false);
            }

            // 5. Tables still whole (or holding only added children) that reference a reduced table.
            var late = new HashSet<Node>();
            bool grew;
            do
            {
                grew = false;
                foreach (var n in Nodes.Where(n => n.Restrictable && (n.Mode == Mode.Whole || n.Origin == Origin.Children) && !late.Contains(n)))
                {
                    if (_edges.Any(e => e.Child == n && (e.Parent.Mode != Mode.Whole || late.Contains(e.Parent))) && late.Add(n)) grew = true;
                }
            }
            while (grew);
            await FillAsync(order, late, Origin.Late).ConfigureAwait(false);
        }

        private async Task SeedAsync(Node n, SubsetFilter filter)
        {
            n.Origin = Origin.Filtered;
            var what = string.Join(" and ", new[]
            {
                filter.Keys is null ? null : filter.KeysDescription ?? "keys",
                filter.Where is null ? null : "where",
                filter.Sample is null ? null : $"sample {filter.Sample}",
            }.OfType<string>());
            var reason = $"filter: {what} ({filter.Origin}{(filter.Line is { } l ? $", line {l}" : "")})";
            if (n.Key is null)
            {
                // Keyless and unreferenced (ValidateAsync refused the rest): restricted by its predicate at read time.
                n.Mode = Mode.Predicate;
                n.OwnFilter = Predicate(filter.Where!);
                n.Reasons.Add(new SubsetReason(reason, null));
                return;
            }
            await ToKeysAsync(n, Origin.Filtered).ConfigureAwait(false);
            var where = filter.Where is null ? "1 = 1" : Predicate(filter.Where);
            if (filter.Keys is not null) where += $" AND {KeyTuple(n)} IN (SELECT {KCols(n)} FROM {await LoadKeysAsync(n, filter.Keys).ConfigureAwait(false)})";
            var hash = filter.Sample is null ? null : _d.SampleHash(n.Key, _options.Seed);
            var sql = $"INSERT INTO {n.KeyTable} ({KCols(n)}, obscura_step) SELECT {KeyCols(n)}, 0 FROM {T(n)} WHERE {where}";
            if (filter.Sample?.BasisPoints is { } bp) sql += $" AND {hash} % 10000 < {bp.ToString(CultureInfo.InvariantCulture)}";
            if (filter.Sample?.Rows is { } rows) sql += $" ORDER BY {hash}, {KeyCols(n)} LIMIT {rows.ToString(CultureInfo.InvariantCulture)}";
            var added = await ExecAsync(sql).ConfigureAwait(false);
            await AfterGrowthAsync(n, added).ConfigureAwait(false);
            n.Count(reason, added);
        }

        /// <summary>
        /// Loads an explicit key set into a scratch table shaped like the node's key (the source's own column types), in
        /// parameterized multi-row INSERTs; returns its SQL name.
        /// </summary>
        private async Task<string> LoadKeysAsync(Node n, IReadOnlyList<object?[]> keys)
        {
            var select = string.Join(", ", n.Key!.Select((c, i) => $"{Col(n, c.Name)} AS {_d.Quote($"obscura_k{i}")}"));
            var table = await _scratch.CreateAsync(_conn, select, T(n), KColNames(n), _ct).ConfigureAwait(false);
            var width = n.Key!.Count;
            // Engines cap parameters per statement (PostgreSQL and MariaDB at 65,535, SQLite at 32,766 since 3.32).
            var perBatch = Math.Max(1, 2000 / width);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var at = 0; at < keys.Count; at += perBatch)
            {
                await using var cmd = _conn.CreateCommand();
                cmd.CommandTimeout = 0;
                var rows = new List<string>();
                var p = 0;
                foreach (var key in keys.Skip(at).Take(perBatch))
                {
                    if (key.Length != width) throw new ArgumentException($"a key of {n.Table.Name} has {key.Length} values; its key has {width} columns", nameof(keys));
                    // A duplicate would break the scratch table's unique index.
                    if (!seen.Add(string.Join("\u0001", key.Select(v => v is null ? "\u0000" : Convert.ToString(v, CultureInfo.InvariantCulture))))) continue;
                    var names = new List<string>(width);
                    foreach (var value in key)
                    {
                        var parameter = cmd.CreateParameter();
                        parameter.ParameterName = $"@k{p++}";
                        parameter.Value = value ?? DBNull.Value;
                        cmd.Parameters.Add(parameter);
                        names.Add(parameter.ParameterName);
                    }
                    rows.Add($"({string.Join(", ", names)})");
                }
                if (rows.Count == 0) continue;
                cmd.CommandText = $"INSERT INTO {table} ({KCols(n)}) VALUES {string.Join(", ", rows)}";
                await cmd.ExecuteNonQueryAsync(_ct).ConfigureAwait(false);
            }
            await _scratch.AnalyzeAsync(_conn, table, _ct).ConfigureAwait(false);
            return table;
        }

        /// <summary>Restricts <paramref name="set"/> parents first: initial fill against final parents, then a fixpoint within cycles.</summary>
        private async Task FillAsync(List<List<Node>> order, HashSet<Node> set, Origin origin)
        {
            foreach (var scc in order)
            {
                var members = scc.Where(set.Contains).ToList();
                if (members.Count == 0) continue;
                foreach (var m in members.Where(m => m.Mode == Mode.Whole))
                {
                    if (m.Key is null)
                    {
                        m.Mode = Mode.Predicate;
                        m.Origin = origin;
                    }
                    else
                    {
                        await ToKeysAsync(m, origin).ConfigureAwait(false);
                    }
                }
                foreach (var m in members)
                {
                    var outside = _edges.Where(e => e.Child == m && e.Parent.Mode != Mode.Whole && !members.Contains(e.Parent)).ToList();
                    var parents = string.Join(", ", _edges.Where(e => e.Child == m && e.Parent.Mode != Mode.Whole).Select(e => e.Parent.Table.Name.ToString()).Distinct());
                    var reason = origin == Origin.Down ? $"children of kept rows of {parents}" : $"rows whose references into reduced {parents} are kept";
                    if (m.Mode == Mode.Predicate)
                    {
                        m.Constraints.AddRange(_edges.Where(e => e.Child == m && e.Parent.Mode != Mode.Whole));
                        m.Reasons.Add(new SubsetReason(reason, null));
                        continue;
                    }
                    var conditions = outside.Select(RefOk).ToList();
                    // Rows added as children already are kept; only add the others.
                    if (m.Origin == Origin.Children) conditions.Add($"NOT ({Kept(m)})");
                    var added = await ExecAsync($"INSERT INTO {m.KeyTable} ({KCols(m)}, obscura_step) SELECT {KeyCols(m)}, 0 FROM {T(m)}{Where(conditions)}").ConfigureAwait(false);
                    await AfterGrowthAsync(m, added).ConfigureAwait(false);
                    m.Count(reason, added);
                }
                // Cycles: a row whose reference into the same cycle fell out goes too, until nothing changes.
                var inner = _edges.Where(e => members.Contains(e.Child) && members.Contains(e.Parent) && e.Child.Mode == Mode.Keys).ToList();
                if (inner.Count > 0)
                {
                    long removed;
                    do
                    {
                        removed = 0;
                        foreach (var group in inner.GroupBy(e => e.Child))
                        {
                            var m = group.Key;
                            var bad = m.BadTable ??= await _scratch.CreateAsync(_conn, KCols(m), m.KeyTable!, KColNames(m), _ct).ConfigureAwait(false);
                            await ExecAsync($"INSERT INTO {bad} ({KCols(m)}) SELECT {KeyCols(m)} FROM {T(m)} WHERE {Kept(m)} AND NOT ({string.Join(" AND ", group.Select(RefOk))})").ConfigureAwait(false);
                            var gone = await ExecAsync($"DELETE FROM {m.KeyTable} WHERE {Tuple(KColNames(m).Select(_d.Quote).ToList())} IN (SELECT {KCols(m)} FROM {bad})").ConfigureAwait(false);
                            if (gone > 0)
                            {
                                m.Version++;
                                m.Count(m.Reasons[^1].Reason, -gone);
                            }
                            await ExecAsync($"DELETE FROM {bad}").ConfigureAwait(false);
                            removed += gone;
                        }
                    }
                    while (removed > 0);
                }
                // Every reference into a restricted table is now kept: the closure needs not revisit these edges.
                foreach (var m in members)
                {
                    foreach (var e in _edges.Where(e => e.Child == m && e.Parent.Mode != Mode.Whole)) e.Done = Version(m);
                }
            }
        }

        /// <summary>Adds every row that a kept row references, until no edge adds any.</summary>
        private async Task CloseUpAsync(int step)
        {
            bool changed;
            do
            {
                changed = false;
                foreach (var e in _edges)
                {
                    if (e.Child.Mode == Mode.Whole || e.Parent.Key is null) continue;
                    var version = Version(e.Child);
                    if (version == e.Done) continue;
                    if (e.Parent.Mode == Mode.Whole) await ToKeysAsync(e.Parent, Origin.Lifted).ConfigureAwait(false);
                    e.Done = version;
                    var p = e.Parent;
                    var referenced = $"{Tuple(e.Referenced.Select(c => Col(p, c)).ToList())} IN (SELECT {string.Join(", ", e.Columns.Select(c => Col(e.Child, c)))} FROM {T(e.Child)}{Where([Kept(e.Child)])})";
                    var added = await ExecAsync($"INSERT INTO {p.KeyTable} ({KCols(p)}, obscura_step) SELECT {KeyCols(p)}, {step} FROM {T(p)} WHERE {referenced} AND NOT ({Kept(p)})").ConfigureAwait(false);
                    if (added == 0) continue;
                    await AfterGrowthAsync(p, added).ConfigureAwait(false);
                    p.Count($"referenced by kept rows of {e.Child.Table.Name}", added);
                    changed = true;
                }
            }
            while (changed);
        }

        /// <summary>Adds the children of the rows added at <paramref name="frontier"/>; false when there were none.</summary>
        private async Task<bool> AddChildrenAsync(int frontier, int step, int level)
        {
            var any = false;
            foreach (var e in _edges.ToList())
            {
                var p = e.Parent;
                var c = e.Child;
                if (p.Mode != Mode.Keys || c.Key is null || c.Mode == Mode.Predicate) continue;
                var keyed = KeyIndexes(p, e.Referenced);
                var frontierRows = keyed is not null
                    ? $"SELECT {string.Join(", ", keyed.Select(i => _d.Quote($"obscura_k{i}")))} FROM {p.KeyTable} WHERE obscura_step = {frontier}"
                    : $"SELECT {string.Join(", ", e.Referenced.Select(r => Col(p, r)))} FROM {T(p)} WHERE {KeyTuple(p)} IN (SELECT {KCols(p)} FROM {p.KeyTable} WHERE obscura_step = {frontier})";
                if (c.Mode == Mode.Whole) await ToKeysAsync(c, Origin.Children).ConfigureAwait(false);
                var added = await ExecAsync($"INSERT INTO {c.KeyTable} ({KCols(c)}, obscura_step) SELECT {KeyCols(c)}, {step} FROM {T(c)} " +
                    $"WHERE {Tuple(e.Columns.Select(col => Col(c, col)).ToList())} IN ({frontierRows}) AND NOT ({Kept(c)})").ConfigureAwait(false);
                if (added == 0) continue;
                await AfterGrowthAsync(c, added).ConfigureAwait(false);
                c.Count($"children (depth {level}) of rows added to {p.Table.Name}", added);
                any = true;
            }
            return any;
        }

        private async Task ToKeysAsync(Node n, Origin origin)
        {
            var select = string.Join(", ", n.Key!.Select((c, i) => $"{Col(n, c.Name)} AS {_d.Quote($"obscura_k{i}")}")) + ", 0 AS obscura_step";
            n.KeyTable = await _scratch.CreateAsync(_conn, select, T(n), KColNames(n), _ct).ConfigureAwait(false);
            n.Mode = Mode.Keys;
            n.Origin = origin;
        }

        private async Task AfterGrowthAsync(Node n, long added)
        {
            if (added <= 0) return;
            n.Version++;
            if (added >= 10_000) await _scratch.AnalyzeAsync(_conn, n.KeyTable!, _ct).ConfigureAwait(false);
        }

        /// <summary>A node's version: its own, plus (for predicate nodes) its constraining parents', whose growth widens it.</summary>
        private static long Version(Node n) => n.Mode == Mode.Predicate ? n.Version + n.Constraints.Sum(e => e.Parent.Version) : n.Version;

        /// <summary>SQL true for the kept rows of <paramref name="n"/>, over its unaliased table name; null when whole.</summary>
        public string? Kept(Node n) => n.Mode switch
        {
            Mode.Keys => $"{KeyTuple(n)} IN (SELECT {KCols(n)} FROM {n.KeyTable})",
            Mode.Predicate => And([n.OwnFilter, .. n.Constraints.Select(RefOk)]) ?? "1 = 1",
            _ => null,
        };

        /// <summary>SQL true when the child's reference along <paramref name="e"/> is null or points at a kept parent row.</summary>
        private string RefOk(NodeEdge e)
        {
            var c = e.Child;
            var p = e.Parent;
            var nulls = string.Join(" OR ", e.Columns.Select(col => $"{Col(c, col)} IS NULL"));
            var tuple = Tuple(e.Columns.Select(col => Col(c, col)).ToList());
            var keyed = KeyIndexes(p, e.Referenced);
            var kept = keyed is not null
                ? $"SELECT {string.Join(", ", keyed.Select(i => _d.Quote($"obscura_k{i}")))} FROM {p.KeyTable}"
                : $"SELECT {string.Join(", ", e.Referenced.Select(r => Col(p, r)))} FROM {T(p)} WHERE {Kept(p)} AND {string.Join(" AND ", e.Referenced.Select(r => $"{Col(p, r)} IS NOT NULL"))}";
            // (NULLs left out of the referenced side: NOT (x IN (..., NULL)) is NULL, which would keep a dangling row.)
            return $"({nulls} OR {tuple} IN ({kept}))";
        }

        /// <summary>Positions in the parent's key of each referenced column, when the reference is exactly the key; else null.</summary>
        private static List<int>? KeyIndexes(Node p, IReadOnlyList<string> referenced)
        {
            if (p.Mode != Mode.Keys || p.Key is null || p.Key.Count != referenced.Count) return null;
            var result = new List<int>();
            foreach (var r in referenced)
            {
                var i = p.Key.ToList().FindIndex(k => k.Name == r);
                if (i < 0) return null;
                result.Add(i);
            }
            return result;
        }

        /// <summary>Tables in an order where a table's parents come before it; a cycle is one group.</summary>
        private List<List<Node>> ParentsFirst()
        {
            // Tarjan over child → parent edges emits a component after every component it reaches, i.e. parents first.
            var index = new Dictionary<Node, int>();
            var low = new Dictionary<Node, int>();
            var stack = new Stack<Node>();
            var onStack = new HashSet<Node>();
            var result = new List<List<Node>>();
            var counter = 0;
            void Visit(Node v)
            {
                index[v] = low[v] = counter++;
                stack.Push(v);
                onStack.Add(v);
                foreach (var e in _edges.Where(e => e.Child == v))
                {
                    var w = e.Parent;
                    if (!index.TryGetValue(w, out var seen))
                    {
                        Visit(w);
                        low[v] = Math.Min(low[v], low[w]);
                    }
                    else if (onStack.Contains(w))
                    {
                        low[v] = Math.Min(low[v], seen);
                    }
                }
                if (low[v] != index[v]) return;
                var component = new List<Node>();
                Node x;
                do
                {
                    x = stack.Pop();
                    onStack.Remove(x);
                    component.Add(x);
                }
                while (x != v);
                result.Add(component);
            }
            foreach (var n in Nodes) if (!index.ContainsKey(n)) Visit(n);
            return result;
        }

        private async Task<long> ExecAsync(string sql)
        {
            await using var cmd = _conn.CreateCommand();
            cmd.CommandText = sql;
            cmd.CommandTimeout = 0;
            return await cmd.ExecuteNonQueryAsync(_ct).ConfigureAwait(false);
        }

        public async Task<long> CountAsync(Node n)
        {
            var sql = n.Mode == Mode.Keys ? $"SELECT COUNT(*) FROM {n.KeyTable}" : $"SELECT COUNT(*) FROM {T(n)} WHERE {Kept(n)}";
            return Convert.ToInt64(await DatabaseEndpoint.ScalarAsync(_conn, sql, _ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        private string T(Node n) => _d.Qualify(n.Table.Name);
        private string Col(Node n, string column) => $"{T(n)}.{_d.Quote(column)}";
        private string KeyCols(Node n) => string.Join(", ", n.Key!.Select(c => Col(n, c.Name)));
        private string KeyTuple(Node n) => Tuple(n.Key!.Select(c => Col(n, c.Name)).ToList());
        private static List<string> KColNames(Node n) => n.Key!.Select((_, i) => $"obscura_k{i}").ToList();
        private string KCols(Node n) => string.Join(", ", KColNames(n).Select(_d.Quote));
        private static string Tuple(IReadOnlyList<string> parts) => parts.Count == 1 ? parts[0] : $"({string.Join(", ", parts)})";
        private static string? And(IEnumerable<string?> parts)
        {
            var list = parts.OfType<string>().ToList();
            return list.Count == 0 ? null : string.Join(" AND ", list);
        }
        private static string Where(IEnumerable<string?> parts) => And(parts) is { } w ? " WHERE " + w : "";
    }
}

/// <summary>
/// A computed subset: the read predicate and kept rows of each restricted table. Where the key tables are temporary
/// tables of the computing connection, that connection is <see cref="Connection"/>: restricted tables are read there, one
/// at a time (<see cref="ReadLock"/>). Disposing drops the key tables and closes it.
/// </summary>
internal sealed class SubsetResult(SubsetScratch scratch, DbConnection? connection) : IAsyncDisposable
{
    private readonly Dictionary<TableName, (string Filter, long Rows)> _tables = [];
    private bool _disposed;

    /// <summary>The connection that holds the key tables and must read the restricted tables, or null (SQLite: any connection after <see cref="AttachAsync"/>).</summary>
    public DbConnection? Connection => connection;

    /// <summary>Serializes reads on <see cref="Connection"/> (one statement at a time per connection).</summary>
    public SemaphoreSlim ReadLock { get; } = new(1, 1);

    /// <summary>The snapshot the computation ran in, for the copy's other readers to join (PostgreSQL), or null.</summary>
    public string? Snapshot { get; internal set; }

    /// <summary>What the run summary reports.</summary>
    public SubsetSummary Summary { get; private set; } = new();

    /// <summary>A warning from dropping the scratch tables, if that failed.</summary>
    public string? DropWarning { get; private set; }

    /// <summary>The predicate (over the unaliased table name) that selects the kept rows, or null to read the whole table.</summary>
    public string? Filter(TableName table) => _tables.TryGetValue(table, out var t) ? t.Filter : null;

    /// <summary>Rows kept, or null for a whole table.</summary>
    public long? Rows(TableName table) => _tables.TryGetValue(table, out var t) ? t.Rows : null;

    /// <summary>Makes the key tables visible on a reader connection.</summary>
    public Task AttachAsync(DbConnection connection, CancellationToken ct) => scratch.AttachAsync(connection, ct);

    internal async Task FinishAsync(SubsetPlanner.Computation run, SubsetOptions options, Stopwatch clock)
    {
        var tables = new List<SubsetTableSummary>();
        foreach (var n in run.Nodes)
        {
            if (n.Mode == SubsetPlanner.Mode.Whole)
            {
                var why = !n.Restrictable ? "whole table: no primary key to keep rows by, and other tables reference it" : "whole table";
                tables.Add(new SubsetTableSummary(n.Table.Name.ToString(), "whole", null, [new SubsetReason(why, null)]));
                continue;
            }
            var rows = await run.CountAsync(n).ConfigureAwait(false);
            _tables[n.Table.Name] = (run.Kept(n)!, rows);
            tables.Add(new SubsetTableSummary(n.Table.Name.ToString(), "subset", rows, [.. n.Reasons]));
        }
        Summary = new SubsetSummary
        {
            Seed = options.Seed,
            WithChildrenDepth = options.WithChildren ? options.Depth : null,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Tables = tables,
        };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        DropWarning = await scratch.DropAllAsync(connection).ConfigureAwait(false);
        if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
        ReadLock.Dispose();
    }
}
