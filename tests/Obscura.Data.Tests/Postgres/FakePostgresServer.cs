using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Obscura.Data.Tests.Postgres;

/// <summary>
/// A loopback server that speaks just enough of the PostgreSQL protocol to ask for a password and reject it with
/// SQLSTATE 28P01, as a server with password authentication does (the test server trusts loopback connections).
/// </summary>
internal sealed class FakePostgresServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serving;

    public FakePostgresServer()
    {
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The password the client sent, once it has.</summary>
    public string? ReceivedPassword { get; private set; }

    private async Task ServeAsync()
    {
        // The driver may retry on a new connection (e.g. without encryption), so every connection gets the same answer.
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using (client) await AnswerAsync(client.GetStream());
        }
    }

    private async Task AnswerAsync(NetworkStream stream)
    {
        try
        {
            while (true)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(await ReadAsync(stream, 4));
                var body = await ReadAsync(stream, length - 4);
                var code = BinaryPrimitives.ReadInt32BigEndian(body);
                if (code is 80877103 or 80877104)
                {
                    // SSL or GSS encryption request: not supported here.
                    await stream.WriteAsync("N"u8.ToArray());
                    continue;
                }
                break;
            }
            await stream.WriteAsync(Message('R', [0, 0, 0, 3])); // AuthenticationCleartextPassword
            var type = (await ReadAsync(stream, 1))[0];
            var passwordLength = BinaryPrimitives.ReadInt32BigEndian(await ReadAsync(stream, 4));
            var password = await ReadAsync(stream, passwordLength - 4);
            if (type == (byte)'p') ReceivedPassword = Encoding.UTF8.GetString(password).TrimEnd('\0');
            var fields = "SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"alice\"\0\0";
            await stream.WriteAsync(Message('E', Encoding.UTF8.GetBytes(fields)));
            await stream.FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The client hung up or the test is over.
        }
    }

    private static byte[] Message(char type, byte[] payload)
    {
        var message = new byte[5 + payload.Length];
        message[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), payload.Length + 4);
        payload.CopyTo(message, 5);
        return message;
    }

    private static async Task<byte[]> ReadAsync(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Dispose();
    }
}
