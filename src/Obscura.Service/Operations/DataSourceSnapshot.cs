using System.Security.Cryptography;
using System.Text;
using Obscura.Service.Store;

namespace Obscura.Service.Operations;

/// <summary>
/// A data source as an operation's fingerprint saw it, kept with each request version. Never holds the password: only a
/// short digest of its stored form, so a changed (or re-encrypted) password shows as changed without showing anything of it.
/// </summary>
public sealed record DataSourceSnapshot
{
    /// <summary>Id.</summary>
    public required string Id { get; init; }
    /// <summary>Display name.</summary>
    public required string Name { get; init; }
    /// <summary>sqlite, postgres or mysql.</summary>
    public required string Kind { get; init; }
    /// <summary>Server host.</summary>
    public string? Host { get; init; }
    /// <summary>Server port.</summary>
    public int? Port { get; init; }
    /// <summary>Database name or SQLite file.</summary>
    public required string Database { get; init; }
    /// <summary>User name.</summary>
    public string? Username { get; init; }
    /// <summary>PROD, UAT, DEV, ...</summary>
    public required string Environment { get; init; }
    /// <summary>HRCI, Confidential, Proprietary, Public.</summary>
    public string? Classification { get; init; }
    /// <summary>TLS mode.</summary>
    public string? TlsMode { get; init; }
    /// <summary>none, or 12 hex digits of SHA-256 over the encrypted password or reference: differs when the password changed.</summary>
    public required string CredentialDigest { get; init; }

    /// <summary>The snapshot of <paramref name="source"/> as it is now.</summary>
    public static DataSourceSnapshot Of(DataSourceRecord source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var credential = source.PasswordCipher is null && source.PasswordRef is null
            ? "none"
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source.PasswordCipher}\n{source.PasswordRef}")))[..12];
        return new DataSourceSnapshot
        {
            Id = source.Id, Name = source.Name, Kind = source.Kind, Host = source.Host, Port = source.Port, Database = source.Database,
            Username = source.Username, Environment = source.Environment, Classification = source.Classification, TlsMode = source.TlsMode,
            CredentialDigest = credential,
        };
    }

    /// <summary>"name (ENV, kind, classification)".</summary>
    public string Describe() => $"{Name} ({Environment}, {Kind}{(Classification is null ? "" : ", " + Classification)})";
}
