using System.Collections.Concurrent;
using System.Data.Common;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Data;
using Obscura.Engine.Validation;

namespace Obscura.Engine.Copy;

/// <summary>
/// Building tables in a target, shared by <c>copy</c> and <c>generate</c>: the check for target tables that already
/// hold rows, creation without secondary constraints, keys/uniques/indexes/checks after the load, foreign keys one at
/// a time, identity resets, the orphan check, and dropping what a failed run created.
/// </summary>
internal static class TargetTables
{
    /// <summary>
    /// Creates the target database when missing and finds which of <paramref name="tables"/> exist; those that hold rows
    /// are errors unless <paramref name="dropExisting"/>. Returns the existing ones (to drop before creating).
    /// </summary>
    public static async Task<List<TableName>> CheckExistingAsync(
        DatabaseEndpoint target, IEnumerable<TableName> tables, bool dropExisting, DiagnosticBag diagnostics, CancellationToken ct)
    {
        await target.Provider.EnsureDatabaseAsync(target.Uri, ct).ConfigureAwait(false);
        var existing = new List<TableName>();
        await using var conn = await target.OpenAsync(ct).ConfigureAwait(false);
        var targetCatalog = await target.Provider.InspectAsync(conn, ct).ConfigureAwait(false);
        foreach (var name in tables)
        {
            if (targetCatalog.FindTable(name) is null) continue;
            existing.Add(name);
            if (dropExisting) continue;
            var hasRows = await DatabaseEndpoint.ScalarAsync(conn, target.Dialect.AnyRow(name), ct).ConfigureAwait(false) is not null;
            if (hasRows)
            {
                diagnostics.Error(name.ToString(), DiagnosticCodes.TargetHasRows,
                    $"target table {name} already holds rows; pass --drop-existing to replace it");
            }
        }
        return existing;
    }

    /// <summary>
    /// Drops <paramref name="existing"/>, then creates every table (without secondary constraints where the dialect can
    /// add them later); each created table goes to <paramref name="created"/> at once, so a failure can drop it.
    /// <paramref name="tables"/> pairs the name warnings are reported under with the table in the target's terms.
    /// </summary>
    public static async Task<Dictionary<TableName, TableDdl>> CreateAsync(
        DatabaseEndpoint target, IReadOnlyList<(TableName Label, Table Target)> tables, string sourceProvider, IReadOnlyList<TableName> existing,
        ConcurrentBag<TableName> created, ConcurrentQueue<string> warnings, ICopyProgress progress, CancellationToken ct)
    {
        progress.Phase("creating tables");
        var sameProvider = sourceProvider == target.Provider.Name;
        var result = new Dictionary<TableName, TableDdl>();
        await using var conn = await target.OpenAsync(ct).ConfigureAwait(false);
        await target.Provider.PrepareForLoadAsync(conn, ct).ConfigureAwait(false);
        foreach (var schema in tables.Select(m => m.Target.Name.Schema).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (target.Dialect.CreateSchemaIfMissing(schema) is { } sql) await DatabaseEndpoint.ExecuteAsync(conn, sql, ct).ConfigureAwait(false);
        }
        foreach (var name in existing)
        {
            await DatabaseEndpoint.ExecuteAsync(conn, target.Dialect.DropTableIfExists(name), ct).ConfigureAwait(false);
        }
        foreach (var (label, table) in tables)
        {
            var tableWarnings = new List<string>();
            var ddl = target.Dialect.BuildTableDdl(table, sameProvider, tableWarnings);
            foreach (var w in tableWarnings) warnings.Enqueue($"warning at {label}: {w}");
            created.Add(table.Name);
            await DatabaseEndpoint.ExecuteAsync(conn, ddl.Create, ct).ConfigureAwait(false);
            result[table.Name] = ddl;
        }
        return result;
    }

