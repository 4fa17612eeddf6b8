using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Obscura.Service.Access;

/// <summary>Runs <see cref="SharedRateLimiter.SyncAsync"/> every <see cref="SharedRateLimiter.SyncInterval"/>.</summary>
internal sealed class SharedRateLimitSync(SharedRateLimiter limiter, ILogger<SharedRateLimitSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, not the service's clock: a test's manual clock moves windows, not this loop.
        using var timer = new PeriodicTimer(SharedRateLimiter.SyncInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await limiter.SyncAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Rate-limit sync failed ({Error})", ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
