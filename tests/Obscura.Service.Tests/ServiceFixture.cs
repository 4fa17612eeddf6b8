using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Obscura.Engine;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// One service per test: its own SQLite store, audit log, data directory and master key in a temp directory, a clock
/// the test moves, every log line captured, and the real Engine services behind it (served by the ASP.NET Core test server).
/// </summary>
public sealed class ServiceFixture : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private ServiceFixture(string directory, WebApplication app, ManualClock clock, CapturedLogs logs, ServiceSettings settings)
    {
        Directory = directory;
        App = app;
        Clock = clock;
        Logs = logs;
        Settings = settings;
    }

    public string Directory { get; }
    public WebApplication App { get; }
    public ManualClock Clock { get; }
    public CapturedLogs Logs { get; }
    public ServiceSettings Settings { get; }
    private bool Kestrel { get; init; }
    public IServiceStore Store => App.Services.GetRequiredService<IServiceStore>();
    public string StorePath => Settings.Store["sqlite:".Length..];

    /// <summary>Every byte of the store (database, WAL and shared-memory files) as Latin-1 text, to search for secrets.</summary>
    public string StoreFilesText()
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in System.IO.Directory.GetFiles(Path.GetDirectoryName(StorePath)!, Path.GetFileName(StorePath) + "*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            text.Append(reader.ReadToEnd());
        }
        return text.ToString();
    }

    /// <summary>
    /// Starts a service; <paramref name="kestrel"/> serves it on a real loopback port (for a browser) instead of the test
    /// server; <paramref name="services"/> adds or replaces services.
    /// </summary>
    public static async Task<ServiceFixture> StartAsync(Func<ServiceSettings, ServiceSettings>? adjust = null, bool kestrel = false, Action<IServiceCollection>? services = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-service-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var keyFile = Path.Combine(dir, "master.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var secretFile = Path.Combine(dir, "run.secret");
        await File.WriteAllTextAsync(secretFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        var settings = new ServiceSettings
        {
            Store = "sqlite:" + Path.Combine(dir, "service.db"),
            AuditPath = Path.Combine(dir, "audit.jsonl"),
            DataDirectory = Path.Combine(dir, "data"),
            MasterKeyFile = keyFile,
            SecretFile = secretFile,
            PollInterval = TimeSpan.FromMilliseconds(200),
            Workers = 2,
            DefaultParallelWorkers = 2,
        };
        settings = adjust?.Invoke(settings) ?? settings;
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var logs = new CapturedLogs();
        var app = await ObscuraServiceHost.BuildAsync(settings, ObscuraRuntime.CreateDefault(), configure: b =>
        {
            if (kestrel) Microsoft.AspNetCore.Hosting.WebHostBuilderKestrelExtensions.UseKestrel(b.WebHost, k => k.Listen(System.Net.IPAddress.Loopback, 0));
            else b.WebHost.UseTestServer();
            services?.Invoke(b.Services);
            b.Logging.SetMinimumLevel(LogLevel.Trace);
            b.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Trace);
            b.Logging.AddProvider(logs);
        }, clock: clock);
        await app.StartAsync();
        return new ServiceFixture(dir, app, clock, logs, settings) { Kestrel = kestrel };
    }

    /// <summary>The address Kestrel listens on (a service started with kestrel: true).</summary>
    public Uri BaseAddress => new(App.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

    /// <summary>A client without a token.</summary>
    public HttpClient Anonymous() => Kestrel ? new HttpClient { BaseAddress = BaseAddress } : App.GetTestClient();

    /// <summary>A client sending <paramref name="token"/>.</summary>
    public HttpClient Client(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Adds a user and returns a client with their token.</summary>
    public async Task<HttpClient> UserAsync(string name, params string[] roles)
    {
        var (_, token) = await ServiceUsers.AddAsync(Store, name, roles, Clock, CancellationToken.None);
        return Client(token);
    }

    public async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>POSTs JSON and returns the response.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, object body) => client.PatchAsJsonAsync(url, body, Json);

    /// <summary>Registers a data source through the API and returns its id.</summary>
    public async Task<string> DataSourceAsync(HttpClient admin, object body)
    {
        var response = await PostAsync(admin, "/api/data-sources", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls an operation until <paramref name="done"/> holds for its status, or fails after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> WaitForAsync(HttpClient client, long id, Func<string, bool> done, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var op = await JsonAsync(await client.GetAsync($"/api/database-operations/{id}"));
            if (done(op.GetProperty("status").GetString()!)) return op;
            if (DateTime.UtcNow > until) Assert.Fail($"operation {id} is still {op.GetProperty("status").GetString()}: {op}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Waits for the audit record of an operation's end: the worker appends it just after storing the final status, so a
    /// test that has seen the status may still be a moment ahead of it.
    /// </summary>
    public Task WaitForRunAuditAsync(long id, string outcome) =>
        Eventually.UntilAsync(async () => (await Store.QueryAuditAsync(new Store.AuditQuery { Target = $"operation:{id}" }, CancellationToken.None))
            .Any(a => a.Action == "operation_run" && a.Outcome == outcome), TimeSpan.FromSeconds(30), $"no operation_run {outcome} audit record for operation {id}");

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pooled connection: the temp directory is cleaned with the machine's temp.
        }
    }
}
