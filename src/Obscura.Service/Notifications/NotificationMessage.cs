namespace Obscura.Service.Notifications;

/// <summary>
/// One notification: a subject, a text (the webhook's <c>text</c> and the e-mail body) and the roles whose recipients
/// get the e-mail. Built from the operation's metadata only — ids, type, environments, roles, user names, status —
/// never a row value, a filter, a config or a secret.
/// </summary>
internal sealed record NotificationMessage(string Subject, string Text, IReadOnlyList<string> Roles);
