using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Obscura.Service.Jobs;

/// <summary>
/// The one job type the job runner (Hangfire) delivers: "run job <c>key</c> of operation <c>id</c>". Everything it
/// needs to know is in Obscura's store; the runner only delivers, at least once. Retries are Obscura's decision (a
/// failed piece fails the operation), so the runner's own retries are off.
/// </summary>
public sealed class OperationJob(IServiceProvider services)
{
    /// <summary>Runs one job of an operation; the token is cancelled when this process stops (the job is then delivered again).</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(long operationId, string key, CancellationToken cancellationToken) =>
        services.GetRequiredService<JobExecutor>().RunAsync(operationId, key, cancellationToken);
}
