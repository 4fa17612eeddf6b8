using Microsoft.Extensions.DependencyInjection;

namespace Obscura.Service.Operations;

/// <summary>Registers the recurring-operation scheduler (one instance, also a hosted service).</summary>
internal static class RecurringServices
{
    public static IServiceCollection AddRecurringOperations(this IServiceCollection services)
    {
        services.AddSingleton<RecurringScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<RecurringScheduler>());
        return services;
    }
}
