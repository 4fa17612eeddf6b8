using System.Security.Cryptography;
using System.Text;
using Obscura.Core.Diagnostics;

namespace Obscura.Engine.Audit;

/// <summary>
/// The secret that signs audit lines with HMAC-SHA256, so someone who can rewrite the whole file still cannot forge a
/// valid log without it. Read from <c>OBSCURA_AUDIT_KEY</c> or a key file; never printed, never written to the log
/// (lines carry only <see cref="KeyId"/>, a truncated one-way hash that tells a wrong key from a forged line).
/// </summary>
public sealed class AuditKey
{
    /// <summary>The environment variable holding the key text.</summary>
    public const string EnvironmentVariable = "OBSCURA_AUDIT_KEY";

    /// <summary>Shortest accepted key text, in characters.</summary>
    public const int MinimumLength = 16;

    private readonly byte[] _key;

    private AuditKey(byte[] key)
    {
        _key = key;
        Span<byte> id = stackalloc byte[32];
        // Domain-separated so the id is never the HMAC of anything the log contains.
        SHA256.HashData([.. "obscura-audit-key-id\n"u8, .. key], id);
        KeyId = Convert.ToHexStringLower(id[..8]);
    }

    /// <summary>Sixteen hex digits identifying the key (a one-way hash of it): written next to each HMAC.</summary>
    public string KeyId { get; }

    /// <summary>A key from its text (surrounding whitespace ignored).</summary>
    /// <exception cref="ObscuraConfigException">The key is shorter than <see cref="MinimumLength"/> characters.</exception>
    public static AuditKey FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length < MinimumLength)
            throw new ObscuraConfigException($"the audit key must have at least {MinimumLength} characters");
        return new AuditKey(Encoding.UTF8.GetBytes(trimmed));
    }

    /// <summary>The key in a file (its text, trimmed).</summary>
    /// <exception cref="ObscuraConfigException">The file is missing, unreadable, empty or too short.</exception>
    public static AuditKey FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ObscuraConfigException($"cannot read the audit key file {path}: {e.Message}", e);
        }
        if (text.Trim().Length == 0) throw new ObscuraConfigException($"the audit key file {path} is empty");
        return FromText(text);
    }

    /// <summary>The key from <c>OBSCURA_AUDIT_KEY</c>, or null when the variable is unset or empty.</summary>
    public static AuditKey? FromEnvironment(Func<string, string?>? environment = null)
    {
        var text = (environment ?? Environment.GetEnvironmentVariable)(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(text) ? null : FromText(text);
    }

    /// <summary>The key file when one is given, else the environment variable, else null (lines are then only hash-chained).</summary>
    public static AuditKey? Resolve(string? keyFile, Func<string, string?>? environment = null) =>
        keyFile is not null ? FromFile(keyFile) : FromEnvironment(environment);

    /// <summary>HMAC-SHA256 of <paramref name="content"/> as lower-case hex.</summary>
    internal string Sign(ReadOnlySpan<byte> content)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, content, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <inheritdoc />
    public override string ToString() => $"AuditKey({KeyId})";
}
