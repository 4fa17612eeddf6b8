namespace Obscura.Service.Store;

/// <summary>
/// A registered database. The password is held only as <see cref="PasswordCipher"/> (AES-256-GCM under the master key)
/// or as a reference (<c>env:NAME</c>, <c>file:PATH</c>) resolved when a run needs it.
/// </summary>
public sealed record DataSourceRecord
{
    /// <summary>Random id (32 hex digits); also the associated data of the password's encryption.</summary>
    public required string Id { get; init; }
    /// <summary>Unique display name.</summary>
    public required string Name { get; init; }
    /// <summary>sqlite, postgres or mysql.</summary>
    public required string Kind { get; init; }
    /// <summary>Server host (server engines).</summary>
    public string? Host { get; init; }
    /// <summary>Server port, when not the default.</summary>
    public int? Port { get; init; }
    /// <summary>Database name, or the file path for SQLite.</summary>
    public required string Database { get; init; }
    /// <summary>User name (server engines).</summary>
    public string? Username { get; init; }
    /// <summary>PROD, UAT, DEV, ...: operations name sources and targets by it; approval rules key on it.</summary>
    public required string Environment { get; init; }
    /// <summary>HRCI, Confidential, Proprietary, Public.</summary>
    public string? Classification { get; init; }
    /// <summary>TLS mode passed to the driver as <c>sslmode</c> (disable, prefer, require, verify-ca, verify-full).</summary>
    public string? TlsMode { get; init; }
    /// <summary>The encrypted password (<c>v1:KEYID:BASE64</c>), or null.</summary>
    public string? PasswordCipher { get; init; }
    /// <summary>A password reference (<c>env:NAME</c> or <c>file:PATH</c>), or null.</summary>
    public string? PasswordRef { get; init; }
    /// <summary>When it was registered.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
