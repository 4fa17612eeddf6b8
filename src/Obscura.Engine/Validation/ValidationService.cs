using System.Diagnostics;
using System.Security.Cryptography;
using Obscura.Core.Config;
using Obscura.Core.Crypto;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Copy;
using Obscura.Engine.Validation.Internal;

namespace Obscura.Engine.Validation;

/// <summary>
/// <c>obscura validate</c>: proves a target (a copy, or a database anonymized in place) is consistent and holds no
/// original values. Checks row counts against the source, orphaned foreign keys (physical and <c>relations:</c>),
/// duplicate keys, NULLs in NOT NULL columns, and scans every untransformed text-like column of the target for the
/// original values of the transformed columns (whole values and token runs inside text and JSON). All checks run at
/// once; tables stream through <see cref="System.Data.Common.DbDataReader"/>s in parallel. Reports carry counts and
/// row keys, never values. See docs/validation.md.
/// </summary>
public sealed class ValidationService
{
    private readonly ObscuraRuntime _runtime;

    /// <summary>Creates the service.</summary>
    public ValidationService(ObscuraRuntime runtime) => _runtime = runtime;

    /// <summary>
    /// Validates <paramref name="target"/> against <paramref name="source"/> with the config's transforms (the CLI's entry
    /// point). <paramref name="secret"/> only binds keyed strategies to find the transformed columns; none is needed.
    /// </summary>
    /// <exception cref="ObscuraConfigException">The config does not fit the source, or a relation names unknown tables or columns.</exception>
    /// <exception cref="ObscuraDatabaseException">A database cannot be reached.</exception>
    public async Task<ValidationReport> RunAsync(
        DatabaseUri source, DatabaseUri target, ObscuraConfig config, RunSecret? secret, ValidationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        if (source.Scheme == target.Scheme && (source.Scheme == "sqlite"
                ? string.Equals(Path.GetFullPath(source.Database), Path.GetFullPath(target.Database), StringComparison.Ordinal)
                : source.ToString() == target.ToString()))
        {
            throw new ObscuraConfigException($"source and target are the same database ({source}): validate compares an anonymized target with its source");
        }
        await using var s = _runtime.Connect(source);
        await using var t = _runtime.Connect(target);
        var catalog = await s.InspectAsync(cancellationToken).ConfigureAwait(false);
        // Validation never computes outputs: any secret binds the keyed strategies equally well.
        var plan = TransformPlanner.Plan(config, catalog, _runtime.WithPlugins(config.Plugins).Strategies, secret ?? RunSecret.FromBytes(RandomNumberGenerator.GetBytes(32)));
        if (plan.HasErrors) throw new ObscuraConfigException("the config does not fit the source", plan.Diagnostics);
        if (options.Relations.Count == 0 && config.Relations.Count > 0) options = options with { Relations = config.Relations };
        return await RunCoreAsync(s, catalog, t, plan, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Validates <paramref name="target"/> (the engine's entry point). <paramref name="source"/> is null for an in-place
    /// run: pass <see cref="ValidationOptions.OriginalFingerprints"/> and <see cref="ValidationOptions.SourceRowCounts"/>
    /// collected before the run, or those checks are skipped. <paramref name="plan"/> is bound to the source's catalog
    /// (the target's for in-place runs).
    /// </summary>
    public async Task<ValidationReport> RunAsync(
        DatabaseEndpoint? source, DatabaseEndpoint target, TransformPlan plan, ValidationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var catalog = source is null ? null : await source.InspectAsync(cancellationToken).ConfigureAwait(false);
        return await RunCoreAsync(source, catalog, target, plan, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ValidationReport> RunCoreAsync(
        DatabaseEndpoint? source, Catalog? sourceCatalog, DatabaseEndpoint target, TransformPlan plan, ValidationOptions options, CancellationToken ct)
    {
        var startedAt = _runtime.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var targetCatalog = await target.InspectAsync(ct).ConfigureAwait(false);
        var baseCatalog = sourceCatalog ?? targetCatalog;

        var diagnostics = new DiagnosticBag();
        var pairs = Pair(baseCatalog, sourceCatalog is not null, targetCatalog, target.Dialect, options.Tables, diagnostics);
        var relations = BindRelations(options.Relations, pairs, baseCatalog, source?.Uri, target.Uri, diagnostics, out var crossing);
        diagnostics.ThrowIfErrors("validation cannot start");

        using var gate = new SemaphoreSlim(Math.Max(1, options.Jobs));
        var run = new Run(target, gate, options, ct);
        var leakage = LeakageAsync(source, target, pairs, plan, options, ct);
        var counts = RowCountsAsync(run, source, pairs, options);
        var foreignKeys = ForeignKeysAsync(run, pairs, relations, crossing, baseCatalog, targetCatalog);
        var unique = UniqueAsync(run, pairs);
        var notNull = NotNullAsync(run, pairs);
        await Task.WhenAll(leakage, counts, foreignKeys, unique, notNull).ConfigureAwait(false);

        var (leakCheck, fingerprints, owned) = await leakage.ConfigureAwait(false);
        try
        {
            var checks = new[] { await counts.ConfigureAwait(false), await foreignKeys.ConfigureAwait(false), await unique.ConfigureAwait(false), await notNull.ConfigureAwait(false), leakCheck };
            // A key that is itself an untransformed original (a natural key like an email) must not appear in the report.
            if (fingerprints is not null) checks = checks.Select(c => Redact(c, fingerprints)).ToArray();
            return new ValidationReport
            {
                Source = source?.Uri.ToString(),
                Target = target.Uri.ToString(),
                StartedAt = startedAt,
                Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Tables = pairs.Count,
                Checks = checks,
                Rules = options.Leakage.Describe(),
            };
        }
        finally
        {
            if (owned) fingerprints?.Dispose();
        }
    }

    /// <summary>
    /// Checks the <c>relations:</c> that cross databases (no join can span servers): the referenced keys are streamed into
    /// a keyed fingerprint set, then the referencing rows are streamed against it. <paramref name="databases"/> maps the
    /// names used in the config to endpoints.
    /// </summary>
    /// <exception cref="ObscuraConfigException">A relation names an unknown database, table or column.</exception>
    public static async Task<ValidationCheck> CheckCrossDatabaseRelationsAsync(
        IReadOnlyDictionary<string, DatabaseEndpoint> databases, IReadOnlyList<RelationRule> relations, ValidationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(databases);
        ArgumentNullException.ThrowIfNull(relations);
        ArgumentNullException.ThrowIfNull(options);
        var watch = Stopwatch.StartNew();
        var catalogs = new Dictionary<string, Catalog>(StringComparer.Ordinal);
        var diagnostics = new DiagnosticBag();
        var bound = new List<(RelationRule Rule, DatabaseEndpoint Child, Table ChildTable, DatabaseEndpoint Parent, Table ParentTable)>();
        foreach (var rule in relations.Where(r => r.CrossesDatabases))
        {
            var child = await ResolveAsync(rule.Database!, rule.Table, rule.Columns).ConfigureAwait(false);
            var parent = await ResolveAsync(rule.ReferencedDatabase!, rule.ReferencedTable, rule.ReferencedColumns).ConfigureAwait(false);
            if (child is { } c && parent is { } p) bound.Add((rule, c.Endpoint, c.Table, p.Endpoint, p.Table));

            async Task<(DatabaseEndpoint Endpoint, Table Table)?> ResolveAsync(string database, string table, IReadOnlyList<string> columns)
            {
                if (!databases.TryGetValue(database, out var endpoint))
                {
                    diagnostics.Error(rule.Location.Path, DiagnosticCodes.RelationUnknownName,
                        $"relation {rule}: no database named '{database}' in this run (databases: {string.Join(", ", databases.Keys)})", rule.Location.Line, rule.Location.Column);
                    return null;
                }
                if (!catalogs.TryGetValue(database, out var catalog)) catalogs[database] = catalog = await endpoint.InspectAsync(cancellationToken).ConfigureAwait(false);
                var found = catalog.FindTable(table);
                var missing = found is null ? null : columns.FirstOrDefault(col => found.FindColumn(col) is null);
                if (found is null || missing is not null)
                {
                    diagnostics.Error(rule.Location.Path, DiagnosticCodes.RelationUnknownName,
                        found is null ? $"relation {rule}: no table '{table}' in database '{database}'" : $"relation {rule}: table {found.Name} has no column '{missing}'",
                        rule.Location.Line, rule.Location.Column);
                    return null;
                }
                return (endpoint, found);
            }
        }
        diagnostics.ThrowIfErrors("the relations cannot be checked");

        var items = new List<ValidationItem>();
        var examples = new List<IReadOnlyList<ValidationExample>>();
        foreach (var (rule, child, childTable, parent, parentTable) in bound)
        {
            var (orphans, found) = await CrossRelation.CheckAsync(child, childTable, rule.Columns, parent, parentTable, rule.ReferencedColumns, options, cancellationToken).ConfigureAwait(false);
            items.Add(new ValidationItem
            {
                Table = $"{rule.Database}:{childTable.Name}", Columns = rule.Columns, References = $"{rule.ReferencedDatabase}:{parentTable.Name}({string.Join(", ", rule.ReferencedColumns)})",
                Kind = "logical", Failures = orphans,
            });
            examples.Add(found);
        }
        return Check(ValidationCheckKind.ForeignKeys, "Every non-null key of a relation across databases has its parent row.", bound.Count, items, examples, options.MaxExamples, watch);
    }

    /// <summary>The name a relation uses for a database: its name in the URI (for SQLite the file name without extension).</summary>
    public static string DatabaseName(DatabaseUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Scheme == "sqlite" ? Path.GetFileNameWithoutExtension(uri.Database) : uri.Database;
    }

    /// <summary>A source table and the target table it became (null when missing from the target).</summary>
    private sealed record TablePair(Table Source, Table? Target)
    {
        public IReadOnlyList<string> Keys => Target is null ? [] : KeyText.KeyColumns(Target);
    }

    /// <summary>What every SQL check needs: the target, a gate on concurrent queries, options, cancellation.</summary>
    private sealed record Run(DatabaseEndpoint Target, SemaphoreSlim Gate, ValidationOptions Options, CancellationToken Token)
    {
        public async Task<T> QueryAsync<T>(Func<System.Data.Common.DbConnection, Task<T>> query)
        {
            await Gate.WaitAsync(Token).ConfigureAwait(false);
            try
            {
                await using var conn = await Target.OpenAsync(Token).ConfigureAwait(false);
                return await query(conn).ConfigureAwait(false);
            }
            finally
            {
                Gate.Release();
            }
        }

        public Task<long> ScalarAsync(string sql) =>
            QueryAsync(async conn => LeakageScanner.ToInt64(await DatabaseEndpoint.ScalarAsync(conn, sql, Token).ConfigureAwait(false)));

        public Task<List<string>> KeysAsync(string sql, IReadOnlyList<string> keys) =>
            QueryAsync(conn => LeakageScanner.KeysAsync(conn, sql, keys, Token));
    }

    private static List<TablePair> Pair(Catalog source, bool mapNames, Catalog target, SqlDialect targetDialect, IReadOnlyList<string> names, DiagnosticBag diagnostics)
    {
        var tables = TableSelection.Select(source, names, diagnostics);
        return tables.Select(t => new TablePair(t, target.FindTable(mapNames ? SchemaTranslator.MapName(t.Name, source.DefaultSchema, targetDialect) : t.Name))).ToList();
    }

    /// <summary>Binds the relations inside this database pair as foreign keys of target tables; counts those that cross databases.</summary>
    private static List<(TablePair Pair, ForeignKey Key)> BindRelations(
        IReadOnlyList<RelationRule> rules, List<TablePair> pairs, Catalog catalog, DatabaseUri? source, DatabaseUri target, DiagnosticBag diagnostics, out int crossing)
    {
        crossing = 0;
        var result = new List<(TablePair, ForeignKey)>();
        var names = new HashSet<string>(StringComparer.Ordinal) { DatabaseName(target) };
        if (source is not null) names.Add(DatabaseName(source));
        foreach (var rule in rules)
        {
            if (rule.CrossesDatabases)
            {
                crossing++;
                continue;
            }
            // A relation pinned to another database belongs to another validation.
            if ((rule.Database ?? rule.ReferencedDatabase) is { } db && !names.Contains(db)) continue;
            var child = Find(rule.Table, rule.Columns);
            var parent = Find(rule.ReferencedTable, rule.ReferencedColumns);
            if (child is null || parent is null) continue;
            if (child.Target is null || parent.Target is null) continue;
            result.Add((child, new ForeignKey
            {
                Name = "relation " + rule,
                Columns = rule.Columns,
                ReferencedTable = parent.Target.Name,
                ReferencedColumns = rule.ReferencedColumns,
            }));

            TablePair? Find(string table, IReadOnlyList<string> columns)
            {
                var found = catalog.FindTable(table);
                var pair = found is null ? null : pairs.FirstOrDefault(p => p.Source.Name == found.Name);
                if (found is null || pair is null)
                {
                    diagnostics.Error(rule.Location.Path, DiagnosticCodes.RelationUnknownName,
                        found is null ? $"relation {rule}: unknown table '{table}'" : $"relation {rule}: table {found.Name} is not among the validated tables",
                        rule.Location.Line, rule.Location.Column);
                    return null;
                }
                foreach (var column in columns.Where(c => found.FindColumn(c) is null))
                {
                    diagnostics.Error(rule.Location.Path, DiagnosticCodes.RelationUnknownName, $"relation {rule}: table {found.Name} has no column '{column}'",
                        rule.Location.Line, rule.Location.Column);
                    return null;
                }
                return pair;
            }
        }
        return result;
    }

    private static async Task<ValidationCheck> RowCountsAsync(Run run, DatabaseEndpoint? source, List<TablePair> pairs, ValidationOptions options)
    {
        var watch = Stopwatch.StartNew();
        const string description = "Every table holds as many rows in the target as in the source.";
        if (source is null && options.SourceRowCounts is null)
        {
            return new ValidationCheck
            {
                Check = ValidationCheckKind.RowCounts, Status = ValidationStatus.Skipped, Description = description,
                Note = "no source and no row counts taken before the run: nothing to compare with",
            };
        }
        var found = await Task.WhenAll(pairs.Select(async p =>
        {
            long sourceRows;
            if (options.SourceRowCounts is { } known && known.TryGetValue(p.Source.Name, out var n))
            {
                sourceRows = n;
            }
            else if (source is null)
            {
                // In place: only the tables the run changed were counted before; the others were not touched.
                return null;
            }
            else
            {
                await using var conn = await source!.OpenAsync(run.Token).ConfigureAwait(false);
                sourceRows = LeakageScanner.ToInt64(await DatabaseEndpoint.ScalarAsync(conn, source.Dialect.CountRows(p.Source.Name), run.Token).ConfigureAwait(false));
            }
            long? targetRows = p.Target is null ? null : await run.ScalarAsync(run.Target.Dialect.CountRows(p.Target.Name)).ConfigureAwait(false);
            return new ValidationItem
            {
                Table = (p.Target?.Name ?? p.Source.Name).ToString(), SourceRows = sourceRows, TargetRows = targetRows,
                Failures = targetRows == sourceRows ? 0 : 1,
            };
        })).ConfigureAwait(false);
        var items = found.OfType<ValidationItem>().ToArray();
        var failed = items.Count(i => i.Failures > 0);
        return new ValidationCheck
        {
            Check = ValidationCheckKind.RowCounts, Status = failed > 0 ? ValidationStatus.Failed : ValidationStatus.Passed, Description = description,
            Checked = items.Length, Failures = failed, Items = items, Seconds = Seconds(watch),
            Note = items.Any(i => i.TargetRows is null) ? "tables missing from the target count as failures" : null,
        };
    }

    private static async Task<ValidationCheck> ForeignKeysAsync(
        Run run, List<TablePair> pairs, List<(TablePair Pair, ForeignKey Key)> logical, int crossing, Catalog source, Catalog target)
    {
        var watch = Stopwatch.StartNew();
        var dialect = run.Target.Dialect;
        var byTarget = pairs.Where(p => p.Target is not null).ToDictionary(p => p.Source.Name, p => p.Target!);
        var keys = new List<(TablePair Pair, ForeignKey Key, string Kind)>();
        foreach (var p in pairs.Where(p => p.Target is not null))
        {
            // The source's keys (mapped to target names) and any the target declares on its own.
            foreach (var fk in p.Source.ForeignKeys)
            {
                if (!byTarget.TryGetValue(fk.ReferencedTable, out var parent)) continue;
                Add(p, fk with { ReferencedTable = parent.Name }, "physical");
            }
            if (!ReferenceEquals(source, target)) foreach (var fk in p.Target!.ForeignKeys) Add(p, fk, "physical");
        }
        foreach (var (pair, fk) in logical) Add(pair, fk, "logical");

        void Add(TablePair pair, ForeignKey fk, string kind)
        {
            if (keys.Any(k => k.Pair == pair && k.Key.Columns.SequenceEqual(fk.Columns) && k.Key.ReferencedTable == fk.ReferencedTable &&
                              k.Key.ReferencedColumns.SequenceEqual(fk.ReferencedColumns))) return;
            keys.Add((pair, fk, kind));
        }

        var results = await Task.WhenAll(keys.Select(async k =>
        {
            var table = k.Pair.Target!.Name;
            var orphans = await run.ScalarAsync(ForeignKeyCheck.OrphanCountSql(dialect, table, k.Key)).ConfigureAwait(false);
            var examples = orphans == 0 ? [] : await run.KeysAsync(ValidationQueries.OrphanExamples(dialect, table, k.Key, k.Pair.Keys, run.Options.MaxExamples), k.Pair.Keys).ConfigureAwait(false);
            var item = new ValidationItem
            {
                Table = table.ToString(), Columns = k.Key.Columns, References = $"{k.Key.ReferencedTable}({string.Join(", ", k.Key.ReferencedColumns)})",
                Kind = k.Kind, Failures = orphans,
            };
            return (item, (IReadOnlyList<ValidationExample>)examples.Select(key => new ValidationExample(table.ToString(), string.Join(", ", k.Key.Columns), key)).ToList());
        })).ConfigureAwait(false);
        var check = Check(ValidationCheckKind.ForeignKeys, "Every non-null foreign key (physical, or declared under relations:) has its parent row.",
            keys.Count, results.Select(r => r.item).ToList(), results.Select(r => r.Item2).ToList(), run.Options.MaxExamples, watch);
        return crossing == 0 ? check : check with
        {
            Note = $"{crossing} relation{(crossing == 1 ? "" : "s")} across databases {(crossing == 1 ? "is" : "are")} checked by runs that see every database (anonymize)",
        };
    }

    private static async Task<ValidationCheck> UniqueAsync(Run run, List<TablePair> pairs)
    {
        var watch = Stopwatch.StartNew();
        var dialect = run.Target.Dialect;
        var keys = new List<(TablePair Pair, IReadOnlyList<string> Columns, string Kind, bool Enforced)>();
        foreach (var p in pairs.Where(p => p.Target is not null))
        {
            var target = p.Target!;
            var candidates = new List<(IReadOnlyList<string>, string)>();
            if (p.Source.PrimaryKey is { } pk) candidates.Add((pk.Columns, "primary_key"));
            candidates.AddRange(p.Source.UniqueKeys.Select(u => (u.Columns, "unique_constraint")));
            candidates.AddRange(p.Source.Indexes.Where(i => i.IsUnique && !i.HasExpressions && i.Columns.Count > 0).Select(i => (i.Columns, "unique_index")));
            foreach (var (columns, kind) in candidates)
            {
                if (columns.Any(c => target.FindColumn(c) is null)) continue;
                if (keys.Any(k => k.Pair == p && SameColumns(k.Columns, columns))) continue;
                keys.Add((p, columns, kind, Enforces(target, columns)));
            }
        }

        var results = await Task.WhenAll(keys.Select(async k =>
        {
            var table = k.Pair.Target!.Name;
            var enforced = k.Enforced && !run.Options.RecheckEnforced;
            var duplicates = enforced ? 0 : await run.ScalarAsync(ValidationQueries.DuplicateCount(dialect, table, k.Columns)).ConfigureAwait(false);
            var examples = duplicates == 0 ? [] : await run.KeysAsync(ValidationQueries.DuplicateExamples(dialect, table, k.Columns, k.Pair.Keys, run.Options.MaxExamples), k.Pair.Keys).ConfigureAwait(false);
            var item = new ValidationItem { Table = table.ToString(), Columns = k.Columns, Kind = k.Kind, Failures = duplicates, Enforced = enforced };
            return (item, (IReadOnlyList<ValidationExample>)examples.Select(key => new ValidationExample(table.ToString(), string.Join(", ", k.Columns), key)).ToList());
        })).ConfigureAwait(false);
        return Check(ValidationCheckKind.Unique, "No two rows share a value of a primary key, unique constraint or unique index of the source.",
            keys.Count, results.Select(r => r.item).ToList(), results.Select(r => r.Item2).ToList(), run.Options.MaxExamples, watch);
    }

    private static async Task<ValidationCheck> NotNullAsync(Run run, List<TablePair> pairs)
    {
        var watch = Stopwatch.StartNew();
        var dialect = run.Target.Dialect;
        var tables = pairs.Where(p => p.Target is not null).Select(p =>
        {
            var columns = p.Source.Columns.Where(c => !c.IsNullable && p.Target!.FindColumn(c.Name) is not null).ToList();
            var enforced = columns.Where(c => !p.Target!.FindColumn(c.Name)!.IsNullable && !run.Options.RecheckEnforced).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            return (Pair: p, Columns: columns.Select(c => c.Name).ToList(), Enforced: enforced);
        }).Where(t => t.Columns.Count > 0).ToList();

        var results = await Task.WhenAll(tables.Select(async t =>
        {
            var table = t.Pair.Target!.Name;
            var scan = t.Columns.Where(c => !t.Enforced.Contains(c)).ToList();
            var nulls = new long[scan.Count];
            if (scan.Count > 0)
            {
                nulls = await run.QueryAsync(async conn =>
                {
                    await using var cmd = conn.CreateCommand();
                    cmd.CommandText = ValidationQueries.NullCounts(dialect, table, scan);
                    cmd.CommandTimeout = 0;
                    await using var reader = await cmd.ExecuteReaderAsync(run.Token).ConfigureAwait(false);
                    var counts = new long[scan.Count];
                    if (await reader.ReadAsync(run.Token).ConfigureAwait(false))
                        for (var i = 0; i < counts.Length; i++) counts[i] = LeakageScanner.ToInt64(reader.IsDBNull(i) ? null : reader.GetValue(i));
                    return counts;
                }).ConfigureAwait(false);
            }
            var items = new List<(ValidationItem, IReadOnlyList<ValidationExample>)>();
            foreach (var column in t.Columns)
            {
                var index = scan.IndexOf(column);
                var count = index < 0 ? 0 : nulls[index];
                var examples = count == 0 ? [] : await run.KeysAsync(ValidationQueries.NullExamples(dialect, table, column, t.Pair.Keys, run.Options.MaxExamples), t.Pair.Keys).ConfigureAwait(false);
                items.Add((new ValidationItem { Table = table.ToString(), Columns = [column], Failures = count, Enforced = index < 0 },
                    examples.Select(key => new ValidationExample(table.ToString(), column, key)).ToList()));
            }
            return items;
        })).ConfigureAwait(false);
        var all = results.SelectMany(r => r).ToList();
        return Check(ValidationCheckKind.NotNull, "No NULL in a column the source declares NOT NULL.",
            all.Count, all.Select(r => r.Item1).ToList(), all.Select(r => r.Item2).ToList(), run.Options.MaxExamples, watch);
    }

    private static async Task<(ValidationCheck Check, LeakageFingerprints? Fingerprints, bool Owned)> LeakageAsync(
        DatabaseEndpoint? source, DatabaseEndpoint target, List<TablePair> pairs, TransformPlan plan, ValidationOptions options, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        const string description = "No original value of a transformed column appears in the target's text: whole values, or token runs inside text and JSON.";
        var transformedTables = pairs.Where(p => plan.For(p.Source.Name).Count > 0).ToList();
        if (options.OriginalFingerprints is null && (source is null || transformedTables.Count == 0))
        {
            return (new ValidationCheck
            {
                Check = ValidationCheckKind.PiiLeakage, Status = ValidationStatus.Skipped, Description = description,
                Note = transformedTables.Count == 0 ? "the config transforms no column: there are no originals to look for"
                    : "no source and no fingerprints collected before the run: nothing to look for",
            }, null, false);
        }

        var owned = options.OriginalFingerprints is null;
        var set = options.OriginalFingerprints
                  ?? await LeakageScanner.CollectAsync(source!, transformedTables.Select(p => p.Source).ToList(), plan, options, ct).ConfigureAwait(false);
        try
        {
            var collected = watch.Elapsed.TotalSeconds;
            var scan = new List<ScanTarget>();
            var ignored = new List<string>();
            foreach (var p in pairs.Where(p => p.Target is not null))
            {
                var transformed = plan.For(p.Source.Name).Select(t => t.Column).ToHashSet(StringComparer.Ordinal);
                var columns = new List<Column>();
                foreach (var c in p.Target!.Columns.Where(c => LeakageScanner.Scannable(c) && (options.ScanTransformedColumns || !transformed.Contains(c.Name))))
                {
                    if (Ignored(options.LeakageIgnore, p.Target.Name, c.Name)) ignored.Add($"{p.Target.Name}.{c.Name}");
                    else columns.Add(c);
                }
                if (columns.Count > 0) scan.Add(new ScanTarget(p.Target, p.Keys, columns, transformed));
            }
            var (results, rows) = await LeakageScanner.ScanAsync(target, scan, set, options, ct).ConfigureAwait(false);
            var items = results.Select(r => new ValidationItem
            {
                Table = r.Table, Columns = [r.Column], Kind = r.Transformed ? "transformed" : "untransformed", Failures = r.Hits,
            }).ToList();
            var check = Check(ValidationCheckKind.PiiLeakage, description, results.Sum(r => r.Cells), items,
                results.Select(r => r.Examples.Examples).ToList(), options.MaxExamples, watch);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal)
            {
                ["original_values"] = set.Count,
                ["originals_skipped_as_trivial"] = set.Skipped,
                ["longest_original_tokens"] = set.MaxTokens,
                ["columns_scanned"] = results.Count,
                ["rows_scanned"] = rows,
                ["collect_milliseconds"] = (long)(collected * 1000),
                ["scan_milliseconds"] = (long)((watch.Elapsed.TotalSeconds - collected) * 1000),
            };
            // Checked counts cells; a failure is a cell, whatever the number of originals in it.
            return (check with
            {
                Counts = counts,
                Failures = results.Sum(r => r.Hits),
                Note = ignored.Count == 0 ? null : "not scanned, as asked: " + string.Join(", ", ignored),
            }, set, owned);
        }
        catch
        {
            if (owned) set.Dispose();
            throw;
        }
    }

    private static bool Ignored(IReadOnlyList<string> ignore, TableName table, string column) =>
        ignore.Any(i => string.Equals(i, $"{table}.{column}", StringComparison.Ordinal) || string.Equals(i, $"{table.Name}.{column}", StringComparison.Ordinal));

    private static ValidationCheck Check(
        ValidationCheckKind kind, string description, long checkedCount, IReadOnlyList<ValidationItem> items,
        IReadOnlyList<IReadOnlyList<ValidationExample>> examples, int maxExamples, Stopwatch watch)
    {
        var failures = items.Sum(i => i.Failures);
        return new ValidationCheck
        {
            Check = kind,
            Status = failures > 0 ? ValidationStatus.Failed : ValidationStatus.Passed,
            Description = description,
            Checked = checkedCount,
            Failures = failures,
            Items = items,
            Examples = RoundRobin(examples, maxExamples),
            Seconds = Seconds(watch),
        };
    }

    /// <summary>Up to <paramref name="max"/> examples taken in turn from each failing item, so one bad table does not hide the others.</summary>
    private static List<ValidationExample> RoundRobin(IReadOnlyList<IReadOnlyList<ValidationExample>> lists, int max)
    {
        var result = new List<ValidationExample>();
        for (var round = 0; result.Count < max; round++)
        {
            var any = false;
            foreach (var list in lists)
            {
                if (round >= list.Count) continue;
                any = true;
                result.Add(list[round]);
                if (result.Count == max) break;
            }
            if (!any) break;
        }
        return result;
    }

    private static ValidationCheck Redact(ValidationCheck check, LeakageFingerprints fingerprints) =>
        check.Examples.Any(e => fingerprints.Matches(e.Key))
            ? check with { Examples = check.Examples.Select(e => fingerprints.Matches(e.Key) ? e with { Key = KeyText.Withheld } : e).ToList() }
            : check;

    private static bool Enforces(Table target, IReadOnlyList<string> columns) =>
        (target.PrimaryKey is { } pk && SameColumns(pk.Columns, columns))
        || target.UniqueKeys.Any(u => SameColumns(u.Columns, columns))
        || target.Indexes.Any(i => i.IsUnique && !i.HasExpressions && SameColumns(i.Columns, columns));

    private static bool SameColumns(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.All(c => b.Contains(c, StringComparer.Ordinal));

    private static double Seconds(Stopwatch watch) => Math.Round(watch.Elapsed.TotalSeconds, 3);
}
