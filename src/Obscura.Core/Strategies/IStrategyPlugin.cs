namespace Obscura.Core.Strategies;

/// <summary>
/// The entry point of a strategy plug-in assembly. A plug-in is a .NET class library that references Obscura.Core,
/// defines <see cref="StrategyDefinition"/> subclasses, and has one public class implementing this interface with a
/// parameterless constructor. List its .dll under <c>plugins:</c> in <c>obscura.yaml</c>; see docs/plugins.md.
/// </summary>
public interface IStrategyPlugin
{
    /// <summary>Adds the plug-in's strategies. A name that is already taken fails the run before anything is written.</summary>
    void Register(StrategyRegistryBuilder builder);
}
