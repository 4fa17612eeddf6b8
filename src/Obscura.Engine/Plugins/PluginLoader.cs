using System.Reflection;
using System.Runtime.Loader;
using Obscura.Core.Config;
using Obscura.Core.Diagnostics;
using Obscura.Core.Strategies;
using Obscura.Engine.Strategies;

namespace Obscura.Engine.Plugins;

/// <summary>
/// Loads strategy plug-ins named in <c>plugins:</c> and registers them next to the built-ins. Plug-ins load into the
/// default context so they share Obscura.Core's types with the host; each must expose one <see cref="IStrategyPlugin"/>.
/// </summary>
public static class PluginLoader
{
    /// <summary>A registry with the built-ins plus every plug-in; every problem is reported at once.</summary>
    /// <exception cref="ObscuraConfigException">A plug-in is missing, not an assembly, has no entry point, or reuses a name.</exception>
    public static StrategyRegistry BuildRegistry(IReadOnlyList<PluginReference> plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        var builder = new StrategyRegistryBuilder().AddBuiltIns().AddEngineStrategies();
        var diagnostics = new DiagnosticBag();
        foreach (var plugin in plugins)
        {
            var at = plugin.Location;
            if (!File.Exists(plugin.Path))
            {
                diagnostics.Error(at.Path, DiagnosticCodes.PluginLoadFailed, $"plug-in {plugin.Path} does not exist", at.Line, at.Column);
                continue;
            }
            try
            {
                var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(plugin.Path);
                var entries = assembly.GetExportedTypes()
                    .Where(t => typeof(IStrategyPlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
                    .ToList();
                if (entries.Count != 1)
                {
                    diagnostics.Error(at.Path, DiagnosticCodes.PluginLoadFailed,
                        $"plug-in {Path.GetFileName(plugin.Path)} must have exactly one public class implementing IStrategyPlugin (found {entries.Count})", at.Line, at.Column);
                    continue;
                }
                var entry = (IStrategyPlugin)Activator.CreateInstance(entries[0])!;
                entry.Register(builder);
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or ReflectionTypeLoadException or MissingMethodException
                                           or TargetInvocationException or InvalidOperationException)
            {
                diagnostics.Error(at.Path, DiagnosticCodes.PluginLoadFailed, $"plug-in {Path.GetFileName(plugin.Path)} could not be loaded: {ex.Message}", at.Line, at.Column);
            }
        }
        diagnostics.ThrowIfErrors("the plug-ins cannot be loaded");
        return builder.Build();
    }
}