    /// <summary>
    /// Primary keys, unique constraints, indexes and checks (in parallel, largest tables first), then foreign keys one at
    /// a time (parallel ALTERs can deadlock), then identity/sequence resets.
    /// </summary>
    public static async Task BuildConstraintsAsync(
        DatabaseEndpoint target, Dictionary<TableName, TableDdl> ddl, Func<TableName, long> size, int jobs, ICopyProgress progress, CancellationToken ct)
    {
        progress.Phase("building primary keys, unique constraints and indexes");
        var parallelism = Math.Max(1, Math.Min(jobs, target.Provider.MaxConcurrentWriters));
        // Index builds that may overlap run across all tables at once (largest tables first), then each table attaches them.
        var indexBuilds = ddl.OrderByDescending(d => size(d.Key))
            .SelectMany(d => d.Value.ConcurrentIndexes.Select(sql => (Table: d.Key, Sql: sql))).ToList();
        await Parallel.ForEachAsync(indexBuilds, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (build, token) =>
        {
            await using var conn = await target.OpenAsync(token).ConfigureAwait(false);
            await ExecuteForTable(target, conn, build.Table, build.Sql, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await Parallel.ForEachAsync(ddl.Where(d => d.Value.AfterLoad.Count > 0).OrderByDescending(d => d.Value.AfterLoad.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (entry, token) =>
            {
                await using var conn = await target.OpenAsync(token).ConfigureAwait(false);
                foreach (var sql in entry.Value.AfterLoad) await ExecuteForTable(target, conn, entry.Key, sql, token).ConfigureAwait(false);
            }).ConfigureAwait(false);

        progress.Phase("adding foreign keys");
        await using var c = await target.OpenAsync(ct).ConfigureAwait(false);
        // Keys are added without re-validating every row (MariaDB would rebuild each table to do so);
        // the orphan check that follows tests every foreign key with one anti-join instead.
        await target.Provider.PrepareForLoadAsync(c, ct).ConfigureAwait(false);
        foreach (var (table, d) in ddl)
        {
            foreach (var sql in d.ForeignKeys) await ExecuteForTable(target, c, table, sql, ct).ConfigureAwait(false);
        }
        foreach (var (table, d) in ddl)
        {
            foreach (var sql in d.Finish) await ExecuteForTable(target, c, table, sql, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Throws when any foreign key of <paramref name="tables"/> has child rows without a parent.</summary>
    public static async Task VerifyForeignKeysAsync(DbConnection conn, DatabaseEndpoint target, IEnumerable<Table> tables, string what, ICopyProgress progress, CancellationToken ct)
    {
        progress.Phase("checking every foreign key for orphaned rows");
        var orphans = await ForeignKeyCheck.FindOrphansAsync(conn, target.Dialect, tables, ct).ConfigureAwait(false);
        if (orphans.Count > 0)
        {
            throw new ObscuraValidationException($"foreign keys do not join after the {what}: " + string.Join("; ",
                orphans.Select(o => $"{o.Table}({string.Join(", ", o.ForeignKey.Columns)}) → {o.ForeignKey.ReferencedTable}: {o.Orphans} orphaned rows")));
        }
    }

    /// <summary>
    /// After a failed or cancelled run: drops every table it created and returns the failure to report (<see cref="RunFailure.From"/>).
    /// </summary>
    public static async Task<Exception> FailAsync(
        Exception ex, DatabaseEndpoint target, ConcurrentBag<TableName> created, ConcurrentQueue<string> warnings, ICopyProgress progress, CancellationToken ct)
    {
        var failure = RunFailure.From(ex, ct);
        progress.Phase("failed: dropping the tables this run created");
        await DropCreatedAsync(target, created, warnings).ConfigureAwait(false);
        return failure;
    }

    /// <summary>Drops every table in <paramref name="created"/>; what cannot be dropped becomes a warning.</summary>
    public static async Task DropCreatedAsync(DatabaseEndpoint target, ConcurrentBag<TableName> created, ConcurrentQueue<string> warnings)
    {
        if (created.IsEmpty) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await using var conn = await target.OpenAsync(timeout.Token).ConfigureAwait(false);
            await target.Provider.PrepareForLoadAsync(conn, timeout.Token).ConfigureAwait(false);
            foreach (var name in created)
            {
                try
                {
                    await DatabaseEndpoint.ExecuteAsync(conn, target.Dialect.DropTableIfExists(name), timeout.Token).ConfigureAwait(false);
                }
                catch (DbException ex)
                {
                    warnings.Enqueue($"could not drop incomplete table {name}: {ex.Message}; drop it by hand");
                }
            }
        }
        catch (Exception ex) when (ex is ObscuraException or OperationCanceledException or DbException)
        {
            warnings.Enqueue($"could not drop the incomplete tables ({string.Join(", ", created)}): {ex.Message}; drop them by hand");
        }
    }

    private static async Task ExecuteForTable(DatabaseEndpoint target, DbConnection conn, TableName table, string sql, CancellationToken ct)
    {
        try
        {
            await DatabaseEndpoint.ExecuteAsync(conn, sql, ct).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw new ObscuraDatabaseException($"building {table} failed: {target.Provider.DescribeError(ex) ?? ex.Message}", ex);
        }
    }
}
