namespace Obscura.Service.DataSources;

/// <summary>
/// The body of <c>POST</c>/<c>PATCH /api/data-sources</c>. Give <see cref="Uri"/> or the parts; <see cref="Password"/>
/// is write-only (encrypted at rest, never returned); <see cref="PasswordRef"/> (<c>env:NAME</c>, <c>file:PATH</c>) is
/// resolved only when a run connects. On PATCH, fields left out keep their value.
/// </summary>
public sealed record DataSourceRequest
{
    /// <summary>Unique name.</summary>
    public string? Name { get; init; }
    /// <summary>sqlite, postgres or mysql.</summary>
    public string? Kind { get; init; }
    /// <summary>A connection URI instead of the parts (a password in it is taken out and encrypted).</summary>
    public string? Uri { get; init; }
    /// <summary>Host.</summary>
    public string? Host { get; init; }
    /// <summary>Port.</summary>
    public int? Port { get; init; }
    /// <summary>Database name, or file path for SQLite.</summary>
    public string? Database { get; init; }
    /// <summary>User name.</summary>
    public string? Username { get; init; }
    /// <summary>PROD, UAT, DEV, ...</summary>
    public string? Environment { get; init; }
    /// <summary>HRCI, Confidential, Proprietary, Public.</summary>
    public string? Classification { get; init; }
    /// <summary>disable, prefer, require, verify-ca, verify-full.</summary>
    public string? TlsMode { get; init; }
    /// <summary>The password (write-only).</summary>
    public string? Password { get; init; }
    /// <summary>Where to read the password at run time: <c>env:NAME</c> or <c>file:PATH</c>.</summary>
    public string? PasswordRef { get; init; }
}
