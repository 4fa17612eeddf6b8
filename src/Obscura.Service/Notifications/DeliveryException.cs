namespace Obscura.Service.Notifications;

/// <summary>A delivery the other side refused, worded without the URL, addresses or secrets.</summary>
internal sealed class DeliveryException(string message) : Exception(message);
