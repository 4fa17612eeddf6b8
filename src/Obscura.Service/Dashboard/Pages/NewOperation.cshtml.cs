using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Obscura.Core.Diagnostics;
using Obscura.Core.Strategies;
using Obscura.Engine;
using Obscura.Engine.Discovery;
using Obscura.Service.Dashboard.Internal;
using Obscura.Service.DataSources;
using Obscura.Service.Internal;
using Obscura.Service.Operations;
using Obscura.Service.Preview;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>
/// A new operation: pick type, source, target and tables; optionally scan the source (the engine's <see cref="ScanService"/>,
/// as <c>obscura scan</c>) and choose a strategy per column of its inventory, starting from the drafted ones; submit the
/// same request the API takes. The choices are the config (<see cref="StrategyPicker.ToYaml"/>), unless the requester
/// switches to editing the YAML by hand, which then is the config; the page says which one is submitted.
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
        /// <summary>The strategy picker's columns (empty until the source is scanned).</summary>
        public List<ColumnChoice> Columns { get; set; } = [];
        /// <summary><see cref="PickerMode"/> (the choices are the config) or <see cref="YamlMode"/> (the YAML as typed is).</summary>
        public string ConfigMode { get; set; } = PickerMode;
        /// <summary>Where the inventory came from, for the config's header comment.</summary>
        public string? DraftSource { get; set; }
        /// <summary>True when the inventory was built from names and types only (kept across posts so the page keeps saying so).</summary>
        public bool NamesOnly { get; set; }
    }

    public const string PickerMode = "picker";
    public const string YamlMode = "yaml";

    public static IReadOnlyList<string> Types { get; } = ["copy_full", "copy_filtered", "sync_schema", "dump", "scan", "profile"];

    [BindProperty]
    public RequestForm Input { get; set; } = new();

    public IReadOnlyList<DataSourceView> Sources { get; private set; } = [];
    public ScanResult? Scan { get; private set; }
    /// <summary>Problems of single columns of the picker, by the column's index (shown next to it).</summary>
    public Dictionary<int, List<string>> ColumnErrors { get; } = [];
    /// <summary>True when the picker's choices are what is submitted.</summary>
    public bool UsesPicker => Input.Columns.Count > 0 && Input.ConfigMode != YamlMode;
    /// <summary>True when the inventory was built from names and types only (a protected source, no grant).</summary>
    public bool NamesOnly => Input.NamesOnly && Input.Columns.Count > 0;
    /// <summary>The runtime's strategies, for the picker's lists and parameter inputs.</summary>
    public StrategyRegistry Strategies => Service<ObscuraRuntime>().Strategies;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct).ConfigureAwait(false);

    /// <summary>
    /// Builds the inventory (nothing is stored): the source's columns with the kind of personal data found and a drafted
    /// strategy each. Values are sampled only where the caller may read them: an HRCI or Confidential source is classified
    /// by names and types alone unless the caller's role has the preview's clear-text grant for it. Every read is audited
    /// (who, source, tables, outcome), never a value.
    /// </summary>
    public async Task<IActionResult> OnPostScanAsync(CancellationToken ct)
    {
        await LoadAsync(ct).ConfigureAwait(false);
        var store = Service<IServiceStore>();
        var audit = Service<ServiceAudit>();
        var source = Input.SourceId is null ? null : await store.GetDataSourceAsync(Input.SourceId, ct).ConfigureAwait(false);
        if (source is null)
        {
            if (Input.SourceId is not null) await audit.RecordAsync(HttpContext, "dashboard_scan", "data_source:" + Input.SourceId, "not_found").ConfigureAwait(false);
            Errors.Add("Choose a source to scan.");
            return Page();
        }
        var runtime = Service<ObscuraRuntime>();
        var tables = SplitTables(Input.Tables);
        var target = "data_source:" + source.Id + (tables.Count == 0 ? "" : "/" + string.Join(',', tables));
        var namesOnly = ClearTextAccess.IsProtected(source.Classification) && !ClearTextAccess.IsGranted(Service<ServiceSettings>().Preview, source.Classification, Me);
        try
        {
            await using var endpoint = runtime.Connect(Service<DataSourceService>().Resolve(source));
            Scan = await new ScanService(runtime).ScanAsync(endpoint, new ScanOptions { Tables = tables.Count == 0 ? null : tables, SampleValues = !namesOnly }, ct)
                .ConfigureAwait(false);
        }
        catch (ObscuraConfigException e)
        {
            await audit.RecordAsync(HttpContext, "dashboard_scan", target, "invalid").ConfigureAwait(false);
            Errors.Add("The scan cannot start: " + string.Join("; ", e.Diagnostics.Count > 0 ? e.Diagnostics.Select(d => $"{d.Message} ({d.Code})") : [e.Message]));
            return Page();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await audit.RecordAsync(HttpContext, "dashboard_scan", target, "failed").ConfigureAwait(false);
            Errors.Add("The scan failed: " + (e is ObscuraException ? e.Message : runtime.Providers.DescribeError(e)));
            return Page();
        }
        await audit.RecordAsync(HttpContext, "dashboard_scan", target, namesOnly ? "ok_names_only" : "ok").ConfigureAwait(false);
        ModelState.Clear();
        Input.Columns = StrategyPicker.FromScan(Scan);
        Input.DraftSource = source.Name;
        Input.NamesOnly = namesOnly;
        Input.ConfigMode = PickerMode;
        Input.Anonymize = true;
        Input.Config = Yaml();
        return Page();
    }

    /// <summary>Shows the parameters of the strategies just chosen (the picker without script) and the config they make.</summary>
    public async Task<IActionResult> OnPostRefreshAsync(CancellationToken ct)
    {
        await LoadAsync(ct).ConfigureAwait(false);
        ModelState.Clear();
        if (UsesPicker) Input.Config = Yaml();
        return Page();
    }

    /// <summary>Switches to editing the YAML by hand, starting from what the choices make; the YAML is then submitted as typed.</summary>
    public async Task<IActionResult> OnPostEditYamlAsync(CancellationToken ct)
    {
        await LoadAsync(ct).ConfigureAwait(false);
        ModelState.Clear();
        if (UsesPicker) Input.Config = Yaml();
        Input.ConfigMode = YamlMode;
        Notice = "The YAML below is now what is submitted; the strategy choices are set aside until you go back to them.";
        return Page();
    }

    /// <summary>Goes back to the choices: hand edits to the YAML are set aside, and the YAML shows the choices again.</summary>
    public async Task<IActionResult> OnPostUsePickerAsync(CancellationToken ct)
    {
        await LoadAsync(ct).ConfigureAwait(false);
        ModelState.Clear();
        Input.ConfigMode = PickerMode;
        if (UsesPicker) Input.Config = Yaml();
        Notice = "The strategy choices are what is submitted again; edits made to the YAML by hand were set aside.";
        return Page();
    }

    /// <summary>The config the choices make, through the picker's one writer (problems of single choices go next to them).</summary>
    private string Yaml()
    {
        var (yaml, problems) = StrategyPicker.ToYaml(Input.Columns, Strategies, Input.DraftSource ?? Input.SourceId ?? "the dashboard");
        foreach (var (index, message) in problems) ColumnError(index, message);
        return yaml;
    }

    private void ColumnError(int index, string message)
    {
        if (!ColumnErrors.TryGetValue(index, out var list)) ColumnErrors[index] = list = [];
        list.Add(message);
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
        // One source of truth: the choices when the picker is in use (the YAML shown is theirs), else the YAML as typed.
        if (UsesPicker) i.Config = Yaml();
        if (Errors.Count > 0 || ColumnErrors.Count > 0)
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
            // A config problem about one column's rule is shown next to that column; the rest above the form.
            foreach (var problem in result.Problems)
            {
                if (UsesPicker && problem.Field.StartsWith("config", StringComparison.Ordinal) && StrategyPicker.ChoiceOf(i.Columns, problem.Detail) is { } index)
                    ColumnError(index, $"{problem.Detail} ({problem.Code})");
                else Errors.Add($"{problem.Field}: {problem.Detail} ({problem.Code})");
            }
            if (result.Problems.Count == 0) Errors.AddRange(result.Messages());
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
