using System.Globalization;
using Microsoft.AspNetCore.Http;
using Obscura.Service.Store;

namespace Obscura.Service.Operations;

/// <summary>
/// Where an operation's files are written (run reports, validation report, scan outputs, dumps), which of them users
/// may download, and the download itself — from the store (<see cref="ReportPublisher"/> puts them there when the
/// operation ends), so any service process sharing the store serves them.
/// </summary>
internal static class OperationFiles
{
    /// <summary>
    /// Report files an operation may leave in its directory, with what they are: the one allowlist both the API and the
    /// dashboard serve from; nothing else in the directory (dumps, sample rows, backups) is ever served.
    /// </summary>
    public static IReadOnlyList<(string Name, string ContentType, string Description)> Reports { get; } =
    [
        (Engine.Validation.ValidationReportFiles.JsonFileName, "application/json", "validation of the result (row counts, foreign keys, unique, NOT NULL, leakage)"),
        (Engine.Validation.ValidationReportFiles.HtmlFileName, "text/html", "the validation report for reading"),
        ("anonymization-report.json", "application/json", "the in-place run: tables, methods, rows changed"),
        (Engine.Sampling.SampleService.JsonReport, "application/json", "the sample: strategies, coverage and why each row was chosen (keys only)"),
        (Engine.Sampling.SampleService.HtmlReport, "text/html", "the sample report for reading"),
        (TypeRunners.EngineAuditFile, "application/x-ndjson", "the in-place run's own audit chain (backup created and verified, tables anonymized)"),
        (Engine.Discovery.ScanFiles.Inventory, "text/csv", "the scan's PII inventory (columns, kinds, confidence; no values)"),
        (Engine.Discovery.ScanFiles.Config, "application/yaml", "the scan's drafted strategy map"),
        (Engine.Discovery.ScanFiles.Catalog, "application/json", "the scanned schema catalog"),
    ];

    /// <summary>The names of <see cref="Reports"/>.</summary>
    public static IReadOnlyList<string> Downloadable { get; } = [.. Reports.Select(r => r.Name)];

    /// <summary>The operation's own directory under the service's data directory.</summary>
    public static string DirectoryOf(ServiceSettings settings, long id) =>
        Path.Combine(Path.GetFullPath(settings.DataDirectory), "operation-" + id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The downloadable reports the store holds for the operation, in <see cref="Downloadable"/> order.</summary>
    public static async Task<IReadOnlyList<string>> ExistingAsync(IReportFileStore files, long id, CancellationToken ct)
    {
        var stored = (await files.ListReportFilesAsync(id, ct).ConfigureAwait(false)).Where(f => f.Stored).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return Downloadable.Where(stored.Contains).ToList();
    }

    /// <summary>
    /// A report on the allowlist that the store holds, streamed from the store (with its SHA-256 as the ETag); a refusal
    /// when the name is not on the allowlist or the operation has no such report (404), or the file was over the size
    /// limit and stays on disk (409, OBS965, saying where).
    /// </summary>
    public static async Task<IResult> DownloadAsync(IReportFileStore files, ServiceSettings settings, long id, string name, string contentType, string? downloadName, CancellationToken ct)
    {
        var file = Downloadable.Contains(name, StringComparer.Ordinal)
            ? (await files.ListReportFilesAsync(id, ct).ConfigureAwait(false)).FirstOrDefault(f => f.Name == name)
            : null;
        if (file is null) return Internal.Problems.NotFound($"Report '{name}' of operation {id}");
        if (!file.Stored)
            return Internal.Problems.Conflict(ReportPublisher.TooLarge(file, settings.ReportMaxBytes),
                new Dictionary<string, object?> { ["code"] = Core.Diagnostics.DiagnosticCodes.ServiceReportTooLarge, ["size"] = file.Size, ["location"] = file.Location });
        return Results.Stream(body => files.CopyReportFileAsync(id, name, body, CancellationToken.None), contentType, downloadName,
            entityTag: file.Sha256 is { } sha ? new Microsoft.Net.Http.Headers.EntityTagHeaderValue("\"" + sha + "\"") : null);
    }
}
