using System.Text.Json;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Data;
using Obscura.Engine;
using Obscura.Engine.Copy;
using Obscura.Engine.Discovery;
using Obscura.Engine.Dump;
using Obscura.Engine.Profiling;
using Obscura.Engine.Schema;
using Obscura.Service.DataSources;
using Obscura.Service.Store;

namespace Obscura.Service.Operations;

/// <summary>Runs one operation through the same Engine services the CLI uses and returns its report (JSON).</summary>
internal sealed class OperationRunner(ObscuraRuntime runtime, DataSourceService dataSources, IServiceStore store, ServiceSettings settings)
{
    /// <summary>The run's result; <paramref name="Status"/> overrides succeeded/failed (rolled_back).</summary>
    internal sealed record Outcome(bool Succeeded, string ReportJson, string? Error, string? Status = null);

    public async Task<Outcome> RunAsync(OperationRecord operation, OperationProgress progress, CancellationToken ct)
    {
        var request = StoredRequest.Of(operation);
        var (source, target) = await request.DataSourcesAsync(store, ct).ConfigureAwait(false);
        var r = request.Request;
        var config = r.Anonymize && r.Config is { } yaml ? ConfigLoader.Parse(yaml, "config") : ObscuraConfig.Empty;
        var secret = settings.ReadRunSecret();
        var sourceUri = dataSources.Resolve(source);
        var tables = r.Tables ?? [];
        var directory = OperationFiles.DirectoryOf(settings, operation.Id);
        Directory.CreateDirectory(directory);
        switch (operation.OperationType)
        {
            case OperationTypes.CopyFull:
            case OperationTypes.CopyFiltered:
            {
                var options = await Jobs.CopyJobOptions.BuildAsync(operation, store, dataSources, settings, ct).ConfigureAwait(false);
                var result = await new CopyService(runtime).RunAsync(options, progress, ct).ConfigureAwait(false);
                var copied = new Outcome(result.Succeeded, result.Summary.ToJson(), result.Failure is null ? null : Describe(result.Failure));
                return result.Succeeded && r.Validate != false ? await new TypeRunners(runtime, settings, Describe).ValidateCopyAsync(options, result, directory, copied, progress, ct).ConfigureAwait(false) : copied;
            }
            case OperationTypes.Dump:
            {
                var format = r.Format switch { "csv" => DumpFormat.Csv, "parquet" => DumpFormat.Parquet, _ => DumpFormat.Sql };
                var options = new DumpOptions
                {
                    Source = sourceUri, Output = format == DumpFormat.Sql ? Path.Combine(directory, "dump.sql") : Path.Combine(directory, "dump"),
                    Format = format, Config = config, Tables = tables, Secret = secret,
                };
                var result = await new DumpService(runtime).RunAsync(options, progress, ct).ConfigureAwait(false);
                return new Outcome(result.Succeeded, JsonSerializer.Serialize(result.Summary, CopySummary.JsonOptions), result.Failure is null ? null : Describe(result.Failure));
            }
            case OperationTypes.Scan:
            {
                progress.Phase("scanning " + sourceUri);
                await using var endpoint = runtime.Connect(sourceUri);
                var result = await new ScanService(runtime).ScanAsync(endpoint, new ScanOptions { Tables = tables.Count == 0 ? null : tables }, ct).ConfigureAwait(false);
                await ScanFiles.WriteAsync(result, directory, ct).ConfigureAwait(false);
                var report = new
                {
                    status = "succeeded", tables_scanned = result.TablesScanned, findings = result.Findings.Count, warnings = result.Warnings,
                    seconds = Math.Round(result.Elapsed.TotalSeconds, 3), files = new[] { ScanFiles.Inventory, ScanFiles.Config, ScanFiles.Catalog },
                };
                return new Outcome(true, JsonSerializer.Serialize(report, CopySummary.JsonOptions), null);
            }
            case OperationTypes.Profile:
            {
                progress.Phase("profiling " + sourceUri);
                // Which columns hold personal data comes from scan's detection, as in the CLI.
                HashSet<(Core.Schema.TableName, string)> personal;
                await using (var endpoint = runtime.Connect(sourceUri))
                {
                    var scan = await new ScanService(runtime).ScanAsync(endpoint, new ScanOptions { Tables = tables.Count > 0 ? tables : null }, ct).ConfigureAwait(false);
                    personal = scan.Findings.Where(f => f.IsPii).Select(f => (f.Table, f.Column)).ToHashSet();
                }
                var report = await new ProfileService(runtime, (table, column) => personal.Contains((table, column))).RunAsync(new ProfileOptions { Source = sourceUri, Tables = tables, Jobs = r.ParallelWorkers ?? settings.DefaultParallelWorkers }, null, ct).ConfigureAwait(false);
                return new Outcome(true, ProfileJson.Serialize(report), null);
            }
            case OperationTypes.SyncSchema:
            {
                progress.Phase("synchronizing the schema");
                var result = await new SchemaSyncService(runtime).RunAsync(new SchemaSyncOptions { Source = sourceUri, Target = dataSources.Resolve(target!), Tables = tables }, ct).ConfigureAwait(false);
                var report = new
                {
                    status = result.Succeeded ? "succeeded" : "failed", steps_run = result.StepsRun,
                    steps = result.Plan.Steps, error = result.Failure is null ? null : Describe(result.Failure),
                };
                return new Outcome(result.Succeeded, JsonSerializer.Serialize(report, CopySummary.JsonOptions), report.error);
            }
            case OperationTypes.GenerateSample:
            case OperationTypes.Sample:
            case OperationTypes.AnonymizeInPlace:
                return await new TypeRunners(runtime, settings, Describe).RunAsync(operation.OperationType, r, sourceUri, target is null ? null : dataSources.Resolve(target),
                    directory, config, secret, progress, ct).ConfigureAwait(false);
            default:
                throw new ObscuraConfigException($"operation_type '{operation.OperationType}' cannot run");
        }
    }

