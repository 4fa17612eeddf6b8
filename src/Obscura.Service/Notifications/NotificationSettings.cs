using System.Text.Json;
using Obscura.Core.Diagnostics;

namespace Obscura.Service.Notifications;

/// <summary>
/// Who hears about operations and how: Slack-compatible webhooks and e-mail over SMTP. Secrets (webhook URLs carry
/// tokens, the SMTP password) may be given as <c>env:NAME</c> or <c>file:PATH</c> references, read when a message is
/// sent and never logged. Loaded from the JSON file <c>obscura serve --notifications FILE</c> (snake_case).
/// </summary>
public sealed record NotificationSettings
{
    /// <summary>Webhook URLs (or <c>env:NAME</c> / <c>file:PATH</c> references to them) that get <c>{"text": ...}</c> POSTs.</summary>
    public IReadOnlyList<string> Webhooks { get; init; } = [];
    /// <summary>How long one webhook POST or SMTP session may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Attempts per message and channel (the first included).</summary>
    public int Attempts { get; init; } = 3;
    /// <summary>Wait before the second attempt; doubled before each further one.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>E-mail over SMTP; null: no e-mail.</summary>
    public SmtpSettings? Smtp { get; init; }
    /// <summary>E-mail recipients by role (DBA, DATA_OWNER, SECURITY, MANAGER, REQUESTER, ...).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Recipients { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>The service's address as people reach it (e.g. https://obscura.example.com), for links in messages; null: no links.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>True when any channel is configured.</summary>
    public bool Enabled => Webhooks.Count > 0 || Smtp is not null;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads the settings file.</summary>
    /// <exception cref="ObscuraConfigException">Missing, unreadable or invalid (OBS942).</exception>
    public static NotificationSettings LoadFile(string path)
    {
        if (!File.Exists(path)) throw new ObscuraConfigException($"the notification settings file {path} does not exist");
        try
        {
            var settings = JsonSerializer.Deserialize<NotificationSettings>(File.ReadAllText(path), Json)
                ?? throw new ObscuraConfigException($"the notification settings file {path} is empty");
            settings.Validate();
            return settings;
        }
        catch (JsonException e)
        {
            throw new ObscuraConfigException($"the notification settings file {path} is not valid: {e.Message}");
        }
    }

    /// <summary>Checks every field; every problem is reported at once (OBS942). References are not resolved here.</summary>
    public void Validate()
    {
        var diagnostics = new DiagnosticBag();
        for (var i = 0; i < Webhooks.Count; i++)
        {
            var hook = Webhooks[i];
            if (SecretReference.IsReference(hook)) continue;
            if (!Uri.TryCreate(hook, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                diagnostics.Error($"webhooks[{i}]", DiagnosticCodes.ServiceInvalidNotifications, $"webhook {i + 1} is not an http(s) URL (or env:NAME / file:PATH)");
        }
        if (Timeout <= TimeSpan.Zero) diagnostics.Error("timeout", DiagnosticCodes.ServiceInvalidNotifications, "timeout must be above zero");
        if (Attempts is < 1 or > 10) diagnostics.Error("attempts", DiagnosticCodes.ServiceInvalidNotifications, "attempts must be between 1 and 10");
        if (Backoff < TimeSpan.Zero) diagnostics.Error("backoff", DiagnosticCodes.ServiceInvalidNotifications, "backoff must not be negative");
        if (Smtp is { } smtp)
        {
            if (string.IsNullOrWhiteSpace(smtp.Host)) diagnostics.Error("smtp.host", DiagnosticCodes.ServiceInvalidNotifications, "smtp.host is required");
            if (smtp.Port is < 1 or > 65535) diagnostics.Error("smtp.port", DiagnosticCodes.ServiceInvalidNotifications, "smtp.port must be 1-65535");
            if (string.IsNullOrWhiteSpace(smtp.From) || !MimeKit.MailboxAddress.TryParse(smtp.From, out _))
                diagnostics.Error("smtp.from", DiagnosticCodes.ServiceInvalidNotifications, "smtp.from must be an e-mail address");
            if (smtp.Tls is not ("none" or "starttls" or "ssl" or "auto"))
                diagnostics.Error("smtp.tls", DiagnosticCodes.ServiceInvalidNotifications, "smtp.tls is none, starttls, ssl or auto");
            if (smtp.Password is { } password && !SecretReference.IsReference(password))
                diagnostics.Error("smtp.password", DiagnosticCodes.ServiceInvalidNotifications, "smtp.password must be a reference (env:NAME or file:PATH), never the password itself");
            if (smtp.Password is not null && smtp.Username is null)
                diagnostics.Error("smtp.username", DiagnosticCodes.ServiceInvalidNotifications, "smtp.password is given without smtp.username");
        }
        foreach (var (role, addresses) in Recipients)
            foreach (var address in addresses)
                if (!MimeKit.MailboxAddress.TryParse(address, out _))
                    diagnostics.Error($"recipients.{role}", DiagnosticCodes.ServiceInvalidNotifications, $"a recipient of {role} is not an e-mail address");
        if (PublicUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            diagnostics.Error("public_url", DiagnosticCodes.ServiceInvalidNotifications, "public_url must be an absolute URL");
        diagnostics.ThrowIfErrors("the notification settings are invalid");
    }
}

/// <summary>SMTP delivery of notification e-mails (MailKit).</summary>
public sealed record SmtpSettings
{
    /// <summary>The SMTP server.</summary>
    public string Host { get; init; } = "";
    /// <summary>Its port (587 submission with STARTTLS, 465 TLS, 25 plain).</summary>
    public int Port { get; init; } = 587;
    /// <summary>none, starttls (required), ssl (TLS on connect) or auto (STARTTLS when offered).</summary>
    public string Tls { get; init; } = "starttls";
    /// <summary>The sender address.</summary>
    public string From { get; init; } = "";
    /// <summary>Login name, or null for no authentication.</summary>
    public string? Username { get; init; }
    /// <summary>The password as a reference: <c>env:NAME</c> or <c>file:PATH</c>.</summary>
    public string? Password { get; init; }
}
