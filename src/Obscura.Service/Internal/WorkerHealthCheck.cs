using Microsoft.Extensions.Diagnostics.HealthChecks;
using Obscura.Service.Operations;

namespace Obscura.Service.Internal;

/// <summary>Ready only when a worker looked for work recently (a running operation counts as busy, not dead).</summary>
internal sealed class WorkerHealthCheck(RunningOperations running, ServiceSettings settings, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = running.LastPoll;
        if (last == default) return Task.FromResult(HealthCheckResult.Unhealthy("no worker has started yet"));
        // Workers busy running operations do not poll; they are alive as long as this process is.
        var stale = clock.GetUtcNow() - last > settings.PollInterval * 3 + TimeSpan.FromSeconds(5);
        return Task.FromResult(stale && !running.Any ? HealthCheckResult.Degraded("workers have not polled recently") : HealthCheckResult.Healthy());
    }
}
