using Microsoft.Extensions.DependencyInjection;

namespace Obscura.Service.Notifications;

/// <summary>Registers the notification machinery (queue, senders, background dispatcher) from the service settings.</summary>
internal static class NotificationServices
{
    public static IServiceCollection AddObscuraNotifications(this IServiceCollection services, ServiceSettings settings)
    {
        var notifications = settings.Notifications;
        notifications.Validate();
        services.AddSingleton(notifications);
        services.AddSingleton<NotificationQueue>();
        if (!notifications.Enabled) return services;
        services.AddSingleton(new WebhookSender(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }));
        services.AddHostedService<NotificationDispatcher>();
        services.AddSingleton<NotificationReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationReconciler>());
        return services;
    }
}
