using System.Threading.Channels;

namespace Obscura.Service.Notifications;

/// <summary>
/// Audited service actions that may concern approvers, handed from the request (or worker) to the background
/// <see cref="NotificationDispatcher"/>: enqueueing never waits, so a slow or dead channel never holds up a request.
/// </summary>
internal sealed class NotificationQueue(NotificationSettings settings)
{
    /// <summary>One audited action on an operation.</summary>
    internal sealed record Item(long OperationId, string Action, string Outcome, string Actor, string? Role);

    private readonly Channel<Item> _channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<Item> Reader => _channel.Reader;

    /// <summary>Called for every audited action; keeps those that produce a notification.</summary>
    public void Observe(string actor, string? role, string action, string? target, string outcome)
    {
        if (!settings.Enabled || target is null || !target.StartsWith("operation:", StringComparison.Ordinal)) return;
        if (!long.TryParse(target.AsSpan("operation:".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)) return;
        var wanted = (action, outcome) switch
        {
            ("operation_create" or "operation_update", "ok") => true,
            ("operation_approve" or "operation_reject", "ok") => true,
            ("operation_run", not "started") => true,
            _ => false,
        };
        if (wanted) _channel.Writer.TryWrite(new Item(id, action, outcome, actor, role));
    }
}
