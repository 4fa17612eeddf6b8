using Obscura.Core.Strategies;

namespace Obscura.SamplePlugin;

/// <summary>The plug-in's entry point: registers its strategies.</summary>
public sealed class SamplePlugin : IStrategyPlugin
{
    /// <inheritdoc />
    public void Register(StrategyRegistryBuilder builder) => builder.Add(new ReverseStrategy());
}
