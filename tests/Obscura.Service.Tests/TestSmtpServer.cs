using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Obscura.Service.Tests;

/// <summary>
/// A small SMTP server on a loopback port for tests: EHLO (offering AUTH PLAIN), AUTH PLAIN, MAIL, RCPT, DATA, RSET,
/// NOOP, QUIT — enough for MailKit. Keeps each message's envelope, DATA and the credentials it was given.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    /// <summary>One received message.</summary>
    public sealed record Message(string From, IReadOnlyList<string> To, string Data, string? AuthUser, string? AuthPassword);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Message> _messages = [];

    public TestSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<Message> Messages
    {
        get
        {
            lock (_messages) return _messages.ToList();
        }
    }

    /// <summary>Waits until <paramref name="match"/> holds for a received message, or fails after 30 s.</summary>
    public async Task<Message> WaitForAsync(Func<Message, bool> match)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if (Messages.FirstOrDefault(match) is { } found) return found;
            await Task.Delay(50);
        }
        Assert.Fail("no such e-mail arrived; received: " + string.Join(" || ", Messages.Select(m => m.Data)));
        return null!;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost test SMTP");
        string? from = null, user = null, password = null;
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-localhost");
                    await writer.WriteLineAsync("250-AUTH PLAIN");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 localhost");
                    break;
                case "AUTH":
                {
                    var parts = line.Split(' ');
                    var payload = parts.Length > 2 ? parts[2] : null;
                    if (payload is null)
                    {
                        await writer.WriteLineAsync("334 ");
                        payload = await reader.ReadLineAsync();
                    }
                    var fields = Encoding.UTF8.GetString(Convert.FromBase64String(payload!)).Split('\0');
                    (user, password) = (fields[1], fields[2]);
                    await writer.WriteLineAsync("235 2.7.0 authenticated");
                    break;
                }
                case "MAIL":
                    from = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('<', '>').Split('>')[0];
                    to.Clear();
                    await writer.WriteLineAsync("250 2.1.0 ok");
                    break;
                case "RCPT":
                    to.Add(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('<', '>').Split('>')[0]);
                    await writer.WriteLineAsync("250 2.1.5 ok");
                    break;
                case "DATA":
                {
                    await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } d && d != ".") data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append('\n');
                    lock (_messages) _messages.Add(new Message(from ?? "", to.ToList(), data.ToString(), user, password));
                    await writer.WriteLineAsync("250 2.0.0 queued");
                    break;
                }
                case "RSET":
                case "NOOP":
                    await writer.WriteLineAsync("250 ok");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 5.5.2 not implemented");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
