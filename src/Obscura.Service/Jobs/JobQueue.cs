using Hangfire;

namespace Obscura.Service.Jobs;

/// <summary>Hands jobs to the job runner; any worker process sharing its storage may take them.</summary>
internal sealed class JobQueue(IBackgroundJobClient client)
{
    public void Enqueue(long operationId, string key) =>
        client.Enqueue<OperationJob>(job => job.RunAsync(operationId, key, CancellationToken.None));
}
