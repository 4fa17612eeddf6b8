using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obscura.Service.Store;

namespace Obscura.Service.Tests;

/// <summary>
/// <c>obscura serve</c> under WebApplicationFactory: the real entry point parses a real command line (store, workers,
/// master key, run secret, notifications file, audit log, data directory) and builds the real host; the factory serves
/// it on the in-memory test server or on real Kestrel at a loopback port, and replaces the clock with one the test moves.
/// </summary>
public sealed class ServeFactory : WebApplicationFactory<Program>
{
    private readonly string[] _arguments;

    private ServeFactory(string directory, string store, string[] arguments)
    {
        Directory = directory;
        Store = store;
        _arguments = arguments;
    }

    /// <summary>The temp directory holding the master key, run secret, audit log and data directory.</summary>
    public string Directory { get; }

    /// <summary>The <c>--store</c> the command was given.</summary>
    public string Store { get; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public CapturedLogs Logs { get; } = new();

    /// <summary>True when served by Kestrel on a loopback port.</summary>
    public bool Kestrel { get; private set; }

    /// <summary>
    /// Starts <c>obscura serve --store <paramref name="store"/></c> (null: an embedded SQLite store in its temp
    /// directory) with <paramref name="extra"/> arguments, on Kestrel (loopback, port 0) or the test server;
    /// <paramref name="notifications"/> is written to the file given as <c>--notifications</c> (snake_case JSON, as users write it).
    /// </summary>
    public static async Task<ServeFactory> StartAsync(string? store, bool kestrel, object? notifications = null, params string[] extra)
    {
        var dir = Path.Combine(Path.GetTempPath(), "obscura-serve-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        store ??= "sqlite:" + Path.Combine(dir, "service.db");
        var keyFile = Path.Combine(dir, "master.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var secretFile = Path.Combine(dir, "run.secret");
        await File.WriteAllTextAsync(secretFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        List<string> arguments =
        [
            "serve", "--store", store, "--urls", "http://127.0.0.1:0", "--master-key-file", keyFile, "--secret-file", secretFile,
            "--audit-log", Path.Combine(dir, "audit.jsonl"), "--data-dir", Path.Combine(dir, "data"),
        ];
        if (notifications is not null)
        {
            var file = Path.Combine(dir, "notify.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(notifications));
            arguments.AddRange(["--notifications", file]);
        }
        arguments.AddRange(extra);
        var factory = new ServeFactory(dir, store, [.. arguments]);
        if (kestrel) factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        factory.Kestrel = kestrel;
        try
        {
            factory.StartServer();
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
        return factory;
    }

    protected override IHostBuilder CreateHostBuilder() =>
        new EntryPointHostBuilder(typeof(Program).Assembly.EntryPoint!, _arguments, TimeSpan.FromMinutes(2));

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.AddLogging(l => l.AddProvider(Logs));
    });

    /// <summary>The service's store, as the host opened it.</summary>
    public IServiceStore ServiceStore => Services.GetRequiredService<IServiceStore>();

    /// <summary>Where Kestrel listens (a factory started with kestrel: true).</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// A client sending <paramref name="token"/> (none: anonymous): a plain <see cref="HttpClient"/> on the real port
    /// under Kestrel, the test server's client otherwise.
    /// </summary>
    public HttpClient ClientFor(string? token)
    {
        var client = Kestrel ? new HttpClient { BaseAddress = Address } : CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Registers a data source through the API and returns its id.</summary>
    public static async Task<string> DataSourceAsync(HttpClient admin, object body)
    {
        var response = await ServiceFixture.PostAsync(admin, "/api/data-sources", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Adds a user as <c>obscura users add</c> does and returns their token.</summary>
    public async Task<string> TokenAsync(string name, params string[] roles)
    {
        using var store = ServiceStores.Open(Store);
        return (await ServiceUsers.AddAsync(store, name, roles, Clock, CancellationToken.None)).Token;
    }

    /// <summary>Adds a user as <c>obscura users add</c> does (its own connection to the store) and returns a client with their token.</summary>
    public async Task<HttpClient> UserAsync(string name, params string[] roles) => ClientFor(await TokenAsync(name, roles));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
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
