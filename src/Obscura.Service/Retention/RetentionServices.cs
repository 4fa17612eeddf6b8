using Microsoft.Extensions.DependencyInjection;
using Obscura.Service.Store;

namespace Obscura.Service.Retention;

/// <summary>Registers the store's retention sweep (every service and worker process runs it) and the notification event record.</summary>
internal static class RetentionServices
{
    public static IServiceCollection AddStoreRetention(this IServiceCollection services, IServiceStore store, ServiceSettings settings)
    {
        StoreRetentionSweeper.Validate(settings);
        services.AddSingleton((IStoreRetention)store);
        services.AddSingleton((INotificationEventStore)store);
        services.AddSingleton<StoreRetentionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreRetentionSweeper>());
        return services;
    }
}
