namespace Obscura.Service.Access;

/// <summary>The parsed allowlist and trusted proxies.</summary>
internal sealed record AccessNetworks(NetworkList Allowed, NetworkList Proxies);
