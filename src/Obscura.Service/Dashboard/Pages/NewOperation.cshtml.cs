using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Obscura.Core.Diagnostics;
using Obscura.Engine;
using Obscura.Engine.Discovery;
using Obscura.Service.Dashboard.Internal;
using Obscura.Service.DataSources;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>
/// A new operation: pick type, source, target and tables; optionally scan the source and start from the drafted config
/// (the engine's <see cref="ScanService"/>, as <c>obscura scan</c>); submit the same request the API takes.
/// </summary>
[Authorize(Policy = DashboardPolicies.Requester)]
internal sealed class NewOperationModel : DashboardPage
{
    /// <summary>The form, in the request's words.</summary>
    public sealed class RequestForm
    {
        public string OperationType { get; set; } = "copy_full";
        public string? SourceId { get; set; }
        public string? TargetId { get; set; }
        public string? Tables { get; set; }
        public string? Filters { get; set; }
        public List<string> Approvers { get; set; } = [];
        public DateTime? ScheduledAt { get; set; }
        public int? ParallelWorkers { get; set; }
        public string Format { get; set; } = "sql";
        public bool DropExisting { get; set; }
        public bool Anonymize { get; set; }
        public string? Config { get; set; }
    }

    public static IReadOnlyList<string> Types { get; } = ["copy_full", "copy_filtered", "sync_schema", "dump", "scan", "profile"];

    [BindProperty]
    public RequestForm Input { get; set; } = new();

    public IReadOnlyList<DataSourceView> Sources { get; private set; } = [];
    public ScanResult? Scan { get; private set; }
    public IReadOnlyList<OperationSummary.StrategyLine> Drafted { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct).ConfigureAwait(false);

    /// <summary>Scans the source and puts the draft config into the form (nothing is stored).</summary>
    public async Task<IActionResult> OnPostScanAsync(CancellationToken ct)
    {
        await LoadAsync(ct).ConfigureAwait(false);
        var store = Service<IServiceStore>();
        var source = Input.SourceId is null ? null : await store.GetDataSourceAsync(Input.SourceId, ct).ConfigureAwait(false);
        if (source is null)
        {
            Errors.Add("Choose a source to scan.");
            return Page();
        }
        var runtime = Service<ObscuraRuntime>();
        var audit = Service<ServiceAudit>();
        try
        {
            var tables = SplitTables(Input.Tables);
            await using var endpoint = runtime.Connect(Service<DataSourceService>().Resolve(source));
            Scan = await new ScanService(runtime).ScanAsync(endpoint, new ScanOptions { Tables = tables.Count == 0 ? null : tables }, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await audit.RecordAsync(HttpContext, "dashboard_scan", "data_source:" + source.Id, "failed").ConfigureAwait(false);
            Errors.Add("The scan failed: " + (e is ObscuraException ? e.Message : runtime.Providers.DescribeError(e)));
            return Page();
        }
        await audit.RecordAsync(HttpContext, "dashboard_scan", "data_source:" + source.Id, "ok").ConfigureAwait(false);
        Input.Config = Scan.Draft.Yaml;
        Input.Anonymize = true;
        Drafted = OperationSummary.ReadStrategies(Scan.Draft.Yaml).Lines;
        ModelState.Clear();
        return Page();
    }

    /// <summary>Submits the request through the API's own create handler; its problems come back as form errors.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var i = Input;
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (i.Filters ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) Errors.Add($"filters: '{line}' is not 'table: predicate' ({DiagnosticCodes.DashboardInvalidForm})");
            else filters[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        if (Errors.Count > 0)
        {
            await LoadAsync(ct).ConfigureAwait(false);
            return Page();
        }
        var request = new OperationRequest
        {
            OperationType = i.OperationType, SourceEnv = i.SourceId, TargetEnv = string.IsNullOrEmpty(i.TargetId) ? null : i.TargetId,
            Tables = SplitTables(i.Tables), Anonymize = i.Anonymize, Filter = filters.Count == 0 ? null : filters,
            ParallelWorkers = i.ParallelWorkers, RequiredApprovers = i.Approvers.Count == 0 ? null : i.Approvers,
            ScheduledAt = i.ScheduledAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
            Config = i.Anonymize && !string.IsNullOrWhiteSpace(i.Config) ? i.Config : null,
            Format = i.OperationType == OperationTypes.Dump ? i.Format : null, DropExisting = i.DropExisting,
        };
        var result = ServiceResult.From(await Service<OperationService>().CreateAsync(HttpContext, request, ct).ConfigureAwait(false));
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Messages());
            Response.StatusCode = result.Status;
            await LoadAsync(ct).ConfigureAwait(false);
            return Page();
        }
        var view = result.As<OperationView>()!;
        Notice = view.RequiredRoles.Count == 0
            ? $"Operation #{view.Id} created; it needs no approval: execute it when ready."
            : $"Operation #{view.Id} created; it waits for approval by {string.Join(", ", view.RequiredRoles)}.";
        return Redirect($"/dashboard/operations/{view.Id}");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Sources = (await Service<IServiceStore>().ListDataSourcesAsync(ct).ConfigureAwait(false)).Select(DataSourceService.View).ToList();

    private static List<string> SplitTables(string? text) =>
        (text ?? "").Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
