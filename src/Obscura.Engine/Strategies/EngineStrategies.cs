using Obscura.Core.Strategies;

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
        return builder;
    }
}
