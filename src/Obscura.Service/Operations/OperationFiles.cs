using System.Globalization;

namespace Obscura.Service.Operations;

/// <summary>Where an operation's files live (run reports, validation report, scan outputs, dumps) and which of them users may download.</summary>
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

    /// <summary>The downloadable files the operation has, in <see cref="Downloadable"/> order.</summary>
    public static IReadOnlyList<string> Existing(ServiceSettings settings, long id)
    {
        var directory = DirectoryOf(settings, id);
        return Downloadable.Where(name => File.Exists(Path.Combine(directory, name))).ToList();
    }
}
