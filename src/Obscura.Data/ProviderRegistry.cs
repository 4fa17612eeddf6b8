using Obscura.Core.Diagnostics;

namespace Obscura.Data;

/// <summary>Providers by URI scheme. Built once with <see cref="ProviderRegistryBuilder"/>; no statics, no reflection.</summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<string, DatabaseProvider> _byName;

    internal ProviderRegistry(Dictionary<string, DatabaseProvider> byName) => _byName = byName;

    /// <summary>Registered providers.</summary>
    public IEnumerable<DatabaseProvider> Providers => _byName.Values;

    /// <summary>A driver error's message as a user may read it (see <see cref="DatabaseProvider.DescribeError"/>).</summary>
    public string DescribeError(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (var provider in _byName.Values)
        {
            if (provider.DescribeError(error) is { } text) return text;
        }
        return error.Message;
    }

    /// <summary>The provider for a URI.</summary>
    /// <exception cref="ObscuraConfigException">No provider handles the scheme.</exception>
    public DatabaseProvider Resolve(DatabaseUri uri) =>
        _byName.TryGetValue(uri.Scheme, out var p)
            ? p
            : throw new ObscuraConfigException($"no provider is registered for '{uri.Scheme}' URIs (have: {string.Join(", ", _byName.Keys)})");
}

/// <summary>Builds a <see cref="ProviderRegistry"/>; provider packages add extension methods (<c>AddPostgres()</c>).</summary>
public sealed class ProviderRegistryBuilder
{
    private readonly Dictionary<string, DatabaseProvider> _byName = new(StringComparer.Ordinal);

    /// <summary>Registers a provider under its <see cref="DatabaseProvider.Name"/>.</summary>
    /// <exception cref="InvalidOperationException">A provider with that name is already registered.</exception>
    public ProviderRegistryBuilder Add(DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (!_byName.TryAdd(provider.Name, provider)) throw new InvalidOperationException($"provider '{provider.Name}' is registered twice");
        return this;
    }

    /// <summary>Builds the registry.</summary>
    public ProviderRegistry Build() => new(new Dictionary<string, DatabaseProvider>(_byName, StringComparer.Ordinal));
}
