using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Obscura.Service.Metrics;

/// <summary>
/// OpenTelemetry metrics in Prometheus format at <c>/metrics</c>: the service's own instruments, ASP.NET Core's request
/// durations and the runtime's own (<c>System.Runtime</c>: GC pause time and counts, thread-pool queue length, CPU),
/// which are what explain a slow request while a job runs.
/// </summary>
internal static class MetricsExtensions
{
    public static IServiceCollection AddObscuraMetrics(this IServiceCollection services)
    {
        services.AddSingleton<ServiceMetrics>();
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(ServiceMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddMeter("System.Runtime")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Maps <c>/metrics</c> (no token: protect it with the allowlist or the network) and starts the gauges.</summary>
    public static WebApplication MapObscuraMetrics(this WebApplication app)
    {
        app.Services.GetRequiredService<ServiceMetrics>();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
