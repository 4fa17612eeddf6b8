using Obscura.Core.Strategies;
using Obscura.Data;
using Obscura.Data.MySql;
using Obscura.Data.Postgres;
using Obscura.Data.Sqlite;

namespace Obscura.Engine.Strategies;

/// <summary>
/// Strategies that need the engine: a look at the whole source column first, or stores that outlive the run
/// (token vaults, key mappings). They live here, not in Core, because Core does no I/O.
/// </summary>
public static class EngineStrategies
{
    /// <summary>Adds the engine's strategies to a builder that already has the built-ins.</summary>
    public static StrategyRegistryBuilder AddEngineStrategies(this StrategyRegistryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Vaults and mapping stores are reached through their own provider registry (same providers as the runtime's).
        var stores = new ProviderRegistryBuilder().AddSqlite().AddPostgres().AddMySql().Build();
        return builder
            .Add(new ShuffleStrategy())
            .Add(new SuppressRareStrategy())
            .Add(new TokenizeStrategy(stores))
            .Add(new RemapStrategy(stores));
    }
}
