using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Obscura.Service.Tests;

/// <summary>
/// The host builder <see cref="ServeFactory"/> gives WebApplicationFactory. <see cref="Build"/> runs an assembly's
/// entry point with a real command line (<c>serve --store ...</c>) on its own thread; when that command builds its host,
/// the factory's configuration (test server or Kestrel, replaced services) is applied to it through the hosting
/// diagnostic events ("HostBuilding", "HostBuilt"), and the host is returned.
/// </summary>
/// <remarks>
/// WebApplicationFactory's own resolver does the same but can only hand Main <c>--key=value</c> host settings, which
/// cannot name a subcommand. Host configuration from the factory (environment, content root) is not forwarded: the
/// command runs with the host settings it has outside tests, and WebApplicationBuilder refuses changes to them anyway.
/// </remarks>
internal sealed class EntryPointHostBuilder(MethodInfo entryPoint, string[] arguments, TimeSpan timeout) : IHostBuilder
{
    private static readonly AsyncLocal<EntryPointHostBuilder?> Current = new();
    private readonly ConfigurationManager _hostConfiguration = new();
    private Action<IHostBuilder> _replay = _ => { };

    public IDictionary<object, object> Properties { get; } = new Dictionary<object, object>();

    public IHostBuilder ConfigureHostConfiguration(Action<IConfigurationBuilder> configureDelegate)
    {
        configureDelegate(_hostConfiguration);
        return this;
    }

    public IHostBuilder ConfigureAppConfiguration(Action<HostBuilderContext, IConfigurationBuilder> configureDelegate)
    {
        _replay += b => b.ConfigureAppConfiguration(configureDelegate);
        return this;
    }

    public IHostBuilder ConfigureServices(Action<HostBuilderContext, IServiceCollection> configureDelegate)
    {
        _replay += b => b.ConfigureServices(configureDelegate);
        return this;
    }

    public IHostBuilder ConfigureContainer<TContainerBuilder>(Action<HostBuilderContext, TContainerBuilder> configureDelegate)
    {
        _replay += b => b.ConfigureContainer(configureDelegate);
        return this;
    }

    public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory) where TContainerBuilder : notnull
    {
        _replay += b => b.UseServiceProviderFactory(factory);
        return this;
    }

    public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(Func<HostBuilderContext, IServiceProviderFactory<TContainerBuilder>> factory) where TContainerBuilder : notnull
    {
        _replay += b => b.UseServiceProviderFactory(factory);
        return this;
    }

    /// <summary>Runs the entry point and returns the host its command builds (started by the command itself, see <see cref="EntryPointHost"/>).</summary>
    public IHost Build()
    {
        var built = new TaskCompletionSource<IHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var observer = new HostingObserver(this, built);
        using var subscription = DiagnosticListener.AllListeners.Subscribe(observer);
        var thread = new Thread(() =>
        {
            // Only hosts built on this flow are ours (tests build other hosts at the same time).
            Current.Value = this;
            try
            {
                var code = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [arguments]) as int? ?? 0;
                built.TrySetException(new InvalidOperationException($"obscura {string.Join(' ', arguments.Take(1))} exited with code {code} without building a host (its error is on stderr)"));
                exited.TrySetResult(code);
            }
            catch (TargetInvocationException e)
            {
                built.TrySetException(e.InnerException ?? e);
                exited.TrySetException(e.InnerException ?? e);
            }
        })
        {
            IsBackground = true,
            Name = "obscura entry point",
        };
        thread.Start();
        try
        {
            if (!built.Task.Wait(timeout)) throw new TimeoutException($"the entry point built no host within {timeout}");
        }
        catch (AggregateException) when (built.Task.IsCompleted)
        {
            // Thrown unwrapped just below.
        }
        return new EntryPointHost(built.Task.GetAwaiter().GetResult(), exited.Task);
    }

    private sealed class HostingObserver(EntryPointHostBuilder owner, TaskCompletionSource<IHost> built)
        : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private IDisposable? _subscription;

        public void OnNext(DiagnosticListener value)
        {
            if (Current.Value == owner && value.Name == "Microsoft.Extensions.Hosting") _subscription = value.Subscribe(this);
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (Current.Value != owner) return;
            if (value.Key == "HostBuilding" && value.Value is IHostBuilder builder)
            {
                foreach (var (key, item) in owner.Properties) builder.Properties[key] = item;
                owner._replay(builder);
            }
            else if (value.Key == "HostBuilt" && value.Value is IHost host)
            {
                built.TrySetResult(host);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose() => _subscription?.Dispose();
    }

    /// <summary>
    /// The command's host as WebApplicationFactory sees it. The command starts and stops its host itself, as it does
    /// outside tests: starting waits for it to have started; stopping asks it to stop (as Ctrl-C does) and waits until
    /// the command has returned, so its store and audit log are closed before the test drops databases.
    /// </summary>
    private sealed class EntryPointHost(IHost host, Task<int> exited) : IHost, IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async Task StartAsync(CancellationToken cancellationToken = default)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => started.TrySetResult());
            if (await Task.WhenAny(started.Task, exited).WaitAsync(cancellationToken).ConfigureAwait(false) == exited)
                throw new InvalidOperationException($"the command exited with code {await exited.ConfigureAwait(false)} before its host started");
        }

        public async Task StopAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                if (!exited.IsCompleted) host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            }
            catch (ObjectDisposedException)
            {
                // The command has just disposed its host: it is returning already.
            }
            await exited.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        }

        public void Dispose() => StopAsync().GetAwaiter().GetResult();

        public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
    }
}
