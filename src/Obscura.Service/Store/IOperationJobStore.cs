namespace Obscura.Service.Store;

/// <summary>
/// The jobs an operation is split into, kept with the operation in Obscura's own store (the job runner only delivers
/// them). Every change is compare-and-set, so a job delivered twice, or re-delivered after its worker died, is owned by
/// exactly one attempt at a time and only that attempt can finish it.
/// </summary>
public interface IOperationJobStore
{
    /// <summary>Adds jobs that are not there yet (same operation and key: kept as is).</summary>
    Task AddJobsAsync(IReadOnlyList<OperationJobRecord> jobs, CancellationToken cancellationToken);
    /// <summary>Every job of an operation, by key.</summary>
    Task<IReadOnlyList<OperationJobRecord>> ListJobsAsync(long operationId, CancellationToken cancellationToken);
    /// <summary>
    /// Gives a pending or running job to a new attempt (a running one: its worker is gone or the job was delivered twice)
    /// and returns it; null when the job is missing, waiting or already ended.
    /// </summary>
    Task<OperationJobRecord?> ClaimJobAsync(long operationId, string key, string attemptId, string worker, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Records rows, status and error for the attempt that owns the job; false when another attempt owns it now.</summary>
    Task<bool> UpdateJobAsync(long operationId, string key, string attemptId, string status, long rowsDone, string? error, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Moves a job from <paramref name="expectedStatus"/> to <paramref name="status"/>; false when it was not in it.</summary>
    Task<bool> SetJobStatusAsync(long operationId, string key, string expectedStatus, string status, DateTimeOffset now, CancellationToken cancellationToken);
}
