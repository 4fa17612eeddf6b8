using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Obscura.Service.Tests;

/// <summary>
/// A webhook receiver on a real Kestrel loopback port: <c>/hook</c> answers 200; <c>/flaky</c> answers 500 to its first
/// call and 200 after; <c>/gate</c> answers 503 until <see cref="GateOpen"/> is set. Keeps every JSON body it accepted.
/// </summary>
public sealed class TestWebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Path, string Text)> _received = [];
    private int _flakyCalls;

    private TestWebhookListener(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>While false, <c>/gate</c> refuses (503) what it is sent.</summary>
    public bool GateOpen { get; set; }

    /// <summary>Calls to /flaky so far (failed ones included).</summary>
    public int FlakyCalls => Volatile.Read(ref _flakyCalls);

    public IReadOnlyList<(string Path, string Text)> Received
    {
        get
        {
            lock (_received) return _received.ToList();
        }
    }

    public static async Task<TestWebhookListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new TestWebhookListener(app);
        app.MapPost("/hook", async (HttpRequest request) => { await listener.KeepAsync("/hook", request); return Results.Ok(); });
        app.MapPost("/flaky", async (HttpRequest request) =>
        {
            if (Interlocked.Increment(ref listener._flakyCalls) == 1) return Results.StatusCode(500);
            await listener.KeepAsync("/flaky", request);
            return Results.Ok();
        });
        app.MapPost("/gate", async (HttpRequest request) =>
        {
            if (!listener.GateOpen) return Results.StatusCode(503);
            await listener.KeepAsync("/gate", request);
            return Results.Ok();
        });
        await app.StartAsync();
        listener.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return listener;
    }

    private async Task KeepAsync(string path, HttpRequest request)
    {
        using var doc = await JsonDocument.ParseAsync(request.Body);
        var text = doc.RootElement.GetProperty("text").GetString()!;
        lock (_received) _received.Add((path, text));
    }

    /// <summary>Waits until a message on <paramref name="path"/> contains every one of <paramref name="parts"/>, or fails after 30 s.</summary>
    public async Task<string> WaitForAsync(string path, params string[] parts)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            var hit = Received.FirstOrDefault(r => r.Path == path && parts.All(p => r.Text.Contains(p, StringComparison.Ordinal)));
            if (hit.Text is not null) return hit.Text;
            await Task.Delay(50);
        }
        Assert.Fail($"no webhook on {path} with [{string.Join(", ", parts)}]; received: {string.Join(" || ", Received.Select(r => r.Path + ": " + r.Text))}");
        return "";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
