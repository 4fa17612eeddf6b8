using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obscura.Engine;
using Obscura.Engine.Audit;
using Obscura.Service.DataSources;
using Obscura.Service.Internal;
using Obscura.Service.Notifications;
using Obscura.Service.Operations;
using Obscura.Service.Security;
using Obscura.Service.Store;

namespace Obscura.Service.Jobs;

/// <summary>
/// <c>obscura worker</c>: a .NET Generic Host that only runs jobs (no HTTP) from a shared PostgreSQL store, with the
/// same master key, run secret and Engine services as <c>obscura serve</c>. SIGTERM stops it cleanly: its running
/// jobs go back to the queue at once.
/// </summary>
public static class ObscuraWorkerHost
{
    /// <summary>Opens and migrates the store and builds the host; <paramref name="concurrency"/> jobs run at once.</summary>
    /// <exception cref="Core.Diagnostics.ObscuraConfigException">OBS912: the store is not shared; OBS913: a setting is out of range.</exception>
    public static async Task<IHost> BuildAsync(
        ServiceSettings settings, ObscuraRuntime runtime, int concurrency, Action<HostApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runtime);
        if (!ServiceStores.IsPostgres(settings.Store))
            throw ServiceStores.Error(Core.Diagnostics.DiagnosticCodes.WorkerNeedsSharedStore,
                "obscura worker needs a store other processes share: --store postgres://user@host/database (an embedded sqlite: store is for one obscura serve)");
        if (concurrency < 1)
            throw new Core.Diagnostics.ObscuraConfigException("the worker cannot start",
                [new Core.Diagnostics.Diagnostic(Core.Diagnostics.Severity.Error, "--concurrency", Core.Diagnostics.DiagnosticCodes.JobSettingInvalid, $"--concurrency must be at least 1 (got {concurrency})")]);
        JobHosting.Validate(settings, concurrency);
        var store = ServiceStores.Open(settings.Store);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        var clock = TimeProvider.System;
        var masterKey = MasterKey.Load(settings.MasterKeyFile);
        // Shared: `obscura users` commands (and other service processes on this machine) append to the same chain.
        var auditLog = AuditLog.OpenShared(settings.AuditPath, AuditKey.FromEnvironment(), clock);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.AddFilter("Hangfire", LogLevel.Warning);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(runtime);
        services.AddSingleton(clock);
        services.AddSingleton(store);
        services.AddSingleton(auditLog);
        services.AddSingleton(sp => new DataSourceService(store, runtime, masterKey, clock));
        services.AddSingleton<ServiceAudit>();
        services.AddSingleton<OperationVersions>();
        services.AddSingleton<OperationRunner>();
        services.AddSingleton<RunningOperations>();
        services.AddSharedStoreState(store, settings);
        // The runs a worker ends are announced like any other: queued in the store's outbox, delivered by any process.
        services.AddObscuraNotifications(settings);
        services.AddObscuraJobs(settings, store, concurrency);
        configure?.Invoke(builder);
        var host = builder.Build();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() =>
        {
            auditLog.Dispose();
            store.Dispose();
        });
        return host;
    }
}
