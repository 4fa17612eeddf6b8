using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Engine.Audit;
using Obscura.Engine.Copy;
using Obscura.Engine.Uniqueness;
using Obscura.Engine.Validation;

namespace Obscura.Engine.InPlace;

/// <summary>
/// Anonymizes databases in place, all or nothing. Two phases per run:
/// <list type="number">
/// <item>Stage: every changed table is read (raw tuples between PostgreSQL databases), transformed, and bulk-loaded
/// into a staging table of the same database; the data itself is not touched, tables run in parallel.</item>
/// <item>Switch: one transaction per database applies the staged values set-based (<c>UPDATE ... FROM</c> joined on
/// the primary key, or delete-and-insert for tables whose keys or unique columns change), re-adds what it had to
/// drop, checks row counts and every foreign key, and records the run in the database's state table. All
/// databases' transactions commit only after every one of them got that far; until then a failure, a Ctrl-C or a
/// <c>kill -9</c> leaves every database exactly as it was.</item>
/// </list>
/// </summary>
public sealed class AnonymizeService(ObscuraRuntime runtime)
{
    /// <summary>The state table each database records its anonymization runs in.</summary>
    public const string StateTable = "obscura_anonymization";

    private const string StagePrefix = "obscura_stage_";

    /// <summary>
    /// Where a database's staging tables live: the database itself for servers; for SQLite a separate file, attached
    /// for the switch, because one SQLite file cannot be read and written by two connections at once.
    /// </summary>
    private sealed record Staging(InPlaceDatabase Db, DatabaseEndpoint Endpoint, string? AttachPath, Dictionary<TableName, TableName> Tables);

