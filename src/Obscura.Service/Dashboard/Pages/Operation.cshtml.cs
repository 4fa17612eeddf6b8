using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Obscura.Service.Dashboard.Internal;
using Obscura.Service.Endpoints;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>One operation: live progress, execute and cancel, decisions, what it does, and its reports when done.</summary>
[Authorize(Policy = DashboardPolicies.Operations)]
internal sealed class OperationModel : DashboardPage
{
    public OperationSummary Summary { get; private set; } = null!;
    /// <summary>What changed since the version last approved (or the previous one); null while there is one version.</summary>
    public RequestChanges? Changes { get; private set; }
    public ProgressView Progress { get; private set; } = null!;
    public bool CanExecute { get; private set; }
    public bool CanCancel { get; private set; }
    public bool HasSummary { get; private set; }
    public IReadOnlyList<string> DecideRoles { get; private set; } = [];
    /// <summary>The version shown, which a decision names (a change in between refuses it).</summary>
    public int DecideVersion { get; private set; }
    public IReadOnlyList<string> Files { get; private set; } = [];
    /// <summary>The stored validation report's verdict in a sentence, or null when the run left none.</summary>
    public string? Validation { get; private set; }
    public bool ValidationPassed { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct).ConfigureAwait(false) ? Page() : NotFound();

    public Task<IActionResult> OnPostExecuteAsync(long id, CancellationToken ct) => ActAsync(id, "execute", "queued to run", ct);

    public Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct) => ActAsync(id, "cancel", "cancelled", ct);

    private async Task<IActionResult> ActAsync(long id, string action, string done, CancellationToken ct)
    {
        var result = ServiceResult.From(await Service<OperationService>().ActAsync(HttpContext, id, new OperationAction { Action = action }, ct).ConfigureAwait(false));
        if (result.Succeeded)
        {
            Notice = $"Operation #{id} {done}.";
            return RedirectToPage(new { id });
        }
        Errors.AddRange(result.Messages());
        if (!await LoadAsync(id, ct).ConfigureAwait(false)) return NotFound();
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var store = Service<IServiceStore>();
        var op = await store.GetOperationAsync(id, ct).ConfigureAwait(false);
        if (op is null) return false;
        var view = await Service<OperationService>().ViewAsync(op, ct).ConfigureAwait(false);
        Summary = await OperationSummary.BuildAsync(view, store, ct).ConfigureAwait(false);
        Changes = await RequestChanges.BuildAsync(op, Me, Service<OperationVersions>(), store, ct).ConfigureAwait(false);
        Progress = await OperationEndpoints.ProgressAsync(id, store, Service<RunningOperations>(), ct).ConfigureAwait(false) ?? new ProgressView { Status = op.Status };
        var me = Me;
        var mayRun = op.RequestedBy == me.Id || me.Holds(ServiceRoles.Admin);
        CanExecute = mayRun && op.Status is OperationStatus.Approved or OperationStatus.PendingApproval && view.MissingRoles.Count == 0;
        CanCancel = mayRun && !OperationStatus.IsFinal(op.Status);
        DecideRoles = op.Status == OperationStatus.PendingApproval && op.RequestedBy != me.Id
                      && !view.Approvals.Any(a => a.Valid && a.Decision == "approve" && a.User == me.Name)
            ? view.MissingRoles.Where(me.Holds).ToList()
            : [];
        if (DecideRoles.Count > 0) DecideVersion = Changes?.To.Version ?? await Service<OperationVersions>().CurrentNumberAsync(op, ct).ConfigureAwait(false);
        HasSummary = op.ReportJson is not null;
        var files = Service<IReportFileStore>();
        Files = await OperationFiles.ExistingAsync(files, id, ct).ConfigureAwait(false);
        if (Files.Contains(Engine.Validation.ValidationReportFiles.JsonFileName))
            (Validation, ValidationPassed) = await ReadVerdictAsync(files, id, ct).ConfigureAwait(false);
        return true;
    }

    private static async Task<(string, bool)> ReadVerdictAsync(IReportFileStore files, long id, CancellationToken ct)
    {
        // The JSON report is small (the store caps each file); read it whole from the store.
        var stream = new MemoryStream();
        await using (stream.ConfigureAwait(false))
        {
            await files.CopyReportFileAsync(id, Engine.Validation.ValidationReportFiles.JsonFileName, stream, ct).ConfigureAwait(false);
            stream.Position = 0;
            using var report = await System.Text.Json.JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
            var checks = report.RootElement.TryGetProperty("checks", out var c) ? c.EnumerateArray().ToList() : [];
            var failed = checks.Count(x => x.TryGetProperty("status", out var st) && st.GetString() == "failed");
            var passed = report.RootElement.TryGetProperty("passed", out var p) && p.GetBoolean();
            return (passed
                ? $"Validation passed: {checks.Count} checks."
                : $"Validation failed: {failed} of {checks.Count} checks failed; open the report for the locations.", passed);
        }
    }

    /// <summary>"about 1 min 20 s left", or nothing useful when unknown.</summary>
    public static string Eta(double? seconds)
    {
        if (seconds is not { } s || double.IsNaN(s)) return "time left unknown";
        if (s < 1) return "done";
        var t = TimeSpan.FromSeconds(Math.Ceiling(s));
        return t.TotalHours >= 1 ? $"about {(int)t.TotalHours} h {t.Minutes} min left"
            : t.TotalMinutes >= 1 ? $"about {t.Minutes} min {t.Seconds} s left"
            : $"about {t.Seconds} s left";
    }

    /// <summary>The sentence the status region reads out.</summary>
    public static string Describe(ProgressView p) => p.Status switch
    {
        OperationStatus.Running => string.Create(CultureInfo.InvariantCulture,
            $"Running: {p.Percent:0}% done, {p.TablesCompleted} of {p.TablesTotal} tables{(p.CurrentTable is { } t ? ", loading " + t : "")}{(p.Phase is { } ph ? " (" + ph + ")" : "")}."),
        OperationStatus.Succeeded => string.Create(CultureInfo.InvariantCulture, $"Succeeded: {p.RowsCopied:N0} rows, {p.TablesCompleted} tables."),
        _ => $"Status: {p.Status.Replace('_', ' ')}.",
    };

    public static string FileTitle(string name) => name switch
    {
        Engine.Validation.ValidationReportFiles.HtmlFileName => "Validation report",
        Engine.Validation.ValidationReportFiles.JsonFileName => "Validation report (JSON)",
        Engine.Discovery.ScanFiles.Inventory => "PII inventory (CSV)",
        Engine.Discovery.ScanFiles.Config => "Draft config (obscura.yaml)",
        Engine.Discovery.ScanFiles.Catalog => "Schema catalog (JSON)",
        _ => name,
    };
}
