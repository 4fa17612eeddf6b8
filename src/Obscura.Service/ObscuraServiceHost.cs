using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Obscura.Engine.Audit;
using Obscura.Engine;
using Obscura.Service.Access;
using Obscura.Service.Dashboard;
using Obscura.Service.DataSources;
using Obscura.Service.Endpoints;
using Obscura.Service.Internal;
using Obscura.Service.Metrics;
using Obscura.Service.Notifications;
using Obscura.Service.Jobs;
using Obscura.Service.Operations;
using Obscura.Service.Queries;
using Obscura.Service.Security;
using Obscura.Service.Store;

namespace Obscura.Service;

/// <summary>
/// Builds the Obscura service: an ASP.NET Core host over the same <see cref="ObscuraRuntime"/> and Engine services the
/// CLI uses. <c>obscura serve</c> runs it on Kestrel; tests run it on a test server.
/// </summary>
public static class ObscuraServiceHost
{
    /// <summary>Authorization policy names.</summary>
    internal static class Policies
    {
        public const string Admin = "admin";
        public const string Requester = "requester";
        public const string Auditor = "auditor";
        public const string Operations = "operations";
        public const string DataSourceTest = "data_source_test";
    }

    /// <summary>
    /// Opens the store (creating or upgrading its schema), the audit log and the master key, and builds the app.
    /// <paramref name="configure"/> adjusts the builder (tests: a test server); <paramref name="clock"/> replaces the system clock.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(
        ServiceSettings settings, ObscuraRuntime runtime, string[]? args = null, Action<WebApplicationBuilder>? configure = null,
        TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runtime);
        clock ??= TimeProvider.System;
        // Jobs run CPU-heavy phases (transforms, index builds, validation) on pool threads in this process; without spare
        // threads an API request waits for the pool's slow thread injection (progress p99 57-105 ms vs 13-21 ms measured
        // under a 2M-row copy, docs/benchmarks.md#the-service).
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, Environment.ProcessorCount * 16), minIo);
        var store = ServiceStores.Open(settings.Store);
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var masterKey = MasterKey.Load(settings.MasterKeyFile);
        // Shared: `obscura users` commands (and other service processes on this machine) append to the same chain.
        var auditLog = AuditLog.OpenShared(settings.AuditPath, AuditKey.FromEnvironment(), clock);

        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(runtime);
        services.AddSingleton(clock);
        services.AddSingleton<IServiceStore>(store);
        services.AddSingleton(store);
        services.AddSingleton(auditLog);
        services.AddSingleton(sp => new DataSourceService(store, runtime, masterKey, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ServiceAudit>();
        services.AddSingleton<OperationPlanner>();
        services.AddSingleton<OperationService>();
        services.AddSingleton<OperationVersions>();
        services.AddSingleton<DataSourceRebinding>();
        services.AddSingleton<OperationRunner>();
        services.AddSingleton<RunningOperations>();
        services.AddSharedStoreState(store, settings);
        services.AddObscuraNotifications(settings);
        services.AddRecurringOperations();
        services.AddObscuraJobs(settings, store, settings.Workers);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
        });
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddAuthentication(BearerTokenHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(ServiceRoles.Admin))
            .AddPolicy(Policies.Requester, p => p.RequireRole(ServiceRoles.Requester, ServiceRoles.Admin))
            .AddPolicy(Policies.Auditor, p => p.RequireRole(ServiceRoles.Auditor, ServiceRoles.Admin))
            .AddPolicy(Policies.DataSourceTest, p => p.RequireRole(ServiceRoles.Admin, ServiceRoles.Dba))
            .AddPolicy(Policies.Operations, p => p.RequireRole(ServiceRoles.All.Where(r => r != ServiceRoles.Analyst).ToArray()));
        services.AddObscuraAccess(settings, store as ISharedRateLimitStore);
        services.AddObscuraQueries(settings, runtime);
        services.AddObscuraMetrics();
        services.AddHealthChecks()
            .AddCheck("store", () => store.PingAsync(CancellationToken.None).GetAwaiter().GetResult() ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the store does not answer"), ["ready"])
            .AddCheck<WorkerHealthCheck>("workers", tags: ["ready"]);
        services.AddObscuraDashboard(settings, store, masterKey);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            auditLog.Dispose();
            (store as IDisposable)?.Dispose();
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseObscuraAllowlist();
        app.UseAuthentication();
        app.UseObscuraRateLimits();
        app.UseAuthorization();
        app.MapOpenApi();
        // A browsable reference over the same document; its assets are embedded in the package (no CDN).
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "Obscura API");
            o.RoutePrefix = "api-docs";
            o.DocumentTitle = "Obscura API reference";
        });
        app.MapObscuraMetrics();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        var api = app.MapGroup("/api");
        api.MapGet("/me", (HttpContext http) => { var a = Actor.From(http); return Results.Ok(new { a.Name, a.Roles }); }).RequireAuthorization();
        DataSourceEndpoints.Map(api);
        OperationEndpoints.Map(api);
        OperationVersionEndpoints.Map(api);
        ReportEndpoints.Map(api);
        RecurringEndpoints.Map(api);
        AuditEndpoints.Map(api);
        app.MapObscuraDashboard();
        QueryEndpoints.Map(api);
        PreviewEndpoints.Map(api);
        return app;
    }
}
