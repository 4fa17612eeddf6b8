namespace Obscura.Service.Store;

/// <summary>
/// Report files kept with their operation in the store (not in one process's data directory), written and read as
/// streams so a report never has to fit in memory twice.
/// </summary>
public interface IReportFileStore
{
    /// <summary>
    /// Stores (or replaces) one report file; <paramref name="content"/> is read to its end and must be
    /// <paramref name="file"/>'s size; null records a file not stored (over the limit).
    /// </summary>
    Task SaveReportFileAsync(ReportFileRecord file, Stream? content, CancellationToken cancellationToken);
    /// <summary>The operation's report files, by name.</summary>
    Task<IReadOnlyList<ReportFileRecord>> ListReportFilesAsync(long operationId, CancellationToken cancellationToken);
    /// <summary>Copies a stored file's bytes to <paramref name="destination"/>; false when it is not stored.</summary>
    Task<bool> CopyReportFileAsync(long operationId, string name, Stream destination, CancellationToken cancellationToken);
}
