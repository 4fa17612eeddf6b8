using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Service.DataSources;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard;

/// <summary>
/// Exactly what an approver approves, in words: the operation, the data sources it resolved to (environment, kind,
/// classification, address without password), tables, filters and every strategy of its config. Built from the stored
/// request, which the approval's fingerprint covers.
/// </summary>
internal sealed record OperationSummary(
    OperationView Operation, DataSourceView? Source, DataSourceView? Target, IReadOnlyList<OperationSummary.StrategyLine> Strategies, string? ConfigProblem)
{
    /// <summary>One column rule of the config.</summary>
    public sealed record StrategyLine(string Table, string Column, string Strategy, string Parameters);

    public static async Task<OperationSummary> BuildAsync(OperationView view, IServiceStore store, CancellationToken ct)
    {
        var source = await store.GetDataSourceAsync(view.SourceId, ct).ConfigureAwait(false);
        var target = view.TargetId is null ? null : await store.GetDataSourceAsync(view.TargetId, ct).ConfigureAwait(false);
        var (strategies, problem) = ReadStrategies(view.Request.Anonymize ? view.Request.Config : null);
        return new OperationSummary(view, source is null ? null : DataSourceService.View(source), target is null ? null : DataSourceService.View(target), strategies, problem);
    }

    /// <summary>The column rules of a config text; a problem instead when it does not parse.</summary>
    public static (IReadOnlyList<StrategyLine> Lines, string? Problem) ReadStrategies(string? yaml)
    {
        if (string.IsNullOrWhiteSpace(yaml)) return ([], null);
        try
        {
            var config = ConfigLoader.Parse(yaml, "config");
            var lines = config.Tables.SelectMany(t => t.Columns.Select(c => new StrategyLine(t.Key, c.Column, c.Strategy,
                string.Join(", ", c.Parameters.Select(p => $"{p.Key}: {p.Value.Text}"))))).ToList();
            return (lines, null);
        }
        catch (ObscuraConfigException e)
        {
            return ([], e.Diagnostics.Count > 0 ? string.Join("; ", e.Diagnostics.Select(d => $"line {d.Line}: {d.Message} ({d.Code})")) : e.Message);
        }
    }

    /// <summary>"name (ENV, kind, classification)" or a note that the data source is gone.</summary>
    public static string Describe(DataSourceView? s) =>
        s is null ? "(deleted data source)" : $"{s.Name} ({s.Environment}, {s.Kind}{(s.Classification is null ? "" : ", " + s.Classification)})";
}
