using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Obscura.Core.Diagnostics;
using Obscura.Service.Store;

namespace Obscura.Service.Operations;

/// <summary>
/// Moves what a finished operation left in its directory into the store, so whichever service process answers can
/// serve it: each report on <see cref="OperationFiles.Reports"/> is streamed in with its size and SHA-256 (one over
/// <see cref="ServiceSettings.ReportMaxBytes"/> is recorded as not stored, OBS965), and every other output (a dump, a
/// sample's rows, a backup) is recorded with the machine and path where it stays.
/// </summary>
internal sealed class ReportPublisher(IReportFileStore files, ServiceSettings settings, TimeProvider clock, ILogger<ReportPublisher> logger)
{
    /// <summary>Checks the settings this uses (OBS966).</summary>
    public static void Validate(ServiceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ReportMaxBytes is < 1 or > MaxStorableBytes)
            throw new ObscuraConfigException("the service cannot start",
                [new Diagnostic(Severity.Error, "--report-max-bytes", DiagnosticCodes.ServiceReportLimitInvalid, $"the report size limit must be 1 to {MaxStorableBytes} bytes (got {settings.ReportMaxBytes})")]);
    }

    /// <summary>The most one value holds in either store: PostgreSQL's bytea is capped at 1 GB, SQLite's default blob at 10^9 bytes.</summary>
    public const long MaxStorableBytes = 1_000_000_000;

    /// <summary>Where a file not kept in the store stays: this machine and the path.</summary>
    public static string LocationOf(string path) => Environment.MachineName + ":" + path;

    /// <summary>The message for a report over the limit (no content, only sizes and where it is).</summary>
    public static string TooLarge(ReportFileRecord file, long limit) => string.Create(CultureInfo.InvariantCulture,
        $"{DiagnosticCodes.ServiceReportTooLarge}: report {file.Name} of operation {file.OperationId} is {file.Size} bytes, over the {limit}-byte limit of what the service store keeps per file; it stays at {file.Location}");

    /// <summary>Stores the operation's reports and records its other outputs; a file that cannot be stored is logged, never fails the operation.</summary>
    public async Task PublishAsync(long operationId, CancellationToken ct)
    {
        try
        {
            await PublishFilesAsync(operationId, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Runs before the operation's final status is written: nothing here may leave it running.
            logger.LogWarning("operation {Id}: reports not recorded in the store ({Kind})", operationId, e.GetType().Name);
        }
    }

    private async Task PublishFilesAsync(long operationId, CancellationToken ct)
    {
        var directory = OperationFiles.DirectoryOf(settings, operationId);
        if (!Directory.Exists(directory)) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            try
            {
                var report = OperationFiles.Reports.FirstOrDefault(r => r.Name == name);
                if (report.Name is not null && File.Exists(entry)) await StoreReportAsync(operationId, name, report.ContentType, entry, ct).ConfigureAwait(false);
                else await RecordOutputAsync(operationId, name, entry, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException or ObscuraDatabaseException)
            {
                logger.LogWarning("operation {Id}: {Name} not recorded in the store ({Kind})", operationId, name, e.GetType().Name);
            }
        }
    }

    private async Task StoreReportAsync(long operationId, string name, string contentType, string path, CancellationToken ct)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            var file = new ReportFileRecord { OperationId = operationId, Name = name, ContentType = contentType, Size = stream.Length, CreatedAt = clock.GetUtcNow() };
            if (file.Size > settings.ReportMaxBytes)
            {
                file = file with { Stored = false, Location = LocationOf(path) };
                logger.LogWarning("{Problem}", TooLarge(file, settings.ReportMaxBytes));
                await files.SaveReportFileAsync(file, null, ct).ConfigureAwait(false);
                return;
            }
            // Two streaming passes (hash, then store) rather than one buffer of the whole file.
            var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
            stream.Position = 0;
            await files.SaveReportFileAsync(file with { Sha256 = sha }, stream, ct).ConfigureAwait(false);
        }
    }

    private async Task RecordOutputAsync(long operationId, string name, string path, CancellationToken ct)
    {
        var isDirectory = Directory.Exists(path);
        var size = isDirectory
            ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : new FileInfo(path).Length;
        await files.SaveReportFileAsync(new ReportFileRecord
        {
            OperationId = operationId, Name = name, ContentType = isDirectory ? "inode/directory" : "application/octet-stream", Size = size,
            CreatedAt = clock.GetUtcNow(), Stored = false, Location = LocationOf(path),
        }, null, ct).ConfigureAwait(false);
    }
}
