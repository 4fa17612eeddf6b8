using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using Obscura.Core.Diagnostics;
using Obscura.Service.Operations;
using Obscura.Service.Store;

namespace Obscura.Service.Jobs;

/// <summary>
/// Wires the job runner (Hangfire) into a host: PostgreSQL storage in the store's own database when the store is
/// shared (any number of <c>serve</c> and <c>worker</c> processes take jobs from it), in-memory storage with the
/// embedded SQLite store. Obscura's tables keep the state; the runner only delivers jobs.
/// </summary>
public static class JobHosting
{
    /// <summary>The schema the job runner's tables live in, in the store's database.</summary>
    public const string HangfireSchema = "hangfire";

    /// <summary>
    /// Registers the job runner, the dispatcher that turns due operations into jobs and <paramref name="workerCount"/>
    /// job workers in this process (0: this process only dispatches).
    /// </summary>
    public static IServiceCollection AddObscuraJobs(this IServiceCollection services, ServiceSettings settings, IServiceStore store, int workerCount)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        Validate(settings, workerCount);
        var storage = CreateStorage(settings, store);
        services.AddSingleton(storage);
        services.AddSingleton<IBackgroundJobClient>(_ => new BackgroundJobClient(storage));
        services.AddSingleton((IOperationJobStore)store);
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobExecutor>();
        services.AddSingleton<OperationWorker>();
        services.AddTransient<OperationJob>();
        services.AddHostedService<OperationDispatcher>();
        services.AddHostedService(sp => new JobServerHost(storage, sp.GetRequiredService<IServiceScopeFactory>(), workerCount));
        return services;
    }

    /// <summary>Refuses job settings out of range (OBS913) before anything is opened.</summary>
    internal static void Validate(ServiceSettings settings, int workerCount)
    {
        var problems = new DiagnosticBag();
        if (workerCount is < 0 or > 256) problems.Error("--concurrency", DiagnosticCodes.JobSettingInvalid, $"job workers must be between 0 and 256 (got {workerCount})");
        if (settings.InvisibilityTimeout < TimeSpan.FromSeconds(1) || settings.InvisibilityTimeout > TimeSpan.FromSeconds(60))
            problems.Error("--invisibility-timeout", DiagnosticCodes.JobSettingInvalid, $"the invisibility timeout must be between 1 and 60 seconds (got {settings.InvisibilityTimeout.TotalSeconds} s)");
        if (settings.PartitionRows is < 1000) problems.Error("--partition-rows", DiagnosticCodes.JobSettingInvalid, $"partitions must hold at least 1000 rows (got {settings.PartitionRows})");
        problems.ThrowIfErrors("the job runner cannot start");
    }

    private static JobStorage CreateStorage(ServiceSettings settings, IServiceStore store)
    {
        if (store is not PostgresServiceStore pg) return new InMemoryStorage();
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = HangfireSchema,
            PrepareSchemaIfNecessary = true,
            // A dead worker's job becomes visible again this long after its last heartbeat (the default is 30 minutes).
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = settings.InvisibilityTimeout,
            QueuePollInterval = settings.PollInterval < TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : settings.PollInterval,
            // An enqueue wakes idle workers at once (LISTEN/NOTIFY) instead of at their next poll: a split copy hands
            // work over twice (start → pieces → finish), and each hand-over would otherwise wait up to a poll interval.
            EnableLongPolling = true,
            DistributedLockTimeout = TimeSpan.FromSeconds(60),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(pg.ConnectionString, options), options);
    }
}
