using System.Net.Http.Json;

namespace Obscura.Service.Notifications;

/// <summary>POSTs Slack-compatible <c>{"text": ...}</c> JSON to a webhook.</summary>
internal sealed class WebhookSender(HttpClient http)
{
    /// <summary>Sends once; throws <see cref="DeliveryException"/> on a non-success answer.</summary>
    public async Task SendAsync(string webhook, string text, CancellationToken ct)
    {
        var url = SecretReference.Resolve(webhook);
        using var response = await http.PostAsJsonAsync(url, new { text }, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new DeliveryException($"HTTP {(int)response.StatusCode}");
    }
}
