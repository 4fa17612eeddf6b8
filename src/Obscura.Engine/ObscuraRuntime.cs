using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Data.MySql;
using Obscura.Data.Postgres;
using Obscura.Data.Sqlite;
using Obscura.Engine.Strategies;

namespace Obscura.Engine;

/// <summary>
/// The composition root shared by the CLI and (later) the service: providers, strategies and the clock.
/// Built once per process; no static registries.
/// </summary>
public sealed class ObscuraRuntime
{
    /// <summary>Creates a runtime from its parts (tests inject a fake clock).</summary>
    public ObscuraRuntime(ProviderRegistry providers, StrategyRegistry strategies, TimeProvider clock)
    {
        Providers = providers;
        Strategies = strategies;
        Clock = clock;
    }

    /// <summary>Database providers by URI scheme.</summary>
    public ProviderRegistry Providers { get; }
    /// <summary>Anonymization strategies by name.</summary>
    public StrategyRegistry Strategies { get; }
    /// <summary>The clock for timestamps in summaries (never used for anything that must be reproducible).</summary>
    public TimeProvider Clock { get; }

    /// <summary>SQLite, PostgreSQL and MariaDB/MySQL, the built-in strategies, the system clock.</summary>
    public static ObscuraRuntime CreateDefault() => new(
        new ProviderRegistryBuilder().AddSqlite().AddPostgres().AddMySql().Build(),
        new StrategyRegistryBuilder().AddBuiltIns().AddEngineStrategies().Build(),
        TimeProvider.System);

    /// <summary>This runtime with the config's strategy plug-ins added (itself when the config names none).</summary>
    public ObscuraRuntime WithPlugins(IReadOnlyList<Core.Config.PluginReference> plugins) =>
        plugins.Count == 0 ? this : new ObscuraRuntime(Providers, Plugins.PluginLoader.BuildRegistry(plugins), Clock);

    /// <summary>Resolves a URI to an endpoint (provider + connection pool). Dispose it when done.</summary>
    public DatabaseEndpoint Connect(DatabaseUri uri) => new(uri, Providers.Resolve(uri));
}
