using Obscura.Core.Config;
using Obscura.Engine.Copy;
using Obscura.Engine.Subset;
using Obscura.Service.DataSources;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Jobs;

/// <summary>The copy options of a copy operation, worked out the same way by every process that runs a piece of it.</summary>
internal static class CopyJobOptions
{
    /// <summary>True for the operation types a partitioned copy can run.</summary>
    public static bool IsCopy(OperationRecord operation) => operation.OperationType is OperationTypes.CopyFull or OperationTypes.CopyFiltered;

    public static async Task<CopyOptions> BuildAsync(OperationRecord operation, IServiceStore store, DataSourceService dataSources, ServiceSettings settings, CancellationToken ct)
    {
        var request = StoredRequest.Of(operation);
        var (source, target) = await request.DataSourcesAsync(store, ct).ConfigureAwait(false);
        var r = request.Request;
        return new CopyOptions
        {
            Source = dataSources.Resolve(source),
            Target = dataSources.Resolve(target!),
            Config = r.Anonymize && r.Config is { } yaml ? ConfigLoader.Parse(yaml, "config") : ObscuraConfig.Empty,
            Tables = r.Tables ?? [],
            Jobs = r.ParallelWorkers ?? settings.DefaultParallelWorkers,
            DropExisting = r.DropExisting,
            Secret = settings.ReadRunSecret(),
            Subset = r.Filter is { Count: > 0 } filter
                ? new SubsetOptions { Filters = [.. filter.Select(f => SubsetOptions.ParseOption("--where", f.Key + "=" + f.Value))] }
                : SubsetOptions.None,
        };
    }
}