    /// <summary>Estimated bytes per row per table of a source, for the progress estimate; empty when it cannot be read.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RowWidthsAsync(OperationRecord operation, CancellationToken ct)
    {
        var request = StoredRequest.Of(operation);
        if (operation.OperationType is not (OperationTypes.CopyFull or OperationTypes.CopyFiltered or OperationTypes.Dump)) return new Dictionary<string, int>();
        var source = await store.GetDataSourceAsync(request.SourceId, ct).ConfigureAwait(false);
        if (source is null) return new Dictionary<string, int>();
        await using var endpoint = runtime.Connect(dataSources.Resolve(source));
        var catalog = await endpoint.InspectAsync(ct).ConfigureAwait(false);
        var widths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in catalog.Tables) widths[table.Name.Name.ToLowerInvariant()] = OperationProgress.RowWidth(table);
        return widths;
    }

    public string Describe(Exception e) => e is ObscuraException ? e.Message : runtime.Providers.DescribeError(e);
}

/// <summary>What the store keeps of a request: the request and the ids of the data sources it resolved to.</summary>
internal sealed record StoredRequest(OperationRequest Request, string SourceId, string? TargetId)
{
    /// <summary>The request an operation stores.</summary>
    public static StoredRequest Of(OperationRecord operation) => JsonSerializer.Deserialize<StoredRequest>(operation.RequestJson, OperationPlanner.Json)!;

    /// <summary>The data sources the request resolved to, as they are now; refused when one was deleted since.</summary>
    public async Task<(DataSourceRecord Source, DataSourceRecord? Target)> DataSourcesAsync(IServiceStore store, CancellationToken ct)
    {
        var source = await store.GetDataSourceAsync(SourceId, ct).ConfigureAwait(false)
            ?? throw new ObscuraConfigException("the source data source was deleted after the operation was approved");
        var target = TargetId is null ? null : await store.GetDataSourceAsync(TargetId, ct).ConfigureAwait(false)
            ?? throw new ObscuraConfigException("the target data source was deleted after the operation was approved");
        return (source, target);
    }
}
