using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Obscura.Service.Notifications;

/// <summary>Sends notification e-mail over SMTP with MailKit; the password is read from its reference for each session.</summary>
internal static class EmailSender
{
    /// <summary>Sends one message to every recipient in one SMTP session; throws on failure (SMTP status, never credentials).</summary>
    public static async Task SendAsync(SmtpSettings smtp, IReadOnlyList<string> recipients, string subject, string text, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        foreach (var to in recipients) message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        using var client = new SmtpClient();
        var tls = smtp.Tls switch
        {
            "none" => SecureSocketOptions.None,
            "ssl" => SecureSocketOptions.SslOnConnect,
            "auto" => SecureSocketOptions.Auto,
            _ => SecureSocketOptions.StartTls,
        };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, tls, ct).ConfigureAwait(false);
            if (smtp.Username is { } user)
                await client.AuthenticateAsync(user, smtp.Password is null ? "" : SecretReference.Resolve(smtp.Password), ct).ConfigureAwait(false);
            await client.SendAsync(message, ct).ConfigureAwait(false);
            await client.DisconnectAsync(true, ct).ConfigureAwait(false);
        }
        catch (SmtpCommandException e)
        {
            throw new DeliveryException($"SMTP {(int)e.StatusCode} ({e.ErrorCode})");
        }
        catch (AuthenticationException)
        {
            throw new DeliveryException("SMTP authentication failed");
        }
    }
}