    /// <summary>Runs (or, with <see cref="AnonymizeOptions.DryRun"/>, plans) the anonymization.</summary>
    /// <exception cref="ObscuraConfigException">Bad config, or a database already anonymized (without Force/Resume); nothing was written.</exception>
    public async Task<AnonymizeResult> RunAsync(AnonymizeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Databases.Count == 0) throw new ObscuraConfigException("anonymize needs at least one --database");
        var clock = Stopwatch.StartNew();
        // A different secret maps keys differently: it is part of "the same configuration" (as a derived id, never itself).
        var fingerprint = Fingerprint(options.Config);
        if (options.Secret is { } secret)
            fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint + Convert.ToHexString(secret.DeriveKey("obscura/run-fingerprint", 16)))));
        var runId = Guid.NewGuid().ToString("D");
        var endpoints = options.Databases.Select(runtime.Connect).ToList();
        try
        {
            var planned = await PlanAsync(options, endpoints, cancellationToken).ConfigureAwait(false);
            var states = new Dictionary<string, RunState>();
            foreach (var db in planned) states[db.Name] = await ReadStateAsync(db, fingerprint, cancellationToken).ConfigureAwait(false);
            var diagnostics = new DiagnosticBag();
            var completeEverywhere = states.Values.All(s => s.CompletedWithThisConfig);
            if (options.Resume && completeEverywhere)
            {
                return Result("skipped", planned, runId, fingerprint, clock, _ => "already anonymized with this configuration");
            }
            foreach (var db in planned)
            {
                var state = states[db.Name];
                if (options.Force || !state.AnyCompleted) continue;
                if (options.Resume && !state.CompletedWithThisConfig)
                {
                    diagnostics.Error(db.Name, DiagnosticCodes.AlreadyAnonymized,
                        $"database {db.Name} was anonymized with a different configuration; --resume only continues the same run (use --force to anonymize again)");
                }
                else if (!options.Resume)
                {
                    diagnostics.Error(db.Name, DiagnosticCodes.AlreadyAnonymized,
                        $"database {db.Name} was already anonymized ({state.LastCompleted}); pass --force to anonymize it again, or --resume to finish an interrupted run");
                }
            }
            diagnostics.ThrowIfErrors("the anonymization cannot start");
            if (options.DryRun) return Result("planned", planned, runId, fingerprint, clock, _ => "planned");

            // --resume skips the databases this configuration already completed (an interrupted multi-database commit).
            var work = planned.Where(db => options.Force || !(options.Resume && states[db.Name].CompletedWithThisConfig)).ToList();
            using var audit = options.AuditPath is null ? null : AuditLog.Open(options.AuditPath, options.AuditKey, runtime.Clock);
            audit?.RunStarted("anonymize", work.Select(db => db.Endpoint.Uri).ToList(), fingerprint);
            var staged = new ConcurrentDictionary<(string, TableName), (long Rows, double Seconds)>();
            var phases = new Phases();
            try
            {
                BackupManifest? backup = null;
                if (options.BackupDirectory is { } backupDir && work.Count > 0)
                {
                    var took = Stopwatch.StartNew();
                    backup = await new BackupService(runtime).BackupAsync(work.Select(db => db.Endpoint.Uri).ToList(), backupDir, options.BackupVerification, cancellationToken).ConfigureAwait(false);
                    foreach (var (db, entry) in work.Zip(backup.Databases))
                    {
                        var bytes = new FileInfo(Path.Combine(backupDir, entry.File)).Length;
                        audit?.BackupCreated(db.Endpoint.Uri, entry.Format, backupDir, entry.Tables.Count, entry.Tables.Values.Sum(t => t.Rows), bytes, took.Elapsed);
                        audit?.BackupVerified(db.Endpoint.Uri, backupDir, passed: true,
                            entry.Tables.Select(t => new TableChecksum(ParseName(t.Key), t.Value.Rows, t.Value.Checksum)).ToList(), entry.Verified);
                    }
                }

                // Originals of every transformed column, remembered while staging reads them, for the leakage scan.
                using var originals = options.Validate ? new LeakageFingerprints() : null;
                var stages = new List<Staging>();
                try
                {
                    var phase = Stopwatch.StartNew();
                    foreach (var db in work) stages.Add(await StageAsync(db, options, runId, staged, originals, cancellationToken).ConfigureAwait(false));
                    phases.Stage = phase.Elapsed.TotalSeconds;
                    phase.Restart();
                    await SwitchAllAsync(stages, options, runId, fingerprint, staged, cancellationToken).ConfigureAwait(false);
                    phases.Switch = phase.Elapsed.TotalSeconds;
                }
                finally
                {
                    foreach (var stage in stages) await DropStagingAsync(stage).ConfigureAwait(false);
                }
                foreach (var db in work)
                {
                    foreach (var t in db.Tables)
                    {
                        var (rows, seconds) = staged[(db.Name, t.Table.Name)];
                        audit?.TableAnonymized(db.Endpoint.Uri, t.Table.Name, t.Transforms.Select(x => x.Column).ToList(), rows, TimeSpan.FromSeconds(seconds));
                    }
                }

                var result = Result("succeeded", planned, runId, fingerprint, clock,
                    db => work.Contains(db) ? "anonymized" : "already anonymized with this configuration", staged);
                if (originals is not null)
                {
                    var validating = Stopwatch.StartNew();
                    var failed = await ValidateAsync(work, options, originals, staged, audit, cancellationToken).ConfigureAwait(false);
                    phases.Validate = validating.Elapsed.TotalSeconds;
                    if (failed is not null)
                    {
                        if (backup is null)
                        {
                            throw new ObscuraValidationException(
                                $"validation failed after the change ({failed}); no backup was taken (--backup), so the databases stay anonymized as they are: see the validation report");
                        }
                        var restoring = Stopwatch.StartNew();
                        await new BackupService(runtime).RestoreAsync(options.BackupDirectory!, null, options.Databases, CancellationToken.None).ConfigureAwait(false);
                        foreach (var db in work)
                        {
                            // The state table may predate the backup's restore: this run's record must go with its data.
                            await ForgetRunAsync(db, runId).ConfigureAwait(false);
                            audit?.Restore(db.Endpoint.Uri, options.BackupDirectory!, "validation_failed", AuditOutcome.Succeeded, db.Catalog.Tables.Count, restoring.Elapsed);
                        }
                        throw new ObscuraValidationException($"validation failed after the change ({failed}); the backup was restored and verified, so every database is as it was");
                    }
                }
                if (options.ReportDirectory is { } reports)
                {
                    Directory.CreateDirectory(reports);
                    await File.WriteAllTextAsync(Path.Combine(reports, "anonymization-report.json"), System.Text.Json.JsonSerializer.Serialize(result, CopySummary.JsonOptions), cancellationToken).ConfigureAwait(false);
                }
                audit?.RunEnded("anonymize", AuditOutcome.Succeeded, clock.Elapsed);
                return result with
                {
                    Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                    StageSeconds = Math.Round(phases.Stage, 3),
                    SwitchSeconds = Math.Round(phases.Switch, 3),
                    ValidationSeconds = Math.Round(phases.Validate, 3),
                };
            }
            catch (Exception ex)
            {
                var outcome = ex is OperationCanceledException ? AuditOutcome.Cancelled : ex is ObscuraValidationException && ex.Message.Contains("backup was restored", StringComparison.Ordinal) ? AuditOutcome.RolledBack : AuditOutcome.Failed;
                audit?.RunEnded("anonymize", outcome, clock.Elapsed, ex switch
                {
                    OperationCanceledException => "cancelled",
                    ObscuraValidationException => "validation",
                    ObscuraConfigException => "config",
                    ObscuraDatabaseException or DbException => "database",
                    _ => "internal",
                });
                throw;
            }
        }
        finally
        {
            foreach (var e in endpoints) await e.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static AnonymizeResult Result(string status, IReadOnlyList<InPlaceDatabase> planned, string runId, string fingerprint, Stopwatch clock,
        Func<InPlaceDatabase, string> dbStatus, ConcurrentDictionary<(string, TableName), (long Rows, double Seconds)>? staged = null) => new()
    {
        Status = status,
        RunId = runId,
        ConfigFingerprint = fingerprint,
        Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
        Databases = planned.Select(db => new AnonymizedDatabase(db.Name, db.Endpoint.Uri.ToString(), dbStatus(db), db.Tables.Select(t =>
        {
            var done = staged is not null && staged.TryGetValue((db.Name, t.Table.Name), out var s) ? s : (Rows: 0L, Seconds: 0d);
            return new AnonymizedTable(t.Table.Name.ToString(), t.Method.ToString().ToLowerInvariant(), t.Reason, t.Table.RowEstimate,
                t.Transforms.Select(x => $"{x.Column}: {x.Strategy}{(x.PropagatedFrom is null ? string.Empty : $" (follows {x.PropagatedFrom})")}").ToList(),
                done.Rows, Math.Round(done.Seconds, 3));
        }).ToList())).ToList(),
    };

    private static async Task ForgetRunAsync(InPlaceDatabase db, string runId)
    {
        var q = db.Endpoint.Dialect;
        try
        {
            await db.Endpoint.ExecuteAsync($"DELETE FROM {q.Qualify(new TableName(db.Catalog.DefaultSchema, StateTable))} WHERE {q.Quote("run_id")} = '{runId}'", CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // No state table after the restore: nothing to forget.
        }
    }

    private sealed class Phases
    {
        public double Stage { get; set; }
        public double Switch { get; set; }
        public double Validate { get; set; }
    }

    // ---- validate -------------------------------------------------------------------------------------------------

    /// <summary>Validates every changed database (and relations across them); returns a short reason when a check failed.</summary>
    private async Task<string?> ValidateAsync(List<InPlaceDatabase> work, AnonymizeOptions options, LeakageFingerprints originals,
        ConcurrentDictionary<(string, TableName), (long Rows, double Seconds)> staged, AuditLog? audit, CancellationToken ct)
    {
        var failures = new List<string>();
        var service = new ValidationService(runtime);
        foreach (var db in work)
        {
            var counts = db.Tables.ToDictionary(t => t.Table.Name, t => staged[(db.Name, t.Table.Name)].Rows);
            var relations = options.Config.Relations.Where(r => !r.CrossesDatabases && (r.Database is null || r.Database == db.Name)).ToList();
            var report = await service.RunAsync(null, db.Endpoint, db.Plan, new ValidationOptions
            {
                OriginalFingerprints = originals,
                SourceRowCounts = counts,
                Relations = relations,
                LeakageIgnore = options.LeakageIgnore,
                Jobs = Math.Max(1, options.Jobs),
            }, ct).ConfigureAwait(false);
            audit?.ValidationResults(report);
            if (options.ReportDirectory is { } dir)
                await ValidationReportFiles.WriteAsync(report, work.Count == 1 ? dir : Path.Combine(dir, db.Name), ct).ConfigureAwait(false);
            foreach (var check in report.Checks.Where(c => !c.Passed)) failures.Add($"{db.Name}: {check.Check}");
        }
        var crossing = options.Config.Relations.Where(r => r.CrossesDatabases).ToList();
        if (crossing.Count > 0)
        {
            var check = await ValidationService.CheckCrossDatabaseRelationsAsync(work.ToDictionary(db => db.Name, db => db.Endpoint, StringComparer.Ordinal), crossing,
                new ValidationOptions { Jobs = Math.Max(1, options.Jobs) }, ct).ConfigureAwait(false);
            if (!check.Passed) failures.Add($"relations across databases: {check.Check}");
        }
        return failures.Count == 0 ? null : string.Join("; ", failures);
    }

    private static TableName ParseName(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? new TableName(null, text) : new TableName(text[..dot], text[(dot + 1)..]);
    }

    // ---- plan ---------------------------------------------------------------------------------------------------

    private async Task<List<InPlaceDatabase>> PlanAsync(AnonymizeOptions options, List<DatabaseEndpoint> endpoints, CancellationToken ct)
    {
        var catalogs = new List<(string Name, DatabaseEndpoint Endpoint, Catalog Catalog)>();
        foreach (var endpoint in endpoints)
        {
            await using var conn = await endpoint.OpenAsync(ct).ConfigureAwait(false);
            var catalog = await endpoint.Provider.InspectAsync(conn, ct).ConfigureAwait(false);
            // The run's own bookkeeping tables are never anonymized.
            catalog = catalog with { Tables = catalog.Tables.Where(t => !IsOwnTable(t.Name.Name)).ToList() };
            catalogs.Add((NameOf(endpoint.Uri), endpoint, catalog));
        }
        var duplicate = catalogs.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ObscuraConfigException($"two --database arguments are both named '{duplicate.Key}'; anonymize each database once");

        var diagnostics = new DiagnosticBag();
        var strategies = runtime.WithPlugins(options.Config.Plugins).Strategies;
        var rules = Split(options.Config, catalogs.Select(c => (c.Name, c.Catalog)).ToList(), diagnostics);
        FollowAcrossDatabases(options.Config.Relations, catalogs.Select(c => (c.Name, c.Catalog)).ToList(), rules);
        var result = new List<InPlaceDatabase>();
        foreach (var (name, endpoint, original) in catalogs)
        {
            // Logical keys inside one database act like foreign keys: the planner propagates the key's rule to them,
            // and the switch checks them for orphans before committing.
            var catalog = WithRelations(original, name, options.Config.Relations);
            var plan = TransformPlanner.Plan(options.Config with { Tables = rules[name] }, catalog, strategies, options.Secret);
            foreach (var d in plan.Diagnostics) diagnostics.Add(d with { Path = $"{name}:{d.Path}" });
            var tables = new List<InPlaceTable>();
            foreach (var table in catalog.Tables)
            {
                var transforms = plan.For(table.Name);
                if (transforms.Count == 0) continue;
                tables.Add(new InPlaceTable(table, transforms, MethodFor(table, transforms)));
            }
            result.Add(new InPlaceDatabase(name, endpoint, catalog, plan, tables));
        }
        diagnostics.ThrowIfErrors("the anonymization cannot start");
        return result;
    }

    private static InPlaceMethod MethodFor(Table table, IReadOnlyList<ColumnTransform> transforms)
    {
        if (table.PrimaryKey is null) return InPlaceMethod.Rewrite;
        foreach (var t in transforms) if (table.IsUniqueColumn(t.Column)) return InPlaceMethod.Rewrite;
        return InPlaceMethod.Update;
    }

    /// <summary>Splits <c>db:table</c> keys to their database; a plain key goes to every database that has the table.</summary>
    private static Dictionary<string, IReadOnlyList<TableRule>> Split(ObscuraConfig config, List<(string Name, Catalog Catalog)> databases, DiagnosticBag diagnostics)
    {
        var result = databases.ToDictionary(d => d.Name, _ => (IReadOnlyList<TableRule>)new List<TableRule>(), StringComparer.Ordinal);
        foreach (var rule in config.Tables)
        {
            var colon = rule.Key.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var db = rule.Key[..colon];
                if (!result.TryGetValue(db, out var list))
                {
                    diagnostics.Error($"tables.{rule.Key}", DiagnosticCodes.UnknownTable,
                        $"unknown database '{db}' in '{rule.Key}'; the databases of this run are: {string.Join(", ", result.Keys)}", rule.Location.Line, rule.Location.Column);
                    continue;
                }
                ((List<TableRule>)list).Add(rule with { Key = rule.Key[(colon + 1)..] });
                continue;
            }
            var homes = databases.Where(d => d.Catalog.FindTable(rule.Key) is not null).ToList();
            // No database has it: let the first one's planner report the unknown table, with suggestions.
            if (homes.Count == 0) homes = [databases[0]];
            foreach (var home in homes) ((List<TableRule>)result[home.Name]).Add(rule);
        }
        return result;
    }

    private static Catalog WithRelations(Catalog catalog, string database, IReadOnlyList<RelationRule> relations)
    {
        var local = relations.Where(r => !r.CrossesDatabases && (r.Database ?? r.ReferencedDatabase ?? database) == database).ToList();
        if (local.Count == 0) return catalog;
        var tables = catalog.Tables.Select(t =>
        {
            var mine = local.Where(r => catalog.FindTable(r.Table) == t && catalog.FindTable(r.ReferencedTable) is not null).ToList();
            if (mine.Count == 0) return t;
            return t with
            {
                ForeignKeys = [.. t.ForeignKeys, .. mine.Select(r => new ForeignKey
                {
                    Columns = r.Columns, ReferencedTable = catalog.FindTable(r.ReferencedTable)!.Name, ReferencedColumns = r.ReferencedColumns,
                })],
            };
        }).ToList();
        return catalog with { Tables = tables };
    }

    /// <summary>
    /// A relation across databases carries the referenced column's rule to the referencing column (unless it has its own),
    /// so one person's key maps to the same new value in every database.
    /// </summary>
    private static void FollowAcrossDatabases(IReadOnlyList<RelationRule> relations, List<(string Name, Catalog Catalog)> databases, Dictionary<string, IReadOnlyList<TableRule>> rules)
    {
        foreach (var relation in relations.Where(r => r.CrossesDatabases))
        {
            var from = databases.FirstOrDefault(d => d.Name == relation.Database);
            var to = databases.FirstOrDefault(d => d.Name == relation.ReferencedDatabase);
            if (from.Catalog?.FindTable(relation.Table) is not { } child || to.Catalog?.FindTable(relation.ReferencedTable) is not { } parent) continue;
            for (var i = 0; i < relation.Columns.Count && i < relation.ReferencedColumns.Count; i++)
            {
                var source = rules[to.Name].Where(r => to.Catalog.FindTable(r.Key) == parent)
                    .SelectMany(r => r.Columns).FirstOrDefault(c => c.Column == relation.ReferencedColumns[i]);
                if (source is null) continue;
                var list = (List<TableRule>)rules[from.Name];
                var existing = list.FirstOrDefault(r => from.Catalog.FindTable(r.Key) == child);
                if (existing is not null && existing.Columns.Any(c => c.Column == relation.Columns[i])) continue;
                var copy = source with { Column = relation.Columns[i] };
                if (existing is null) list.Add(new TableRule { Key = child.Name.ToString(), Columns = [copy], Location = relation.Location });
                else list[list.IndexOf(existing)] = existing with { Columns = [.. existing.Columns, copy] };
            }
        }
    }

    /// <summary>A database's name in config keys and messages: its database name, or the SQLite file's name.</summary>
    public static string NameOf(DatabaseUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Scheme == "sqlite" ? Path.GetFileNameWithoutExtension(uri.Database) : uri.Database;
    }

    private static bool IsOwnTable(string name) =>
        name == StateTable || name.StartsWith(StagePrefix, StringComparison.Ordinal);

    /// <summary>SHA-256 over the rules in a normalized form (order of keys and parameters does not matter).</summary>
    public static string Fingerprint(ObscuraConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sb = new StringBuilder();
        foreach (var table in config.Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            foreach (var column in table.Columns.OrderBy(c => c.Column, StringComparer.Ordinal))
            {
                sb.Append(table.Key).Append('\u001F').Append(column.Column).Append('\u001F').Append(column.Strategy);
                foreach (var p in column.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) sb.Append('\u001F').Append(p.Key).Append('=').Append(p.Value.Text);
                sb.Append('\n');
            }
        }
        foreach (var plugin in config.Plugins) sb.Append("plugin=").Append(plugin.Path).Append('\n');
        foreach (var r in config.Relations.Select(r => r.ToString()).Order(StringComparer.Ordinal)) sb.Append("relation=").Append(r).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    private sealed record RunState(bool AnyCompleted, bool CompletedWithThisConfig, string? LastCompleted);

    private static async Task<RunState> ReadStateAsync(InPlaceDatabase db, string fingerprint, CancellationToken ct)
    {
        await using var conn = await db.Endpoint.OpenAsync(ct).ConfigureAwait(false);
        var catalog = await db.Endpoint.Provider.InspectAsync(conn, ct).ConfigureAwait(false);
        var state = catalog.Tables.FirstOrDefault(t => t.Name.Name == StateTable && (t.Name.Schema is null || t.Name.Schema == catalog.DefaultSchema));
        if (state is null) return new RunState(false, false, null);
        var q = db.Endpoint.Dialect;
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT {q.Quote("config_fingerprint")}, {q.Quote("finished_at")}, {q.Quote("run_id")} FROM {q.Qualify(state.Name)} WHERE {q.Quote("status")} = 'completed' ORDER BY {q.Quote("finished_at")}";
        var any = false;
        var same = false;
        string? last = null;
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            any = true;
            same |= reader.GetString(0) == fingerprint;
            last = $"run {reader.GetString(2)} finished {reader.GetString(1)}";
        }
        return new RunState(any, same, last);
    }

    private static string StateDdl(SqlDialect q, TableName table) =>
        $"CREATE TABLE IF NOT EXISTS {q.Qualify(table)} ({q.Quote("run_id")} varchar(36) NOT NULL, {q.Quote("config_fingerprint")} varchar(64) NOT NULL, " +
        $"{q.Quote("database_count")} integer NOT NULL, {q.Quote("status")} varchar(16) NOT NULL, {q.Quote("finished_at")} varchar(40) NOT NULL)";

    // ---- stage ----------------------------------------------------------------------------------------------------

    private async Task<Staging> StageAsync(
        InPlaceDatabase db, AnonymizeOptions options, string runId, ConcurrentDictionary<(string, TableName), (long, double)> staged,
        LeakageFingerprints? originals, CancellationToken ct)
    {
        var q = db.Endpoint.Dialect;
        var attach = db.Endpoint.Provider.Name == "sqlite" ? Path.Combine(Path.GetTempPath(), $"obscura-stage-{runId}-{db.Name}.db") : null;
        var stageEndpoint = db.Endpoint;
        if (attach is not null)
        {
            stageEndpoint = runtime.Connect(DatabaseUri.Parse("sqlite:" + attach));
            await stageEndpoint.Provider.EnsureDatabaseAsync(stageEndpoint.Uri, ct).ConfigureAwait(false);
        }
        var schema = attach is null ? db.Catalog.DefaultSchema : null;
        var scratch = new Dictionary<TableName, TableName>();
        for (var i = 0; i < db.Tables.Count; i++) scratch[db.Tables[i].Table.Name] = new TableName(schema, StagePrefix + i.ToString(CultureInfo.InvariantCulture));
        var staging = new Staging(db, stageEndpoint, attach, scratch);

        // Leftovers of a killed run are only staging data: clear them first.
        if (attach is null) await DropStagingAsync(staging).ConfigureAwait(false);
        var prepared = await CopyService.PrepareColumnsAsync(db.Plan, db.Endpoint, db.Tables.Select(t => t.Table.Name), ct).ConfigureAwait(false);
        try
        {
            var writer = stageEndpoint.Provider.CreateBulkWriter();
            var parallelism = Math.Max(1, Math.Min(options.Jobs, db.Endpoint.Provider.MaxConcurrentWriters));
            await Parallel.ForEachAsync(db.Tables.OrderByDescending(t => t.Table.RowEstimate), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (t, token) =>
            {
                var watch = Stopwatch.StartNew();
                var stage = scratch[t.Table.Name];
                var (shape, sql) = StagingShape(t, stage, q);
                await using var sconn = await db.Endpoint.OpenAsync(token).ConfigureAwait(false);
                await using var wconn = await stageEndpoint.OpenAsync(token).ConfigureAwait(false);
                await DatabaseEndpoint.ExecuteAsync(wconn, attach is null ? sql : ExplicitDdl(shape, q), token).ConfigureAwait(false);
                await stageEndpoint.Provider.PrepareForLoadAsync(wconn, token).ConfigureAwait(false);
                var inner = await db.Endpoint.Provider.ReadRawAsync(sconn, t.Table, token).ConfigureAwait(false)
                    ?? await db.Endpoint.Provider.ReadAsync(sconn, q.SelectColumns(t.Table.Name, t.Table.Columns), token).ConfigureAwait(false);
                using var guards = UniqueGuards.Create(t.Table, t.Transforms, FingerprintSet.DefaultMemoryBytes);
                await using var reader = new TransformingDataReader(inner, t.Table.Columns, CopyService.CreateTransformers(t.Table, t.Transforms, prepared), guards,
                    originals is null ? null : originals.AddOriginal);
                long rows;
                try
                {
                    rows = t.Method == InPlaceMethod.Rewrite
                        ? await writer.WriteAsync(wconn, shape, reader, null, token).ConfigureAwait(false)
                        : await writer.WriteAsync(wconn, shape, Project(reader, t), null, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException && !token.IsCancellationRequested)
                {
                    throw new ObscuraDatabaseException($"{db.Name}: staging {t.Table.Name} failed: {CopyService.UserMessage(ex)}", ex);
                }
                staged[(db.Name, t.Table.Name)] = (rows, watch.Elapsed.TotalSeconds);
            }).ConfigureAwait(false);
            foreach (var column in prepared.Values) await column.CompleteAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            foreach (var column in prepared.Values) await column.DisposeAsync().ConfigureAwait(false);
        }
        return staging;
    }

    // A staging table in a separate SQLite file cannot copy types from the real table: declare them.
    private static string ExplicitDdl(Table shape, SqlDialect q) =>
        $"CREATE TABLE {q.Qualify(shape.Name)} ({string.Join(", ", shape.Columns.Select(c => $"{q.Quote(c.Name)} {c.DeclaredType}"))})";

    /// <summary>
    /// The staging table's shape and DDL. Update: the primary key's current values (k0, k1, ...) and the transformed
    /// columns' new values (v0, v1, ...); rewrite: whole rows. Types come from the table itself (CREATE TABLE AS).
    /// </summary>
    private static (Table Shape, string Sql) StagingShape(InPlaceTable t, TableName stage, SqlDialect q)
    {
        var table = t.Table;
        if (t.Method == InPlaceMethod.Rewrite)
        {
            var all = string.Join(", ", table.Columns.Select(c => q.Quote(c.Name)));
            return (table with { Name = stage, PrimaryKey = null, UniqueKeys = [], Indexes = [], ForeignKeys = [] },
                $"CREATE {q.ScratchTable} {q.Qualify(stage)} AS SELECT {all} FROM {q.Qualify(table.Name)} WHERE 1 = 0");
        }
        var columns = new List<Column>();
        var select = new List<string>();
        var keys = table.PrimaryKey!.Columns;
        for (var k = 0; k < keys.Count; k++)
        {
            columns.Add(table.FindColumn(keys[k])! with { Name = "k" + k.ToString(CultureInfo.InvariantCulture) });
            select.Add($"{q.Quote(keys[k])} AS {q.Quote("k" + k.ToString(CultureInfo.InvariantCulture))}");
        }
        for (var v = 0; v < t.Transforms.Count; v++)
        {
            columns.Add(table.FindColumn(t.Transforms[v].Column)! with { Name = "v" + v.ToString(CultureInfo.InvariantCulture), IsIdentity = false });
            select.Add($"{q.Quote(t.Transforms[v].Column)} AS {q.Quote("v" + v.ToString(CultureInfo.InvariantCulture))}");
        }
        var shape = new Table { Name = stage, Columns = columns, RowEstimate = table.RowEstimate };
        return (shape, $"CREATE {q.ScratchTable} {q.Qualify(stage)} AS SELECT {string.Join(", ", select)} FROM {q.Qualify(table.Name)} WHERE 1 = 0");
    }

    /// <summary>Rows for an update's staging table: the key as read, then each transformed column's new value.</summary>
    private static RowSourceReader Project(TransformingDataReader reader, InPlaceTable t)
    {
        var table = t.Table;
        var keyOrdinals = table.PrimaryKey!.Columns.Select(IndexIn(table)).ToArray();
        var valueOrdinals = t.Transforms.Select(x => IndexIn(table)(x.Column)).ToArray();
        var shape = keyOrdinals.Select(i => table.Columns[i]).Concat(valueOrdinals.Select(i => table.Columns[i])).ToList();
        return new RowSourceReader(shape, Rows());

        IEnumerable<object?[]> Rows()
        {
            var row = new object?[keyOrdinals.Length + valueOrdinals.Length];
            while (reader.Read())
            {
                for (var k = 0; k < keyOrdinals.Length; k++) row[k] = reader.OriginalValue(keyOrdinals[k]);
                for (var v = 0; v < valueOrdinals.Length; v++) row[keyOrdinals.Length + v] = reader.IsDBNull(valueOrdinals[v]) ? null : reader.GetValue(valueOrdinals[v]);
                yield return row;
            }
        }
    }

    private static Func<string, int> IndexIn(Table table) => name =>
    {
        for (var i = 0; i < table.Columns.Count; i++) if (table.Columns[i].Name == name) return i;
        throw new InvalidOperationException($"{table.Name} has no column {name}");
    };

    private static async Task DropStagingAsync(Staging staging)
    {
        try
        {
            if (staging.AttachPath is not null)
            {
                await staging.Endpoint.DisposeAsync().ConfigureAwait(false);
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Delete(staging.AttachPath);
                return;
            }
            await using var conn = await staging.Endpoint.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var t in staging.Tables.Values) await DatabaseEndpoint.ExecuteAsync(conn, staging.Endpoint.Dialect.DropTableIfExists(t), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or ObscuraException or IOException or UnauthorizedAccessException)
        {
            // Staging tables hold only anonymized values; the next run drops leftovers before it starts.
        }
    }

    // ---- switch ---------------------------------------------------------------------------------------------------

    private static List<string> RebuildFromModel(SqlDialect q, Table table)
    {
        var ddl = q.BuildTableDdl(table with { Checks = [], ForeignKeys = [] }, sameProvider: true, new List<string>());
        return ddl.ConcurrentIndexes.Concat(ddl.AfterLoad).ToList();
    }

    /// <summary>The (drop, create) statement pairs a definitions query of the dialect returns.</summary>
    private static async Task<List<(string? Drop, string Create)>> DefinitionsAsync(DbConnection conn, string query, CancellationToken ct)
    {
        var definitions = new List<(string?, string)>();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = query;
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) definitions.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1)));
        return definitions;
    }

    private static async Task SwitchAllAsync(
        List<Staging> stages, AnonymizeOptions options,
        string runId, string fingerprint, ConcurrentDictionary<(string, TableName), (long Rows, double Seconds)> staged, CancellationToken ct)
    {
        var open = new List<(InPlaceDatabase Db, DbConnection Conn)>();
        var committed = false;
        try
        {
            foreach (var stage in stages)
            {
                var conn = await stage.Db.Endpoint.OpenAsync(ct).ConfigureAwait(false);
                open.Add((stage.Db, conn));
                try
                {
                    await SwitchAsync(stage, conn, runId, fingerprint, options.Databases.Count, staged, ct).ConfigureAwait(false);
                }
                catch (DbException ex) when (!ct.IsCancellationRequested)
                {
                    // The server's text may quote a row value (MariaDB's duplicate-entry message): the provider retells it without.
                    throw new ObscuraDatabaseException($"{stage.Db.Name}: applying the anonymized values failed, nothing was changed: {stage.Db.Endpoint.Provider.DescribeError(ex) ?? ex.Message}", ex);
                }
            }
            foreach (var (db, _) in open)
            {
                if (options.BeforeCommit is not null) await options.BeforeCommit(db.Name, ct).ConfigureAwait(false);
            }
            // Every database got here: commit them. A crash between two commits is what --resume finishes.
            foreach (var (_, conn) in open) await DatabaseEndpoint.ExecuteAsync(conn, "COMMIT", CancellationToken.None).ConfigureAwait(false);
            committed = true;
            // Session clean-up after every commit: a failure here must not roll anything back.
            foreach (var (db, conn) in open)
            {
                try
                {
                    if (db.Endpoint.Provider.Name == "sqlite") await DatabaseEndpoint.ExecuteAsync(conn, "DETACH DATABASE obscura_stage", CancellationToken.None).ConfigureAwait(false);
                    foreach (var statement in db.Endpoint.Dialect.ForeignKeyChecks.On) await DatabaseEndpoint.ExecuteAsync(conn, statement, CancellationToken.None).ConfigureAwait(false);
                }
                catch (DbException)
                {
                    // The connection is closed next; its session settings go with it.
                }
            }
        }
        finally
        {
            foreach (var (db, conn) in open)
            {
                if (!committed)
                {
                    try
                    {
                        await DatabaseEndpoint.ExecuteAsync(conn, "ROLLBACK", CancellationToken.None).ConfigureAwait(false);
                        foreach (var statement in db.Endpoint.Dialect.ForeignKeyChecks.On) await DatabaseEndpoint.ExecuteAsync(conn, statement, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is DbException or InvalidOperationException)
                    {
                        // A broken connection rolls back on the server side.
                    }
                }
                await conn.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task SwitchAsync(Staging stage, DbConnection conn, string runId, string fingerprint,
        int databaseCount, ConcurrentDictionary<(string, TableName), (long Rows, double Seconds)> staged, CancellationToken ct)
    {
        var db = stage.Db;
        var scratch = stage.Tables;
        var q = db.Endpoint.Dialect;
        if (stage.AttachPath is not null)
            await DatabaseEndpoint.ExecuteAsync(conn, $"ATTACH DATABASE '{stage.AttachPath.Replace("'", "''", StringComparison.Ordinal)}' AS obscura_stage", ct).ConfigureAwait(false);
        var stateTable = new TableName(db.Catalog.DefaultSchema, StateTable);
        // MariaDB commits implicitly on CREATE TABLE: create the state table before the transaction.
        await DatabaseEndpoint.ExecuteAsync(conn, StateDdl(q, stateTable), ct).ConfigureAwait(false);
        foreach (var statement in q.ForeignKeyChecks.Off) await DatabaseEndpoint.ExecuteAsync(conn, statement, ct).ConfigureAwait(false);
        await DatabaseEndpoint.ExecuteAsync(conn, db.Endpoint.Provider.Name == "mysql" ? "START TRANSACTION" : "BEGIN", ct).ConfigureAwait(false);

        // Engines whose foreign-key checks cannot be switched off (PostgreSQL) drop the keys the change touches and re-add them.
        var readd = new List<string>();
        if (q.ForeignKeyChecks.Off.Count == 0)
        {
            var warnings = new List<string>();
            foreach (var table in db.Catalog.Tables)
            {
                List<string>? statements = null;
                for (var i = 0; i < table.ForeignKeys.Count; i++)
                {
                    var fk = table.ForeignKeys[i];
                    if (!Touches(db, table, fk) || fk.Name is null) continue;
                    statements ??= q.BuildTableDdl(table, sameProvider: true, warnings).ForeignKeys.ToList();
                    // The server's own definition where it has one: DEFERRABLE, MATCH FULL or NOT VALID come back as they were.
                    var exact = q.ForeignKeyDefinition(table.Name, fk.Name) is { } query ? await DefinitionsAsync(conn, query, ct).ConfigureAwait(false) : [];
                    await DatabaseEndpoint.ExecuteAsync(conn, q.DropForeignKey(table.Name, fk.Name), ct).ConfigureAwait(false);
                    readd.Add(exact.Count == 1 ? exact[0].Create : statements[i]);
                }
            }
        }

        foreach (var t in db.Tables)
        {
            var stagedTable = scratch[t.Table.Name];
            if (t.Method == InPlaceMethod.Update)
            {
                var keys = t.Table.PrimaryKey!.Columns.Select((c, k) => (c, "k" + k.ToString(CultureInfo.InvariantCulture))).ToList();
                var sets = t.Transforms.Select((x, v) => (x.Column, "v" + v.ToString(CultureInfo.InvariantCulture))).ToList();
                await using var update = conn.CreateCommand();
                update.CommandText = q.UpdateFrom(t.Table.Name, stagedTable, keys, sets);
                update.CommandTimeout = 0;
                var matched = await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                // Every staged key must have found its row, or some rows would keep their original values.
                var stagedRows = staged[(db.Name, t.Table.Name)].Rows;
                if (matched != stagedRows)
                    throw new ObscuraValidationException($"{db.Name}: the update of {t.Table.Name} matched {matched} rows but {stagedRows} were staged; nothing was changed");
            }
            else
            {
                // Where the engine allows, keys and indexes are dropped and built once over the new rows (as a copy does).
                var drops = q.DropKeysAndIndexes(t.Table);
                // Where the server can tell, drop and rebuild exactly what it holds, with every option (not only name and columns).
                List<string>? exact = null;
                if (drops.Count > 0 && q.KeyAndIndexDefinitions(t.Table.Name) is { } query)
                {
                    var definitions = await DefinitionsAsync(conn, query, ct).ConfigureAwait(false);
                    drops = definitions.Select(d => d.Drop).OfType<string>().ToList();
                    exact = definitions.Select(d => d.Create).ToList();
                }
                foreach (var statement in drops) await DatabaseEndpoint.ExecuteAsync(conn, statement, ct).ConfigureAwait(false);
                await DatabaseEndpoint.ExecuteAsync(conn, q.DeleteAll(t.Table.Name), ct).ConfigureAwait(false);
                await DatabaseEndpoint.ExecuteAsync(conn, q.InsertAll(t.Table.Name, stagedTable, t.Table.Columns), ct).ConfigureAwait(false);
                if (drops.Count > 0)
                {
                    var rebuild = exact ?? RebuildFromModel(q, t.Table);
                    foreach (var statement in rebuild) await DatabaseEndpoint.ExecuteAsync(conn, statement, ct).ConfigureAwait(false);
                }
            }
            // The staged row count is what the table must hold: nothing lost, nothing doubled.
            var count = Convert.ToInt64(await DatabaseEndpoint.ScalarAsync(conn, q.CountRows(t.Table.Name), ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
            var expected = staged[(db.Name, t.Table.Name)].Rows;
            if (count != expected)
                throw new ObscuraValidationException($"{db.Name}: {t.Table.Name} holds {count} rows after the change but {expected} were staged; nothing was changed");
        }
        foreach (var statement in readd) await DatabaseEndpoint.ExecuteAsync(conn, statement, ct).ConfigureAwait(false);

        var orphans = await ForeignKeyCheck.FindOrphansAsync(conn, q, db.Catalog.Tables, ct).ConfigureAwait(false);
        if (orphans.Count > 0)
        {
            throw new ObscuraValidationException($"{db.Name}: foreign keys would not join after the change, so nothing was changed: " + string.Join("; ",
                orphans.Select(o => $"{o.Table}({string.Join(", ", o.ForeignKey.Columns)}) → {o.ForeignKey.ReferencedTable}: {o.Orphans} orphaned rows")));
        }
        var finished = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await DatabaseEndpoint.ExecuteAsync(conn,
            $"INSERT INTO {q.Qualify(stateTable)} ({q.Quote("run_id")}, {q.Quote("config_fingerprint")}, {q.Quote("database_count")}, {q.Quote("status")}, {q.Quote("finished_at")}) " +
            $"VALUES ('{runId}', '{fingerprint}', {databaseCount.ToString(CultureInfo.InvariantCulture)}, 'completed', '{finished}')", ct).ConfigureAwait(false);
    }

    /// <summary>Whether a foreign key must be dropped around the change: its table is rewritten, its referenced table is, or either side's columns change.</summary>
    private static bool Touches(InPlaceDatabase db, Table table, ForeignKey fk)
    {
        foreach (var t in db.Tables)
        {
            if (t.Method == InPlaceMethod.Rewrite && (t.Table.Name == table.Name || t.Table.Name == fk.ReferencedTable)) return true;
            if (t.Table.Name == table.Name && t.Transforms.Any(x => fk.Columns.Contains(x.Column))) return true;
            if (t.Table.Name == fk.ReferencedTable && t.Transforms.Any(x => fk.ReferencedColumns.Contains(x.Column))) return true;
        }
        return false;
    }
}
