using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Obscura.Core.Diagnostics;
using Obscura.Core.Discovery.Detection;
using Obscura.Core.Schema;

namespace Obscura.Engine.Discovery;

/// <summary>
/// <c>obscura scan</c>: where is the personal data? Inspects the source, samples every selected table (spread over the
/// table, see <see cref="TableSampler"/>), classifies each column by name and values (<see cref="ColumnClassifier"/>),
/// carries findings along foreign keys (a key and the columns referencing it hold the same values), and drafts an
/// <c>obscura.yaml</c> checked by the real planner. Sampled values never leave memory: findings carry counts only.
/// </summary>
public sealed class ScanService
{
    private readonly ObscuraRuntime _runtime;

    /// <summary>Creates the service.</summary>
    public ScanService(ObscuraRuntime runtime) => _runtime = runtime;

    /// <summary>Scans the source.</summary>
    /// <exception cref="ObscuraConfigException">Bad options, or <see cref="ScanOptions.Tables"/> names a table the source does not have.</exception>
    /// <exception cref="ObscuraDatabaseException">The source cannot be reached.</exception>
    public async Task<ScanResult> ScanAsync(DatabaseEndpoint source, ScanOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SampleSize < 1) throw new ObscuraConfigException("--sample must be at least 1");
        var clock = Stopwatch.StartNew();
        var catalog = await source.InspectAsync(cancellationToken).ConfigureAwait(false);
        var tables = SelectTables(catalog, options.Tables);
        var today = DateOnly.FromDateTime(_runtime.Clock.GetUtcNow().UtcDateTime);

        var scanned = new ConcurrentDictionary<TableName, TableVerdict>();
        var warnings = new ConcurrentQueue<string>();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.Parallelism),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(tables, parallel, async (table, token) =>
        {
            scanned[table.Name] = await ScanTableAsync(source, table, options.SampleValues ? options.SampleSize : 0, today, warnings, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        var verdicts = new Dictionary<(TableName, string), ColumnVerdict>();
        foreach (var t in scanned.Values)
        {
            foreach (var v in t.Columns) verdicts[(t.Table.Name, v.Column.Name)] = v;
        }
        FollowForeignKeys(catalog, verdicts);

        var findings = new List<ColumnFinding>();
        foreach (var table in tables)
        {
            var sampled = scanned[table.Name].Sampled;
            foreach (var column in table.Columns)
            {
                var v = verdicts[(table.Name, column.Name)];
                var c = v.Classification;
                findings.Add(new ColumnFinding(table.Name, column.Name, c.Kind is { } k ? ColumnKinds.Name(k) : null, c.Confidence, c.Evidence, sampled));
            }
        }
        var draft = ConfigDrafter.Draft(catalog, [.. verdicts.Values], _runtime.Strategies, source.Uri.ToString());
        return new ScanResult(catalog, findings)
        {
            Draft = draft,
            TablesScanned = tables.Count,
            Warnings = [.. warnings],
            Elapsed = clock.Elapsed,
        };
    }

    private static async Task<TableVerdict> ScanTableAsync(
        DatabaseEndpoint source, Table table, int size, DateOnly today, ConcurrentQueue<string> warnings, CancellationToken ct)
    {
        IReadOnlyList<object?[]> rows = [];
        try
        {
            if (size > 0) rows = (await TableSampler.ReadAsync(source, table, size, ct).ConfigureAwait(false)).Rows;
        }
        catch (Exception e) when (e is DbException or ObscuraDatabaseException && !ct.IsCancellationRequested)
        {
            // Driver messages can quote values; the exception type is enough to act on.
            warnings.Enqueue($"{table.Name}: could not be sampled ({e.GetType().Name}); classified by names only");
        }
        var columns = new ColumnVerdict[table.Columns.Count];
        var values = new object?[rows.Count];
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            for (var r = 0; r < rows.Count; r++) values[r] = rows[r][i];
            var evidence = ValueEvidence.Collect(column.TypeClass, values, today);
            var context = new ColumnContext
            {
                TableName = table.Name.Name,
                TableComment = table.Comment,
                Column = column,
                Today = today,
            };
            columns[i] = new ColumnVerdict(table, column, ColumnClassifier.Classify(context, evidence));
        }
        Array.Clear(values);
        return new TableVerdict(table, rows.Count, columns);
    }

    /// <summary>
    /// A key and the columns that reference it hold the same values: a column referencing a personal-data key is personal
    /// data of the same kind, and a key that a personal-data column references is too. Repeated for chains.
    /// </summary>
    internal static void FollowForeignKeys(Catalog catalog, Dictionary<(TableName, string), ColumnVerdict> verdicts)
    {
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var table in catalog.Tables)
            {
                foreach (var fk in table.ForeignKeys)
                {
                    for (var i = 0; i < fk.Columns.Count && i < fk.ReferencedColumns.Count; i++)
                    {
                        if (!verdicts.TryGetValue((table.Name, fk.Columns[i]), out var child)) continue;
                        if (!verdicts.TryGetValue((fk.ReferencedTable, fk.ReferencedColumns[i]), out var parent)) continue;
                        var childPii = child.Classification.Kind is not null;
                        var parentPii = parent.Classification.Kind is not null;
                        if (parentPii && !childPii)
                        {
                            verdicts[(table.Name, child.Column.Name)] = child with
                            {
                                Classification = parent.Classification with { Evidence = $"references {fk.ReferencedTable}.{parent.Column.Name} (foreign key)" },
                            };
                            changed = true;
                        }
                        else if (childPii && !parentPii)
                        {
                            verdicts[(fk.ReferencedTable, parent.Column.Name)] = parent with
                            {
                                Classification = child.Classification with { Evidence = $"referenced by {table.Name}.{child.Column.Name} (foreign key)" },
                            };
                            changed = true;
                        }
                    }
                }
            }
        }
    }

    private static List<Table> SelectTables(Catalog catalog, IReadOnlyList<string>? names)
    {
        var diagnostics = new DiagnosticBag();
        var tables = TableSelection.Select(catalog, names, diagnostics);
        diagnostics.ThrowIfErrors("the scan cannot start");
        return tables;
    }

    private sealed record TableVerdict(Table Table, int Sampled, IReadOnlyList<ColumnVerdict> Columns);
}

/// <summary>The classification of one column, with the table and column it belongs to.</summary>
internal sealed record ColumnVerdict(Table Table, Column Column, ColumnClassification Classification);
