using System.Globalization;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Core.Schema;
using Obscura.Core.Strategies;
using Obscura.Engine.Copy;
using Obscura.Engine.Discovery;

namespace Obscura.Engine.Preview;

/// <summary>
/// A few rows of one table as a copy would write them: the config's transforms (and, for personal data it leaves in
/// clear, the strategies <see cref="ScanService"/> drafts) planned by <see cref="TransformPlanner"/> and applied by
/// <see cref="TransformingDataReader"/> — the copy's own code, so a reviewer sees what the run will produce. Nothing is
/// written; engine strategies that keep state (vaults) are prepared but never completed.
/// </summary>
public sealed class PreviewService
{
    private readonly ObscuraRuntime _runtime;

    /// <summary>Creates the service.</summary>
    public PreviewService(ObscuraRuntime runtime) => _runtime = runtime;

    /// <summary>Reads up to <see cref="PreviewOptions.Limit"/> rows of the table, masked.</summary>
    /// <exception cref="ObscuraConfigException">Unknown table (OBS404), a bad limit, or a config that does not plan on this source.</exception>
    /// <exception cref="ObscuraDatabaseException">The source cannot be read.</exception>
    public async Task<PreviewResult> PreviewAsync(DatabaseEndpoint source, PreviewOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Limit < 1) throw new ObscuraConfigException("the preview limit must be at least 1");
        var catalog = await source.InspectAsync(cancellationToken).ConfigureAwait(false);
        var diagnostics = new DiagnosticBag();
        var table = TableSelection.Select(catalog, [options.Table], diagnostics).FirstOrDefault();
        diagnostics.ThrowIfErrors("the preview cannot start");

        var scan = await new ScanService(_runtime).ScanAsync(source, new ScanOptions { Tables = [table!.Name.ToString()], SampleSize = options.ScanSampleSize, Parallelism = 1 },
            cancellationToken).ConfigureAwait(false);
        var pii = scan.Findings.Where(f => f.Table == table.Name && f.IsPii).ToDictionary(f => f.Column, f => f.Kind, StringComparer.Ordinal);

        TransformPlan? configPlan = null;
        if (options.Config is { } config)
        {
            configPlan = TransformPlanner.Plan(config, catalog, _runtime.WithPlugins(config.Plugins).Strategies, options.Secret);
            if (configPlan.HasErrors) throw new ObscuraConfigException("the operation's config does not plan on this data source", configPlan.Diagnostics);
        }
        TransformPlan? draftPlan = null;
        if (options.MaskUnmaskedPii && pii.Count > 0)
        {
            var draft = ConfigLoader.Parse(scan.Draft.Yaml, "draft");
            draftPlan = TransformPlanner.Plan(draft, catalog, _runtime.WithPlugins(draft.Plugins).Strategies, options.Secret);
        }

        var transforms = new List<ColumnTransform>();
        var columns = new List<PreviewColumn>();
        var withheld = new bool[table.Columns.Count];
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var name = table.Columns[i].Name;
            var kind = pii.GetValueOrDefault(name);
            if (configPlan?.For(table.Name).FirstOrDefault(t => t.Column == name) is { } configured)
            {
                transforms.Add(configured);
                columns.Add(new PreviewColumn(name, kind, configured.Strategy, "masked", "config"));
            }
            else if (kind is null || !options.MaskUnmaskedPii)
            {
                columns.Add(new PreviewColumn(name, kind, null, "clear", null));
            }
            else if (draftPlan is { HasErrors: false } && draftPlan.For(table.Name).FirstOrDefault(t => t.Column == name) is { } drafted)
            {
                transforms.Add(drafted);
                columns.Add(new PreviewColumn(name, kind, drafted.Strategy, "masked", "draft"));
            }
            else
            {
                withheld[i] = true;
                columns.Add(new PreviewColumn(name, kind, null, "withheld", null));
            }
        }

        var prepared = new Dictionary<StrategyBinding, IPreparedColumn>();
        try
        {
            foreach (var plan in (TransformPlan?[])[configPlan, draftPlan])
            {
                if (plan is null) continue;
                foreach (var (binding, column) in await CopyService.PrepareColumnsAsync(plan, source, [table.Name], cancellationToken).ConfigureAwait(false))
                {
                    if (!prepared.TryAdd(binding, column)) await column.DisposeAsync().ConfigureAwait(false);
                }
            }
            var rows = new List<object?[]>(Math.Min(options.Limit, 1000));
            await using var conn = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            var sql = source.Dialect.SelectColumns(table.Name, table.Columns) + " LIMIT " + options.Limit.ToString(CultureInfo.InvariantCulture);
            await using var inner = await source.Provider.ReadAsync(conn, sql, cancellationToken).ConfigureAwait(false);
            await using var reader = new TransformingDataReader(inner, table.Columns, CopyService.CreateTransformers(table, transforms, prepared));
            while (rows.Count < options.Limit && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new object?[table.Columns.Count];
                for (var i = 0; i < row.Length; i++) row[i] = withheld[i] || reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
            return new PreviewResult(table.Name, columns, rows);
        }
        finally
        {
            foreach (var column in prepared.Values) await column.DisposeAsync().ConfigureAwait(false);
        }
    }
}
