using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Obscura.Service.Jobs;

/// <summary>
/// The job runner's workers in this process, hosted by the .NET Generic Host: a stop (SIGTERM) cancels the running
/// jobs' tokens and hands them back to the queue at once, so another worker takes them without waiting for the
/// invisibility timeout (that timeout is only for a process that dies without stopping).
/// </summary>
internal sealed class JobServerHost(JobStorage storage, IServiceScopeFactory scopes, int workerCount) : IHostedService, IDisposable
{
    private BackgroundJobServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (workerCount <= 0) return Task.CompletedTask;
        _server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            ServerName = $"{JobExecutor.WorkerName}/{Guid.NewGuid().ToString("N")[..8]}",
            WorkerCount = workerCount,
            Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(scopes),
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        }, storage);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null) return;
        _server.SendStop();
        await _server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _server?.Dispose();
}
