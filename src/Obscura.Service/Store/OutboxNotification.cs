namespace Obscura.Service.Store;

/// <summary>
/// One notification waiting in the store's outbox for one channel: <c>webhook:N</c> (the N-th configured webhook,
/// counted from 0; the URL itself is never stored, it may carry a token) or <c>email</c> (to the recipients of
/// <see cref="Roles"/>, looked up when sent).
/// </summary>
public sealed record OutboxNotification
{
    /// <summary>The outbox row; 0 before it is added.</summary>
    public long Id { get; init; }
    /// <summary>The operation it is about.</summary>
    public required long OperationId { get; init; }
    /// <summary><c>webhook:N</c> or <c>email</c>.</summary>
    public required string Channel { get; init; }
    /// <summary>The e-mail subject.</summary>
    public required string Subject { get; init; }
    /// <summary>The webhook text and e-mail body.</summary>
    public required string Text { get; init; }
    /// <summary>The roles whose recipients get the e-mail.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];
    /// <summary>Delivery attempts so far, the current one included once claimed.</summary>
    public int Attempts { get; init; }
    /// <summary>The claim that owns the current attempt.</summary>
    public string? ClaimId { get; init; }
}
