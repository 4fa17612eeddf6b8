namespace Obscura.Service.Store;

/// <summary>A user of the service: name, roles, and whether the account is disabled. The token hash never leaves the store.</summary>
public sealed record ServiceUser(long Id, string Name, IReadOnlyList<string> Roles, bool Disabled, DateTimeOffset CreatedAt);
