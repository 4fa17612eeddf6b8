using Obscura.Core.Diagnostics;
using Obscura.Service.Security;
using Obscura.Service.Store;

namespace Obscura.Service;

/// <summary>User administration (<c>obscura users ...</c>): tokens are created here, shown once, and stored only as hashes.</summary>
public static class ServiceUsers
{
    /// <summary>Adds a user with <paramref name="roles"/>; returns the user and their token (to show once).</summary>
    /// <exception cref="ObscuraConfigException">The name is empty or taken, or a role is unknown.</exception>
    public static async Task<(ServiceUser User, string Token)> AddAsync(IServiceStore store, string name, IReadOnlyList<string> roles, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(clock);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl) || name.Contains(',', StringComparison.Ordinal))
            throw new ObscuraConfigException("a user name must be 1 to 100 characters without commas or control characters");
        var normalized = roles.Select(r => r.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (normalized.Count == 0) throw new ObscuraConfigException($"give at least one --role: {string.Join(", ", ServiceRoles.All)}");
        if (normalized.FirstOrDefault(r => !ServiceRoles.IsKnown(r)) is { } unknown)
            throw new ObscuraConfigException($"unknown role '{unknown}': use {string.Join(", ", ServiceRoles.All)}");
        if (await store.FindUserAsync(name, cancellationToken).ConfigureAwait(false) is not null) throw new ObscuraConfigException($"a user named '{name}' exists");
        var token = ApiTokens.Create();
        var user = await store.AddUserAsync(name, normalized, ApiTokens.Hash(token), clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return (user, token);
    }

    /// <summary>Gives a user a new token; the old one stops working at once.</summary>
    public static async Task<string> RotateTokenAsync(IServiceStore store, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var token = ApiTokens.Create();
        if (!await store.SetUserTokenAsync(name, ApiTokens.Hash(token), cancellationToken).ConfigureAwait(false)) throw new ObscuraConfigException($"there is no user named '{name}'");
        return token;
    }

    /// <summary>Disables (or enables) a user; their token is refused from the next request on.</summary>
    public static async Task SetDisabledAsync(IServiceStore store, string name, bool disabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!await store.SetUserDisabledAsync(name, disabled, cancellationToken).ConfigureAwait(false)) throw new ObscuraConfigException($"there is no user named '{name}'");
    }
}
