using Microsoft.Extensions.DependencyInjection;
using Obscura.Service.Operations;
using Obscura.Service.Retention;

namespace Obscura.Service.Store;

/// <summary>Registers the store's parts that several service processes share: recurring occurrences, report files, the notification outbox.</summary>
internal static class SharedStateServices
{
    public static IServiceCollection AddSharedStoreState(this IServiceCollection services, IServiceStore store, ServiceSettings settings)
    {
        ReportPublisher.Validate(settings);
        services.AddSingleton((IRecurringRunStore)store);
        services.AddSingleton((IReportFileStore)store);
        services.AddSingleton((INotificationOutbox)store);
        services.AddSingleton<ReportPublisher>();
        services.AddStoreRetention(store, settings);
        return services;
    }
}
